// Saved audiences (issue 17): a named explorer filter plus contact rules. The members are always
// those the filter keeps now (the explorer's own query, filteredActors); the member list of the
// last opening is kept to tell what changed since.
import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely';
import { actorFilterSchema, formatActorFilter, type ActorFilter } from '../../schemas/actor-filter';
import { segmentSchema, type ConsentChannel } from '../../schemas/promotion';
import { recordAudit, type AuditActor } from '../audit';
import type { Database } from '../db/schema';
import { filteredActors } from './actor-list';
import { refuse, refuseInvalid, type Outcome } from './outcome';

export interface Segment {
	id: number;
	nom: string;
	filter: ActorFilter;
	roles: string[];
	channel: ConsentChannel | null;
	last_member_ids: number[] | null;
	last_opened_at: Date | null;
}

type Db = Kysely<Database> | Transaction<Database>;

/** The segment's filter as an explorer query string (the « voir sur la carte » link). */
export function segmentQuery(segment: Pick<Segment, 'filter'>): string {
	return formatActorFilter(segment.filter).toString();
}

export async function createSegment(db: Kysely<Database>, who: AuditActor, input: unknown): Promise<Outcome<{ id: number }>> {
	const parsed = segmentSchema.safeParse(input);
	if (!parsed.success) return refuseInvalid(parsed.error);
	const { nom, filter, roles, channel } = parsed.data;
	return db.transaction().execute(async (tx) => {
		const row = await tx
			.insertInto('segment')
			.values({ nom: nom as string, filter: JSON.stringify(filter), roles, channel, created_by: who.id > 0 ? who.id : null })
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(tx, who, {
			action: 'create',
			entity: 'segment',
			entityId: row.id,
			after: { nom, filtre: segmentQuery({ filter }), roles, channel }
		});
		return { ok: true as const, id: row.id };
	});
}

export async function deleteSegment(db: Kysely<Database>, who: AuditActor, id: number): Promise<Outcome<object>> {
	return db.transaction().execute(async (tx) => {
		const row = await tx.deleteFrom('segment').where('id', '=', id).returning(['nom']).executeTakeFirst();
		if (!row) return refuse(404, 'audience introuvable', 'id');
		await recordAudit(tx, who, { action: 'delete', entity: 'segment', entityId: id, before: { nom: row.nom } });
		return { ok: true as const };
	});
}

function toSegment(row: {
	id: number;
	nom: string;
	filter: unknown;
	roles: string[];
	channel: ConsentChannel | null;
	last_member_ids: number[] | null;
	last_opened_at: Date | null;
}): Segment {
	return { ...row, filter: actorFilterSchema.parse(typeof row.filter === 'string' ? JSON.parse(row.filter) : row.filter) };
}

export async function getSegment(db: Db, id: number): Promise<Segment | null> {
	const row = await db
		.selectFrom('segment')
		.select(['id', 'nom', 'filter', 'roles', 'channel', 'last_member_ids', 'last_opened_at'])
		.where('id', '=', id)
		.executeTakeFirst();
	return row ? toSegment(row) : null;
}

export async function listSegments(db: Db): Promise<Segment[]> {
	const rows = await db
		.selectFrom('segment')
		.select(['id', 'nom', 'filter', 'roles', 'channel', 'last_member_ids', 'last_opened_at'])
		.orderBy('nom')
		.execute();
	return rows.map(toSegment);
}

/** The ids of the actors the segment's filter keeps now. */
export async function segmentMemberIds(db: Db, segment: Pick<Segment, 'filter'>): Promise<number[]> {
	const rows = await (await filteredActors(db as Kysely<Database>, segment.filter)).select('a.id').orderBy('a.id').execute();
	return rows.map((r) => r.id);
}

/** SHA-256 of an address as the unsubscription list stores it (lower case). */
export const emailHashSql = (column: string) => sql<string>`encode(sha256(convert_to(lower(${sql.ref(column)}), 'UTF8')), 'hex')`;

export interface Recipient {
	email: string;
	contact_id: number;
	nom: string;
	actor_id: number;
}

/**
 * Who a message to the segment reaches: contact persons of its members with an address, whose
 * role matches one of the segment's roles (any role when none), with the channel's consent granted
 * (when the segment names a channel), never an address that unsubscribed from the channel. One
 * recipient per address (the first contact record).
 */
export async function segmentRecipients(db: Db, segment: Pick<Segment, 'filter' | 'roles' | 'channel'>): Promise<Recipient[]> {
	const members = (await filteredActors(db as Kysely<Database>, segment.filter)).select('a.id');
	const patterns = segment.roles.map((r) => `%${r.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
	const channel = segment.channel;
	const rows = await db
		.selectFrom('contact as c')
		.select(['c.email', 'c.id as contact_id', 'c.nom', 'c.actor_id'])
		.distinctOn(sql`lower(c.email)`)
		.where('c.actor_id', 'in', members)
		.where('c.email', 'is not', null)
		.where('c.email', '<>', '')
		.$if(patterns.length > 0, (q) => q.where(sql<SqlBool>`lower(coalesce(c.role, '')) LIKE ANY (${sql.val(patterns)}::text[])`))
		.$if(channel !== null, (q) =>
			q
				.where(({ exists, selectFrom }) =>
					exists(
						selectFrom('contact_consent as k')
							.select('k.id')
							.whereRef('k.contact_id', '=', 'c.id')
							.where('k.channel', '=', channel!)
							.where('k.status', '=', 'accorde')
					)
				)
				.where(({ not, exists, selectFrom }) =>
					not(
						exists(
							selectFrom('unsubscription as u')
								.select('u.at')
								.where('u.channel', '=', channel!)
								.whereRef('u.email_hash', '=', emailHashSql('c.email'))
						)
					)
				)
		)
		.orderBy(sql`lower(c.email)`)
		.orderBy('c.id')
		.execute();
	return rows.map((r) => ({ ...r, email: r.email! }));
}

export interface SegmentOpening {
	segment: Segment;
	memberIds: number[];
	/** Since the last opening (null on the first one). */
	added: number[] | null;
	removed: number[] | null;
}

/** Opens a segment: its members now, who came and went since the last opening, which it records. */
export async function openSegment(db: Kysely<Database>, id: number): Promise<SegmentOpening | null> {
	return db.transaction().execute(async (tx) => {
		const segment = await getSegment(tx, id);
		if (!segment) return null;
		const memberIds = await segmentMemberIds(tx, segment);
		const before = segment.last_member_ids;
		const now = new Set(memberIds);
		const was = new Set(before ?? []);
		await tx.updateTable('segment').set({ last_member_ids: memberIds, last_opened_at: new Date() }).where('id', '=', id).execute();
		return {
			segment,
			memberIds,
			added: before ? memberIds.filter((m) => !was.has(m)) : null,
			removed: before ? before.filter((m) => !now.has(m)) : null
		};
	});
}
