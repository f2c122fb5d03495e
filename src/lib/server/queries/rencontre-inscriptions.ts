// Online registration to an event (issue 16): the team creates a link (only its token's SHA-256 is
// kept, as for the testimonial and questionnaire links; one live link per event, a new one revokes
// the previous) and may revoke it. Whoever holds the link registers on a public page that shows the
// event's public facts only. One registration per event and address: registering again updates
// it. An address that is a contact of an invited actor is matched to that contact's line, marked
// registered (online); the consent to be contacted goes to the consent module for that contact.
// Attempts are counted per address and per link with the login's rate limiting.
import { sql, type Kysely } from 'kysely';
import type { RencontreKind, RencontreRegistration } from '../../schemas/rencontre';
import { recordAudit, type AuditActor } from '../audit';
import { randomToken, sha256 } from '../auth/crypto';
import { reserveAttempts } from '../auth/rate-limit';
import type { Database } from '../db/schema';
import { recordConsent } from './consents';
import { applyAttendance, insertLines, RENCONTRE_WHEN } from './events';
import { refuse, type Outcome } from './outcome';

/** What the public page may show of an event: nothing about who is invited or registered. */
export interface PublicRencontre {
	titre: string;
	kind: RencontreKind;
	date: string;
	heure_debut: string;
	heure_fin: string | null;
	lieu: string | null;
	adresse: string | null;
	commune: string | null;
}

export type LinkResolution =
	| { status: 'unknown' }
	| { status: 'gone'; reason: string }
	| { status: 'valid'; linkId: number; rencontreId: number; rencontre: PublicRencontre };

export const REGISTRATION_LIMITS = { address: 10, link: 60, windowMs: 15 * 60_000 };

/** Counts one registration attempt for the client address and the link (before anything is written). */
export function reserveRegistrationAttempt(
	db: Kysely<Database>,
	who: { address: string; linkId: number },
	limits = REGISTRATION_LIMITS
): Promise<{ allowed: boolean; retryAfterMs: number }> {
	return reserveAttempts(
		db,
		[
			{ key: `inscription-adresse:${who.address}`, limit: limits.address },
			{ key: `inscription-lien:${who.linkId}`, limit: limits.link }
		],
		limits.windowMs
	);
}

export async function resolveRegistrationLink(db: Kysely<Database>, token: string, today: string): Promise<LinkResolution> {
	if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { status: 'unknown' };
	const row = await db
		.selectFrom('rencontre_inscription_lien as k')
		.innerJoin('rencontre as r', 'r.id', 'k.rencontre_id')
		.leftJoin('actor as l', 'l.id', 'r.lieu_actor_id')
		.leftJoin('territory as t', (j) => j.on('t.level', '=', 'commune').onRef('t.code', '=', 'l.commune_code'))
		.select([
			'k.id',
			'k.revoked_at',
			'r.id as rencontre_id',
			...RENCONTRE_WHEN,
			'l.nom as lieu',
			sql<string | null>`coalesce(r.lieu_adresse, nullif(concat_ws(' ', l.adresse, l.code_postal), ''))`.as('adresse'),
			't.nom as commune'
		])
		.where('k.token_hash', '=', sha256(token))
		.executeTakeFirst();
	if (!row) return { status: 'unknown' };
	if (row.revoked_at) return { status: 'gone', reason: 'Ce lien d’inscription a été retiré par l’équipe du DLA.' };
	if (row.status === 'annule') return { status: 'gone', reason: 'Cette rencontre est annulée.' };
	if (row.date < today) return { status: 'gone', reason: 'Cette rencontre a déjà eu lieu : les inscriptions sont closes.' };
	const { id, revoked_at: _r, rencontre_id, status: _s, ...rencontre } = row;
	return { status: 'valid', linkId: id, rencontreId: rencontre_id, rencontre };
}

/** A new link for the event (the previous one, if any, is revoked); the token is given once. */
export async function createRegistrationLink(
	db: Kysely<Database>,
	rencontreId: number,
	who: AuditActor | null
): Promise<Outcome<{ token: string }>> {
	return db.transaction().execute(async (tx) => {
		const r = await tx.selectFrom('rencontre').select('id').where('id', '=', rencontreId).forUpdate().executeTakeFirst();
		if (!r) return refuse(404, `aucune rencontre ${rencontreId}`, 'id');
		await tx
			.updateTable('rencontre_inscription_lien')
			.set({ revoked_at: new Date() })
			.where('rencontre_id', '=', rencontreId)
			.where('revoked_at', 'is', null)
			.execute();
		const token = randomToken();
		const link = await tx
			.insertInto('rencontre_inscription_lien')
			.values({ rencontre_id: rencontreId, token_hash: sha256(token), created_by: who && who.id > 0 ? who.id : null })
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(tx, who, { action: 'inscription_lien', entity: 'rencontre', entityId: rencontreId, after: { lien: link.id } });
		return { ok: true as const, token };
	});
}

export async function revokeRegistrationLink(db: Kysely<Database>, rencontreId: number, who: AuditActor | null): Promise<boolean> {
	return db.transaction().execute(async (tx) => {
		const revoked = await tx
			.updateTable('rencontre_inscription_lien')
			.set({ revoked_at: new Date() })
			.where('rencontre_id', '=', rencontreId)
			.where('revoked_at', 'is', null)
			.returning('id')
			.executeTakeFirst();
		if (!revoked) return false;
		await recordAudit(tx, who, {
			action: 'inscription_lien_retire',
			entity: 'rencontre',
			entityId: rencontreId,
			before: { lien: revoked.id }
		});
		return true;
	});
}

