// Consent per contact person and channel (issue 17), and unsubscriptions: honoured at once (the
// consent is withdrawn and pending deliveries to the address are dropped) and for good (the
// address's SHA-256 stays on the unsubscription list, even if the contact is erased and re-entered).
import type { Kysely } from 'kysely';
import { consentSchema, type ConsentChannel } from '../../schemas/promotion';
import { recordAudit, type AuditActor } from '../audit';
import { sha256 } from '../auth/crypto';
import type { Database } from '../db/schema';
import { refuse, refuseInvalid, type Outcome } from './outcome';

export const emailHash = (email: string) => sha256(email.trim().toLowerCase());

/** Records (or changes) a person's consent for a channel; a grant after an unsubscription is refused. */
export async function recordConsent(db: Kysely<Database>, who: AuditActor | null, input: unknown): Promise<Outcome<object>> {
	const parsed = consentSchema.safeParse(input);
	if (!parsed.success) return refuseInvalid(parsed.error);
	const c = parsed.data;
	return db.transaction().execute(async (tx) => {
		const contact = await tx.selectFrom('contact').select(['id', 'email']).where('id', '=', c.contact_id).executeTakeFirst();
		if (!contact) return refuse(404, 'contact introuvable', 'contact_id');
		if (c.status === 'accorde' && contact.email) {
			const gone = await tx
				.selectFrom('unsubscription')
				.select('at')
				.where('email_hash', '=', emailHash(contact.email))
				.where('channel', '=', c.channel)
				.executeTakeFirst();
			if (gone) return refuse(409, 'cette adresse s’est désinscrite : son consentement ne peut pas être rétabli par l’équipe', 'status');
		}
		const values = { status: c.status, base_legale: c.base_legale, source: c.source as string, recorded_at: new Date() };
		await tx
			.insertInto('contact_consent')
			.values({ contact_id: c.contact_id, channel: c.channel, ...values })
			.onConflict((oc) => oc.columns(['contact_id', 'channel']).doUpdateSet(values))
			.execute();
		await recordAudit(tx, who, {
			action: 'consent',
			entity: 'contact',
			entityId: c.contact_id,
			after: { channel: c.channel, status: c.status, base_legale: c.base_legale, source: c.source }
		});
		return { ok: true as const };
	});
}

/**
 * The one-click unsubscription of a message's link: the token's delivery names the address; every
 * consent of that address for the channel is withdrawn, pending messages to it are dropped. Idempotent.
 */
export async function unsubscribe(db: Kysely<Database>, token: string, channel: ConsentChannel = 'newsletter'): Promise<Outcome<object>> {
	return db.transaction().execute(async (tx) => {
		const delivery = await tx
			.selectFrom('newsletter_delivery')
			.select(['email'])
			.where('unsubscribe_hash', '=', sha256(token))
			.executeTakeFirst();
		if (!delivery) return refuse(404, 'lien de désinscription inconnu', 'token');
		const hash = emailHash(delivery.email);
		await tx
			.insertInto('unsubscription')
			.values({ email_hash: hash, channel })
			.onConflict((oc) => oc.doNothing())
			.execute();
		const contacts = await tx
			.selectFrom('contact')
			.select('id')
			.where((eb) => eb(eb.fn('lower', ['email']), '=', delivery.email.toLowerCase()))
			.execute();
		for (const { id } of contacts) {
			await tx
				.insertInto('contact_consent')
				.values({
					contact_id: id,
					channel,
					status: 'retire',
					base_legale: 'consentement',
					source: 'désinscription par lien',
					recorded_at: new Date()
				})
				.onConflict((oc) =>
					oc
						.columns(['contact_id', 'channel'])
						.doUpdateSet({ status: 'retire', source: 'désinscription par lien', recorded_at: new Date() })
				)
				.execute();
			await recordAudit(tx, null, { action: 'unsubscribe', entity: 'contact', entityId: id, after: { channel } });
		}
		await tx
			.updateTable('newsletter_delivery')
			.set({ status: 'desinscrit', done_at: new Date() })
			.where('status', '=', 'a_envoyer')
			.where((eb) => eb(eb.fn('lower', ['email']), '=', delivery.email.toLowerCase()))
			.execute();
		return { ok: true as const };
	});
}

export async function isUnsubscribed(db: Kysely<Database>, email: string, channel: ConsentChannel = 'newsletter'): Promise<boolean> {
	const row = await db
		.selectFrom('unsubscription')
		.select('at')
		.where('email_hash', '=', emailHash(email))
		.where('channel', '=', channel)
		.executeTakeFirst();
	return !!row;
}
