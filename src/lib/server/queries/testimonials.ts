// Testimonials (issue 17): the request link, the public submission, the team's moderation, and
// what each channel may show. Every channel reads accepted rows with its own consent, so a refusal
// or a withdrawal takes effect everywhere at the next read; names appear only where consented.
import { sql, type Kysely } from 'kysely';
import { randomToken, sha256 } from '../auth/crypto';
import { recordAudit, type AuditActor } from '../audit';
import type { Database, TerritoryLevel, TestimonialStatus } from '../db/schema';
import type { Moderation, TestimonialEdit, TestimonialSubmission } from '../../schemas/testimonial';
import { refuse, type Outcome } from './outcome';
import type { PublishedTestimonial } from '../../dto/testimonial';

export type { PublishedTestimonial };

export const REQUEST_VALID_DAYS = 30;

/** Creates a request link for an accompanied structure; the token exists in clear only in the answer. */
export async function createTestimonialRequest(
	db: Kysely<Database>,
	who: AuditActor,
	actorId: number,
	now = new Date()
): Promise<Outcome<{ id: number; token: string; expires_at: Date }>> {
	const actor = await db
		.selectFrom('actor as a')
		.select(['a.id', 'a.nom'])
		.select((eb) => eb.exists(eb.selectFrom('accompaniment as ac').select('ac.id').whereRef('ac.actor_id', '=', 'a.id')).as('accompanied'))
		.where('a.id', '=', actorId)
		.executeTakeFirst();
	if (!actor) return refuse(404, 'Structure introuvable', 'actor_id');
	if (!actor.accompanied) return refuse(400, 'Seule une structure accompagnée par le DLA peut être sollicitée', 'actor_id');
	const token = randomToken();
	const expires_at = new Date(now.getTime() + REQUEST_VALID_DAYS * 86_400_000);
	return db.transaction().execute(async (tx) => {
		const row = await tx
			.insertInto('testimonial_request')
			.values({ actor_id: actorId, token_hash: sha256(token), created_by: who.id > 0 ? who.id : null, expires_at })
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(tx, who, { action: 'create', entity: 'testimonial_request', entityId: row.id, after: { actor_id: actorId } });
		return { ok: true as const, id: row.id, token, expires_at };
	});
}

export type RequestResolution =
	{ status: 'valid'; request: { id: number; actor_nom: string; expires_at: Date } } | { status: 'unknown' | 'used' | 'expired' };

/** What a request token opens: unknown → 404; used or expired → 410. */
export async function resolveTestimonialRequest(db: Kysely<Database>, token: string, now = new Date()): Promise<RequestResolution> {
	if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { status: 'unknown' };
	const row = await db
		.selectFrom('testimonial_request as r')
		.innerJoin('actor as a', 'a.id', 'r.actor_id')
		.select(['r.id', 'r.expires_at', 'r.used_at', 'a.nom as actor_nom'])
		.where('r.token_hash', '=', sha256(token))
		.executeTakeFirst();
	if (!row) return { status: 'unknown' };
	if (row.used_at) return { status: 'used' };
	if (row.expires_at.getTime() <= now.getTime()) return { status: 'expired' };
	return { status: 'valid', request: { id: row.id, actor_nom: row.actor_nom, expires_at: row.expires_at } };
}

export interface StoredPhoto {
	jpeg: Buffer;
	width: number;
	height: number;
}

