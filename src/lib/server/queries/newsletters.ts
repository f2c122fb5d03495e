// Newsletters (issue 17): drafts composed from blocks, the frozen issue once sending starts (its
// web version and its message, kept as the archive), and the delivery log of each address.
import type { Kysely } from 'kysely';
import { newsletterBlockSchema, newsletterSchema, type NewsletterBlock } from '../../schemas/promotion';
import { recordAudit, type AuditActor } from '../audit';
import { randomToken } from '../auth/crypto';
import type { Database, DeliveryStatus } from '../db/schema';
import { refuse, refuseInvalid, type Outcome } from './outcome';
import { getSegment, segmentRecipients } from './segments';

export interface Newsletter {
	id: number;
	titre: string;
	blocks: NewsletterBlock[];
	status: 'brouillon' | 'envoi' | 'envoye';
	segment_id: number | null;
	web_key: string;
	sent_at: Date | null;
	created_at: Date;
}

const parseBlocks = (raw: unknown): NewsletterBlock[] =>
	newsletterBlockSchema.array().parse(typeof raw === 'string' ? JSON.parse(raw) : raw);

export async function createNewsletter(db: Kysely<Database>, who: AuditActor, input: unknown): Promise<Outcome<{ id: number }>> {
	const parsed = newsletterSchema.safeParse(input);
	if (!parsed.success) return refuseInvalid(parsed.error);
	const n = parsed.data;
	return db.transaction().execute(async (tx) => {
		const row = await tx
			.insertInto('newsletter')
			.values({
				titre: n.titre as string,
				blocks: JSON.stringify(n.blocks),
				segment_id: n.segment_id,
				web_key: randomToken(),
				created_by: who.id > 0 ? who.id : null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(tx, who, { action: 'create', entity: 'newsletter', entityId: row.id, after: { titre: n.titre } });
		return { ok: true as const, id: row.id };
	});
}

/** Changes a draft; an issue being sent or sent is archived as it went out. */
export async function updateNewsletter(db: Kysely<Database>, who: AuditActor, id: number, input: unknown): Promise<Outcome<object>> {
	const parsed = newsletterSchema.safeParse(input);
	if (!parsed.success) return refuseInvalid(parsed.error);
	const n = parsed.data;
	return db.transaction().execute(async (tx) => {
		const row = await tx
			.updateTable('newsletter')
			.set({ titre: n.titre as string, blocks: JSON.stringify(n.blocks), segment_id: n.segment_id, updated_at: new Date() })
			.where('id', '=', id)
			.where('status', '=', 'brouillon')
			.returning('id')
			.executeTakeFirst();
		if (!row) return refuse(409, 'seul un brouillon peut être modifié', 'id');
		await recordAudit(tx, who, { action: 'update', entity: 'newsletter', entityId: id, after: { titre: n.titre, blocs: n.blocks.length } });
		return { ok: true as const };
	});
}

const COLUMNS = ['id', 'titre', 'blocks', 'status', 'segment_id', 'web_key', 'sent_at', 'created_at'] as const;

export async function getNewsletter(db: Kysely<Database>, id: number): Promise<Newsletter | null> {
	const row = await db.selectFrom('newsletter').select(COLUMNS).where('id', '=', id).executeTakeFirst();
	return row ? { ...row, blocks: parseBlocks(row.blocks) } : null;
}

/** Drafts and the archive, newest first, with their delivery counts. */
export async function listNewsletters(db: Kysely<Database>) {
	const rows = await db
		.selectFrom('newsletter as n')
		.leftJoin('newsletter_delivery as d', 'd.newsletter_id', 'n.id')
		.select(['n.id', 'n.titre', 'n.status', 'n.sent_at', 'n.created_at', 'n.web_key'])
		.select((eb) => [
			eb.fn.count<number>('d.id').as('deliveries'),
			eb.fn.count<number>('d.id').filterWhere('d.status', '=', 'envoye').as('sent')
		])
		.groupBy('n.id')
		.orderBy('n.created_at', 'desc')
		.orderBy('n.id', 'desc')
		.execute();
	return rows.map((r) => ({ ...r, deliveries: Number(r.deliveries), sent: Number(r.sent) }));
}

/**
 * A sent issue for its web version, by its public key or its id: the blocks as resolved when it
 * went out (null for an issue sent before 0024) and the HTML as sent, never any recipient data.
 */
export async function sentIssue(
	db: Kysely<Database>,
	by: { key: string } | { id: number }
): Promise<{ titre: string; html: string; resolved: unknown } | null> {
	const row = await db
		.selectFrom('newsletter')
		.select(['titre', 'html', 'resolved'])
		.$if('key' in by, (qb) => qb.where('web_key', '=', (by as { key: string }).key))
		.$if('id' in by, (qb) => qb.where('id', '=', (by as { id: number }).id))
		.where('status', '<>', 'brouillon')
		.executeTakeFirst();
	return row?.html ? { titre: row.titre, html: row.html, resolved: row.resolved } : null;
}

/**
 * Freezes an issue for sending: its web version and its message (rendered by the caller), and a
 * delivery row per recipient of its segment now. Only a draft; afterwards the sender resumes it.
 */
export async function freezeNewsletter(
	db: Kysely<Database>,
	who: AuditActor,
	id: number,
	rendered: { html: string; mail_html: string; resolved: object }
): Promise<Outcome<{ recipients: number }>> {
	return db.transaction().execute(async (tx) => {
		const n = await tx.selectFrom('newsletter').select(['status', 'segment_id']).where('id', '=', id).forUpdate().executeTakeFirst();
		if (!n) return refuse(404, 'lettre introuvable', 'id');
		if (n.status !== 'brouillon') return refuse(409, 'cette lettre est déjà partie', 'id');
		const segment = n.segment_id ? await getSegment(tx, n.segment_id) : null;
		if (!segment) return refuse(400, 'choisissez une audience', 'segment_id');
		if (!segment.channel) return refuse(400, 'l’audience doit exiger le consentement à la lettre d’information', 'segment_id');
		const recipients = await segmentRecipients(tx, segment);
		if (!recipients.length) return refuse(400, 'cette audience ne compte aucun destinataire', 'segment_id');
		for (let i = 0; i < recipients.length; i += 500) {
			await tx
				.insertInto('newsletter_delivery')
				.values(recipients.slice(i, i + 500).map((r) => ({ newsletter_id: id, email: r.email, contact_id: r.contact_id })))
				.execute();
		}
		await tx
			.updateTable('newsletter')
			.set({
				status: 'envoi',
				html: rendered.html,
				mail_html: rendered.mail_html,
				resolved: JSON.stringify(rendered.resolved),
				updated_at: new Date()
			})
			.where('id', '=', id)
			.execute();
		await recordAudit(tx, who, {
			action: 'send',
			entity: 'newsletter',
			entityId: id,
			after: { destinataires: recipients.length, audience: segment.nom }
		});
		return { ok: true as const, recipients: recipients.length };
	});
}

export interface DeliveryRow {
	id: number;
	email: string;
	status: DeliveryStatus;
	error: string | null;
	done_at: Date | null;
}

export async function deliveryLog(db: Kysely<Database>, id: number): Promise<DeliveryRow[]> {
	return db
		.selectFrom('newsletter_delivery')
		.select(['id', 'email', 'status', 'error', 'done_at'])
		.where('newsletter_id', '=', id)
		.orderBy('id')
		.execute();
}

export async function deliveryCounts(db: Kysely<Database>, id: number): Promise<Partial<Record<DeliveryStatus, number>>> {
	const rows = await db
		.selectFrom('newsletter_delivery')
		.select(['status', (eb) => eb.fn.countAll<number>().as('n')])
		.where('newsletter_id', '=', id)
		.groupBy('status')
		.execute();
	return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