/** The event's live link, if any (its token is not kept: only when it was created). */
export async function liveRegistrationLink(db: Kysely<Database>, rencontreId: number) {
	return db
		.selectFrom('rencontre_inscription_lien')
		.select(['id', sql<string>`(created_at AT TIME ZONE 'Europe/Paris')::date::text`.as('created_on')])
		.where('rencontre_id', '=', rencontreId)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
}

/**
 * Records (or updates, same event and address) a registration from the public page, matches it to
 * an invited actor's contact and marks that line registered; then the consent to be contacted
 * (channel `evenements`) for the matched contact.
 */
export async function registerOnline(
	db: Kysely<Database>,
	token: string,
	input: RencontreRegistration,
	today: string
): Promise<Outcome<{ created: boolean; matched: boolean }>> {
	const done = await db.transaction().execute(async (tx) => {
		const link = await resolveRegistrationLink(tx, token, today);
		if (link.status === 'unknown') return refuse(404, 'Ce lien d’inscription n’existe pas.', 'token');
		if (link.status === 'gone') return refuse(410, link.reason, 'token');
		const rencontreId = link.rencontreId;
		const contact = await tx
			.selectFrom('contact as c')
			.select(['c.id', 'c.actor_id'])
			.where(sql`lower(c.email)`, '=', input.email)
			.where('c.actor_id', 'in', (eb) => eb.selectFrom('rencontre_invite').select('actor_id').where('rencontre_id', '=', rencontreId))
			.orderBy('c.id')
			.executeTakeFirst();
		let line = null;
		if (contact) {
			const findLine = () =>
				tx
					.selectFrom('rencontre_invite')
					.select(['id', 'actor_id', 'inscrit', 'present'])
					.where('rencontre_id', '=', rencontreId)
					.where('actor_id', '=', contact.actor_id)
					.where('contact_id', '=', contact.id)
					.orderBy('id')
					.executeTakeFirst();
			line = await findLine();
			if (!line) {
				// The actor is invited, not yet this person of it.
				await insertLines(tx, [
					{ rencontre_id: rencontreId, actor_id: contact.actor_id, contact_id: contact.id, personne: null, origine: 'inscription' }
				]);
				line = (await findLine())!;
			}
			await applyAttendance(tx, rencontreId, line, { inscrit: true, present: null }, null);
		}
		const matched = { actor_id: contact?.actor_id ?? null, contact_id: contact?.id ?? null, invite_id: line?.id ?? null };
		const saved = await sql<{ id: number; created: boolean }>`
			INSERT INTO rencontre_inscription (rencontre_id, lien_id, nom, structure, email, consent_contact, actor_id, contact_id, invite_id)
			VALUES (${rencontreId}, ${link.linkId}, ${input.nom}, ${input.structure}, ${input.email}, ${input.consent_contact},
				${matched.actor_id}, ${matched.contact_id}, ${matched.invite_id})
			ON CONFLICT (rencontre_id, lower(email)) DO UPDATE SET
				lien_id = excluded.lien_id, nom = excluded.nom, structure = excluded.structure, email = excluded.email,
				consent_contact = excluded.consent_contact, actor_id = excluded.actor_id, contact_id = excluded.contact_id,
				invite_id = excluded.invite_id, updated_at = now()
			RETURNING id, (xmax = 0) AS created`.execute(tx);
		const row = saved.rows[0];
		// The audit says that it happened, not who: the person's data stay in their registration.
		await recordAudit(tx, null, {
			action: row.created ? 'inscription' : 'inscription_modifiee',
			entity: 'rencontre',
			entityId: rencontreId,
			after: { inscription: row.id, rapprochee: contact !== undefined }
		});
		return { ok: true as const, created: row.created, matched: contact !== undefined, contactId: contact?.id ?? null };
	});
	if (!done.ok) return done;
	if (input.consent_contact && done.contactId !== null) {
		// Refused only when the address unsubscribed from the channel: the registration stands.
		await recordConsent(db, null, {
			contact_id: done.contactId,
			channel: 'evenements',
			status: 'accorde',
			base_legale: 'consentement',
			source: 'inscription en ligne'
		});
	}
	return { ok: true as const, created: done.created, matched: done.matched };
}

export interface RegistrationRow {
	id: number;
	nom: string | null;
	structure: string;
	email: string | null;
	consent_contact: boolean;
	actor: string | null;
	invite_id: number | null;
}

/** The event's online registrations, names and addresses only for users allowed to see personal data. */
export async function registrationsOf(db: Kysely<Database>, rencontreId: number, withPersonalData: boolean): Promise<RegistrationRow[]> {
	const rows = await db
		.selectFrom('rencontre_inscription as i')
		.leftJoin('actor as a', 'a.id', 'i.actor_id')
		.select(['i.id', 'i.nom', 'i.structure', 'i.email', 'i.consent_contact', 'a.nom as actor', 'i.invite_id'])
		.where('i.rencontre_id', '=', rencontreId)
		.orderBy('i.created_at')
		.orderBy('i.id')
		.execute();
	return withPersonalData ? rows : rows.map((r) => ({ ...r, nom: null, email: null }));
}