/** Records a testimonial and spends its link in one transaction: a second submission gets 410. */
export async function submitTestimonial(
	db: Kysely<Database>,
	token: string,
	submission: TestimonialSubmission,
	photo: StoredPhoto | null,
	now = new Date()
): Promise<Outcome<{ id: number }>> {
	const resolved = await resolveTestimonialRequest(db, token, now);
	if (resolved.status === 'unknown') return refuse(404, 'Ce lien de témoignage n’existe pas', 'token');
	if (resolved.status !== 'valid') return refuse(410, 'Ce lien de témoignage a déjà servi ou a expiré', 'token');
	return db.transaction().execute(async (tx) => {
		const spent = await tx
			.updateTable('testimonial_request')
			.set({ used_at: now })
			.where('id', '=', resolved.request.id)
			.where('used_at', 'is', null)
			.returning('actor_id')
			.executeTakeFirst();
		if (!spent) return refuse(410, 'Ce lien de témoignage a déjà servi ou a expiré', 'token');
		const row = await tx
			.insertInto('testimonial')
			.values({
				...submission,
				actor_id: spent.actor_id,
				request_id: resolved.request.id,
				photo: photo?.jpeg ?? null,
				photo_width: photo?.width ?? null,
				photo_height: photo?.height ?? null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(tx, null, { action: 'submit', entity: 'testimonial', entityId: row.id, after: { actor_id: spent.actor_id } });
		return { ok: true as const, id: row.id };
	});
}

export interface TestimonialForTeam extends TestimonialSubmission {
	id: number;
	actor_id: number;
	actor_nom: string;
	commune: string | null;
	status: TestimonialStatus;
	submitted_at: Date;
	moderated_at: Date | null;
	has_photo: boolean;
	version: number;
}

/** The moderation queue: submitted first, then the others, newest first. */
export async function listTestimonials(db: Kysely<Database>): Promise<TestimonialForTeam[]> {
	return db
		.selectFrom('testimonial as t')
		.innerJoin('actor as a', 'a.id', 't.actor_id')
		.leftJoin('territory as c', (j) => j.onRef('c.code', '=', 'a.commune_code').on('c.level', '=', 'commune'))
		.select([
			't.id',
			't.actor_id',
			'a.nom as actor_nom',
			'c.nom as commune',
			't.texte',
			't.personne_nom',
			't.personne_role',
			't.consent_site',
			't.consent_newsletter',
			't.consent_portrait',
			't.show_structure',
			't.show_person',
			't.status',
			't.submitted_at',
			't.moderated_at',
			't.version'
		])
		.select(sql<boolean>`t.photo IS NOT NULL`.as('has_photo'))
		.orderBy(sql`t.status = 'soumis'`, 'desc')
		.orderBy('t.id', 'desc')
		.execute();
}

/** Corrects the text, name or role (typos); refused when someone else changed it meanwhile (409). */
export async function editTestimonial(
	db: Kysely<Database>,
	who: AuditActor,
	id: number,
	edit: TestimonialEdit
): Promise<Outcome<{ version: number }>> {
	return db.transaction().execute(async (tx) => {
		const before = await tx
			.selectFrom('testimonial')
			.select(['texte', 'personne_nom', 'personne_role', 'version'])
			.where('id', '=', id)
			.forUpdate()
			.executeTakeFirst();
		if (!before) return refuse(404, 'Témoignage introuvable', 'id');
		if (before.version !== edit.version) return refuse(409, 'Ce témoignage a été modifié entre-temps : rechargez la page', 'version');
		const after = { texte: edit.texte, personne_nom: edit.personne_nom, personne_role: edit.personne_role };
		const row = await tx
			.updateTable('testimonial')
			.set({ ...after, version: sql`version + 1` })
			.where('id', '=', id)
			.returning('version')
			.executeTakeFirstOrThrow();
		await recordAudit(tx, who, { action: 'update', entity: 'testimonial', entityId: id, before: { ...before, version: undefined }, after });
		return { ok: true as const, version: row.version };
	});
}

/** From which statuses each decision may be taken, and where it leads. */
const TRANSITIONS: Record<Moderation, { from: TestimonialStatus[]; to: TestimonialStatus }> = {
	accepter: { from: ['soumis', 'refuse'], to: 'accepte' },
	refuser: { from: ['soumis'], to: 'refuse' },
	retirer: { from: ['accepte'], to: 'retire' }
};

export async function moderateTestimonial(
	db: Kysely<Database>,
	who: AuditActor,
	id: number,
	decision: Moderation
): Promise<Outcome<{ status: TestimonialStatus }>> {
	const { from, to } = TRANSITIONS[decision];
	return db.transaction().execute(async (tx) => {
		const before = await tx.selectFrom('testimonial').select('status').where('id', '=', id).forUpdate().executeTakeFirst();
		if (!before) return refuse(404, 'Témoignage introuvable', 'id');
		if (!from.includes(before.status))
			return refuse(409, `Impossible de ${decision} un témoignage à l’état « ${before.status} »`, 'status');
		await tx
			.updateTable('testimonial')
			.set({ status: to, moderated_at: new Date(), moderated_by: who.id > 0 ? who.id : null, version: sql`version + 1` })
			.where('id', '=', id)
			.execute();
		await recordAudit(tx, who, {
			action: decision,
			entity: 'testimonial',
			entityId: id,
			before: { status: before.status },
			after: { status: to }
		});
		return { ok: true as const, status: to };
	});
}

export type TestimonialChannel = 'site' | 'newsletter' | 'portrait';

const CONSENT_COLUMN = { site: 't.consent_site', newsletter: 't.consent_newsletter', portrait: 't.consent_portrait' } as const;
const COMMUNE_COLUMN: Record<TerritoryLevel, string> = {
	commune: 'c.code',
	epci: 'c.epci_code',
	arrondissement: 'c.arrondissement_code',
	zone: 'c.zone_code',
	departement: 'c.departement_code'
};

/** Accepted testimonials a channel may publish, of one territory's structures when given. */
export async function publishedTestimonials(
	db: Kysely<Database>,
	channel: TestimonialChannel,
	territory?: { level: TerritoryLevel; code: string }
): Promise<PublishedTestimonial[]> {
	const rows = await db
		.selectFrom('testimonial as t')
		.innerJoin('actor as a', 'a.id', 't.actor_id')
		.innerJoin('territory as c', (j) => j.onRef('c.code', '=', 'a.commune_code').on('c.level', '=', 'commune'))
		.select([
			't.id',
			't.texte',
			't.personne_nom',
			't.personne_role',
			't.show_person',
			't.show_structure',
			'a.nom as actor_nom',
			'c.nom as commune'
		])
		.select(sql<boolean>`t.photo IS NOT NULL`.as('has_photo'))
		.where('t.status', '=', 'accepte')
		.where(sql.ref(CONSENT_COLUMN[channel]), '=', true)
		.$if(territory !== undefined, (qb) => qb.where(sql.ref(COMMUNE_COLUMN[territory!.level]), '=', territory!.code))
		.orderBy('t.moderated_at', 'desc')
		.orderBy('t.id', 'desc')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		texte: r.texte,
		signature: r.show_person ? `${r.personne_nom}, ${r.personne_role}` : r.personne_role,
		structure: r.show_structure ? r.actor_nom : null,
		commune: r.show_structure ? r.commune : null,
		photo: r.show_person && r.has_photo
	}));
}

