// Reading the audit log (admins only): the rows, filtered by kind of event, with the names the
// journal's sentences need (who, the actor, the account, the trip, the territory), looked up in
// one query per kind of object rather than one per row.
import { sql, type Kysely } from 'kysely';
import {
	AUDIT_CATEGORY_ENTITIES,
	KNOWN_AUDIT_ENTITIES,
	SIGN_IN_ACTIONS,
	auditCategory,
	auditSentence,
	isSignIn,
	shortPersonName,
	type AuditCategory
} from '../../domain/audit-sentence';
import type { AuditEntryDto } from '../../dto/audit';
import type { Database } from '../db/schema';

/** Entries whose subject is a territory named by the level and code of their values. */
const TERRITORY_ENTITIES = new Set(['portrait_share', 'target']);

export interface AuditFilter {
	/** A kind of event (domain/audit-sentence); none: all but the sign-ins. */
	category?: AuditCategory;
	/** The sign-ins tab: only the sign-ins, logouts and password changes. */
	signIns?: boolean;
	/** A raw `entity` value (older links of the journal, the CSV export). */
	entity?: string;
	user?: string;
	/** Only entries older than this id (the next page). */
	beforeId?: number;
	limit?: number;
}

export function listAudit(db: Kysely<Database>, filter: AuditFilter = {}) {
	const signInActions = [...SIGN_IN_ACTIONS];
	const category = filter.category;
	return db
		.selectFrom('audit_log')
		.leftJoin('app_user as author', 'author.id', 'audit_log.user_id')
		.select([
			'audit_log.id',
			'audit_log.at',
			'audit_log.user_email',
			'author.nom as user_nom',
			'audit_log.action',
			'audit_log.entity',
			'audit_log.entity_id',
			'audit_log.before',
			'audit_log.after'
		])
		.$if(filter.signIns === true, (q) => q.where('audit_log.entity', '=', 'app_user').where('audit_log.action', 'in', signInActions))
		.$if(filter.signIns === false, (q) =>
			q.where((eb) => eb.or([eb('audit_log.entity', '!=', 'app_user'), eb('audit_log.action', 'not in', signInActions)]))
		)
		.$if(!!category && category !== 'autres', (q) =>
			q.where('audit_log.entity', 'in', [...AUDIT_CATEGORY_ENTITIES[category as Exclude<AuditCategory, 'autres'>]])
		)
		.$if(category === 'autres', (q) => q.where('audit_log.entity', 'not in', KNOWN_AUDIT_ENTITIES))
		.$if(!!filter.entity, (q) => q.where('audit_log.entity', '=', filter.entity!))
		.$if(!!filter.user, (q) => q.where('audit_log.user_email', '=', filter.user!))
		.$if(filter.beforeId !== undefined, (q) => q.where('audit_log.id', '<', filter.beforeId!))
		.orderBy('audit_log.id', 'desc')
		.limit(filter.limit ?? 200)
		.execute();
}

type AuditRow = Awaited<ReturnType<typeof listAudit>>[number];

const record = (value: unknown): Record<string, unknown> =>
	value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** A positive integer id out of a text id or a JSON value; null otherwise. */
function idOf(value: unknown): number | null {
	const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : NaN;
	return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** The actor an entry is about besides its subject (a trip's visit or removed stop; an accompaniment's structure). */
function relatedActorId(row: AuditRow): number | null {
	if (row.entity === 'trip' || row.entity === 'accompaniment') return idOf(record(row.after).actor_id) ?? idOf(record(row.before).actor_id);
	return null;
}

async function namesById<T extends { id: number }>(
	ids: Set<number>,
	load: (ids: number[]) => Promise<T[]>,
	name: (row: T) => string | null
) {
	const names = new Map<number, string | null>();
	if (ids.size) for (const row of await load([...ids])) names.set(row.id, name(row));
	return names;
}

/** The journal's entries: the rows of `listAudit` worded (domain/audit-sentence), names looked up. */
export async function auditEntries(db: Kysely<Database>, filter: AuditFilter = {}): Promise<AuditEntryDto[]> {
	const rows = await listAudit(db, filter);
	const ids = { actor: new Set<number>(), app_user: new Set<number>(), trip: new Set<number>(), accompaniment: new Set<number>() };
	const territories = new Map<string, string | null>();
	for (const row of rows) {
		const id = idOf(row.entity_id);
		if (id !== null && row.entity in ids) ids[row.entity as keyof typeof ids].add(id);
		const actorId = relatedActorId(row);
		if (actorId !== null) ids.actor.add(actorId);
		if (TERRITORY_ENTITIES.has(row.entity)) {
			const share = { ...record(row.before), ...record(row.after) };
			if (typeof share.level === 'string' && typeof share.code === 'string') territories.set(`${share.level}:${share.code}`, null);
		}
	}
	// An accompaniment names its structure.
	const accompanimentActor = await namesById(
		ids.accompaniment,
		(list) => db.selectFrom('accompaniment').select(['id', 'actor_id']).where('id', 'in', list).execute(),
		(row) => String(row.actor_id)
	);
	for (const actorId of accompanimentActor.values()) if (actorId) ids.actor.add(Number(actorId));
	const [actors, users, trips] = await Promise.all([
		namesById(
			ids.actor,
			(list) => db.selectFrom('actor').select(['id', 'nom']).where('id', 'in', list).execute(),
			(r) => r.nom
		),
		namesById(
			ids.app_user,
			(list) => db.selectFrom('app_user').select(['id', 'nom', 'email']).where('id', 'in', list).execute(),
			(r) => shortPersonName(r.nom, r.email)
		),
		namesById(
			ids.trip,
			(list) => db.selectFrom('trip').select(['id', 'name']).where('id', 'in', list).execute(),
			(r) => r.name
		)
	]);
	if (territories.size) {
		const keys = [...territories.keys()];
		const found = await db
			.selectFrom('territory')
			.select(['level', 'code', 'nom'])
			.where(sql<string>`level || ':' || code`, 'in', keys)
			.execute();
		for (const t of found) territories.set(`${t.level}:${t.code}`, t.nom);
	}

	return rows.map((row) => {
		const id = idOf(row.entity_id);
		let subject: string | null = null;
		let actor: string | null = null;
		if (id !== null && row.entity === 'actor') subject = actors.get(id) ?? null;
		if (id !== null && row.entity === 'app_user') subject = users.get(id) ?? null;
		if (id !== null && row.entity === 'trip') subject = trips.get(id) ?? null;
		if (TERRITORY_ENTITIES.has(row.entity)) {
			const share = { ...record(row.before), ...record(row.after) };
			subject = territories.get(`${share.level}:${share.code}`) ?? null;
		}
		const actorId = relatedActorId(row) ?? (id !== null && row.entity === 'accompaniment' ? idOf(accompanimentActor.get(id)) : null);
		if (actorId !== null) actor = actors.get(actorId) ?? null;
		const who = row.user_email === null && row.user_nom === null ? null : shortPersonName(row.user_nom, row.user_email);
		const entry = { action: row.action, entity: row.entity, entityId: row.entity_id, before: row.before, after: row.after };
		return {
			id: row.id,
			at: new Date(row.at).toISOString(),
			who,
			userEmail: row.user_email,
			category: auditCategory(entry),
			signIn: isSignIn(entry),
			sentence: auditSentence(entry, { who, subject, actor }),
			action: row.action,
			entity: row.entity,
			entityId: row.entity_id,
			before: row.before === null ? null : JSON.stringify(row.before),
			after: row.after === null ? null : JSON.stringify(row.after)
		};
	});
}
