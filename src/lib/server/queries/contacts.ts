// Contact persons are personal data (RGPD): export everything about one person, erase it on
// request (the audit log keeps that it happened, not who), and apply the retention period to the
// contacts of structures the DLA never accompanied.
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../db/schema';

export interface PersonQuery {
	email?: string;
	nom?: string;
}

function matchPerson(q: PersonQuery) {
	if (!q.email && !q.nom) throw new Error('indiquez --email ou --nom');
	const email = q.email?.trim().toLowerCase() ?? null;
	const nom = q.nom?.trim().toLowerCase() ?? null;
	return sql<SqlBool>`((${email}::text IS NOT NULL AND lower(c.email) = ${email}) OR (${nom}::text IS NOT NULL AND lower(c.nom) = ${nom}))`;
}

/** Everything Maillage holds about a person: contact records, with their actor, and audit entries. */
export async function exportPerson(db: Kysely<Database>, q: PersonQuery) {
	const contacts = await db
		.selectFrom('contact as c')
		.innerJoin('actor as a', 'a.id', 'c.actor_id')
		.select([
			'c.id',
			'c.nom',
			'c.role',
			'c.email',
			'c.telephone',
			'c.base_legale',
			'c.created_at',
			'c.updated_at',
			'a.id as actor_id',
			'a.nom as actor'
		])
		.where(matchPerson(q))
		.execute();
	const ids = contacts.map((c) => String(c.id));
	const audit = ids.length
		? await db.selectFrom('audit_log').selectAll().where('entity', '=', 'contact').where('entity_id', 'in', ids).orderBy('at').execute()
		: [];
	const consents = ids.length
		? await db
				.selectFrom('contact_consent')
				.selectAll()
				.where(
					'contact_id',
					'in',
					contacts.map((c) => c.id)
				)
				.orderBy('id')
				.execute()
		: [];
	const emails = personEmails(q, contacts);
	const deliveries = emails.length
		? await db
				.selectFrom('newsletter_delivery as d')
				.innerJoin('newsletter as n', 'n.id', 'd.newsletter_id')
				.select(['d.email', 'd.status', 'd.error', 'd.done_at', 'n.titre'])
				.where((eb) => eb(eb.fn('lower', ['d.email']), 'in', emails))
				.orderBy('d.id')
				.execute()
		: [];
	const registrations = await db
		.selectFrom('rencontre_inscription as c')
		.innerJoin('rencontre as r', 'r.id', 'c.rencontre_id')
		.select(['c.nom', 'c.structure', 'c.email', 'c.consent_contact', 'c.created_at', 'c.updated_at', 'r.titre as rencontre', 'r.date'])
		.where(matchPerson(q))
		.orderBy('c.id')
		.execute();
	return { person: q, contacts, audit, consents, deliveries, registrations };
}

/** The addresses of a person: asked for, and those of their contact records (lower case). */
function personEmails(q: PersonQuery, contacts: { email: string | null }[]): string[] {
	const all = [q.email, ...contacts.map((c) => c.email)].filter((e): e is string => !!e).map((e) => e.trim().toLowerCase());
	return [...new Set(all)];
}

/** Erases a person's contact records and scrubs their values from the audit log. */
export async function erasePerson(db: Kysely<Database>, q: PersonQuery): Promise<number> {
	return db.transaction().execute(async (tx) => {
		const rows = await tx.selectFrom('contact as c').select(['c.id', 'c.email']).where(matchPerson(q)).execute();
		const ids = rows.map((r) => r.id);
		// The newsletter's send log names the address; consents go with the contact (ON DELETE
		// CASCADE). The unsubscription list keeps only a hash, so that the objection still holds.
		const emails = personEmails(q, rows);
		if (emails.length)
			await tx
				.deleteFrom('newsletter_delivery')
				.where((eb) => eb(eb.fn('lower', ['email']), 'in', emails))
				.execute();
		// Online registrations to events name the person too (their invitation line goes with the contact).
		await tx
			.deleteFrom('rencontre_inscription as c')
			.where((eb) => eb.or([matchPerson(q), ...(emails.length ? [eb(eb.fn('lower', ['c.email']), 'in', emails)] : [])]))
			.execute();
		if (!ids.length) return 0;
		await tx
			.updateTable('audit_log')
			.set({ before: JSON.stringify({ efface: 'RGPD' }), after: JSON.stringify({ efface: 'RGPD' }) })
			.where('entity', '=', 'contact')
			.where('entity_id', 'in', ids.map(String))
			.execute();
		await tx.deleteFrom('contact').where('id', 'in', ids).execute();
		for (const id of ids) {
			await tx
				.insertInto('audit_log')
				.values({ user_id: null, user_email: null, action: 'erase', entity: 'contact', entity_id: String(id), before: null, after: null })
				.execute();
		}
		return ids.length;
	});
}

/**
 * Contacts of ESS structures never accompanied, with no contact logged for `months` months and
 * recorded before that: past the retention period.
 */
export async function expiredContacts(db: Kysely<Database>, months: number) {
	return sql<{ id: number; actor_id: number }>`
		SELECT c.id, c.actor_id FROM contact c JOIN actor a ON a.id = c.actor_id
		WHERE a.kind = 'structure_ess'
			AND NOT EXISTS (SELECT 1 FROM accompaniment ac WHERE ac.actor_id = a.id)
			AND c.updated_at < now() - make_interval(months => ${months})
			AND NOT EXISTS (SELECT 1 FROM contact_log l WHERE l.actor_id = a.id AND l.date > current_date - make_interval(months => ${months}))`
		.execute(db)
		.then((r) => r.rows);
}

export async function purgeExpiredContacts(db: Kysely<Database>, months: number): Promise<number> {
	const expired = await expiredContacts(db, months);
	if (!expired.length) return 0;
	await db.transaction().execute(async (tx) => {
		await tx
			.deleteFrom('contact')
			.where(
				'id',
				'in',
				expired.map((e) => e.id)
			)
			.execute();
		await tx
			.insertInto('audit_log')
			.values({
				user_id: null,
				user_email: null,
				action: 'retention_purge',
				entity: 'contact',
				entity_id: null,
				before: null,
				after: JSON.stringify({ count: expired.length, months })
			})
			.execute();
	});
	return expired.length;
}

export const RETENTION_MONTHS = Number(process.env.MAILLAGE_RETENTION_MOIS ?? 36);