/**
 * A testimonial's photo for a channel (null when it may not be shown there), or for the team
 * (`channel` null: any status, for moderation).
 */
export async function testimonialPhoto(db: Kysely<Database>, id: number, channel: TestimonialChannel | null): Promise<Buffer | null> {
	const row = await db
		.selectFrom('testimonial as t')
		.select('t.photo')
		.where('t.id', '=', id)
		.where('t.photo', 'is not', null)
		.$if(channel !== null, (qb) =>
			qb.where('t.status', '=', 'accepte').where('t.show_person', '=', true).where(sql.ref(CONSENT_COLUMN[channel!]), '=', true)
		)
		.executeTakeFirst();
	return row?.photo ?? null;
}

/** The structures a request may go to (accompanied at least once), and whether each agreed to be named as such. */
export async function accompaniedStructures(
	db: Kysely<Database>
): Promise<{ id: number; nom: string; commune: string | null; publication_nom: boolean }[]> {
	return db
		.selectFrom('actor as a')
		.leftJoin('territory as c', (j) => j.onRef('c.code', '=', 'a.commune_code').on('c.level', '=', 'commune'))
		.select(['a.id', 'a.nom', 'c.nom as commune', 'a.publication_nom'])
		.where((eb) => eb.exists(eb.selectFrom('accompaniment as ac').select('ac.id').whereRef('ac.actor_id', '=', 'a.id')))
		.orderBy('a.nom')
		.orderBy('a.id')
		.execute();
}

/**
 * Records whether a structure agreed to be named as accompanied (newsletter, public map): the
 * answer, its source (« mail du 3 mars », « convention »), when and by whom, with its audit entry.
 */
export async function setPublicationConsent(
	db: Kysely<Database>,
	who: AuditActor,
	actorId: number,
	consent: { accord: boolean; source: string },
	now = new Date()
): Promise<Outcome<{ nom: string }>> {
	return db.transaction().execute(async (tx) => {
		const before = await tx
			.selectFrom('actor')
			.select(['publication_nom', 'publication_nom_source'])
			.where('id', '=', actorId)
			.forUpdate()
			.executeTakeFirst();
		if (!before) return refuse(404, 'Structure introuvable', 'actor_id');
		const row = await tx
			.updateTable('actor')
			.set({
				publication_nom: consent.accord,
				publication_nom_at: now,
				publication_nom_source: consent.source,
				publication_nom_by: who.id > 0 ? who.id : null
			})
			.where('id', '=', actorId)
			.returning('nom')
			.executeTakeFirstOrThrow();
		await recordAudit(tx, who, {
			action: 'update',
			entity: 'actor',
			entityId: actorId,
			before,
			after: { publication_nom: consent.accord, publication_nom_source: consent.source }
		});
		return { ok: true as const, nom: row.nom };
	});
}
