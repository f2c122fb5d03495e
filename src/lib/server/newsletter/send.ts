// Sending a frozen newsletter (issue 17), one message per delivery row, never twice:
// each row is claimed in a transaction (`a_envoyer` → `en_cours`, with the hash of the recipient's
// own unsubscribe token) before its message leaves, and marked after (`envoye`, `echec` with the
// SMTP error, `rebond` when the server refused the address). A run stopped or crashed is resumed
// by running again: rows still `a_envoyer` go out; a row left `en_cours` by a crash may or may not
// have left, so it becomes `incertain` and is not sent again.
// One sender per issue: a run first takes the issue's lease (`newsletter.sender_run`, renewed at
// each message in `sender_seen_at`); a second run started meanwhile, in this process or another,
// finds it held and stops at once (`busy`). A lease silent for `staleAfterMs` was left by a crash.
// Every message carries RFC 8058's one-click unsubscribe headers: the mail client POSTs
// `List-Unsubscribe=One-Click` to the recipient's link (see hooks.server.ts for its CSRF exemption).
// Throttled to `ratePerSecond` messages; SMTP through nodemailer (`MAILLAGE_SMTP_URL`).
import type { Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import { randomToken, sha256 } from '../auth/crypto';
import type { Database } from '../db/schema';
import { emailHash } from '../queries/consents';

/** Where each message's unsubscribe link goes, replaced per recipient in the frozen message. */
export const UNSUBSCRIBE_PLACEHOLDER = 'https://maillage.invalid/desinscription/__JETON__';

export interface MailSettings {
	smtpUrl: string | null;
	from: string;
	/** Messages per second at most; 0: as fast as the server takes them. */
	ratePerSecond: number;
	/** An address that takes unsubscriptions by mail too (`List-Unsubscribe: <mailto:…>`), if any. */
	unsubscribeMailto: string | null;
}

export function readMailSettings(env: NodeJS.ProcessEnv = process.env): MailSettings {
	const rate = Number(env.MAILLAGE_SMTP_RATE ?? 5);
	if (!Number.isFinite(rate) || rate < 0)
		throw new Error(`MAILLAGE_SMTP_RATE invalide : « ${env.MAILLAGE_SMTP_RATE} » (messages par seconde)`);
	return {
		smtpUrl: env.MAILLAGE_SMTP_URL?.trim() || null,
		from: env.MAILLAGE_SMTP_FROM?.trim() || 'DLA <dla@localhost>',
		ratePerSecond: rate,
		unsubscribeMailto: env.MAILLAGE_UNSUBSCRIBE_MAILTO?.trim() || null
	};
}

/** RFC 2369 + RFC 8058 headers: the recipient's link (one-click POST), then the mailbox if there is one. */
export function unsubscribeHeaders(url: string, mailto: string | null = null): Record<string, string> {
	const targets = [`<${url}>`];
	if (mailto) targets.push(`<mailto:${mailto}?subject=${encodeURIComponent('désinscription')}>`);
	return { 'List-Unsubscribe': targets.join(', '), 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/** One connection kept open for the whole run (a pool of one: the throttle sets the pace). */
export function smtpTransport(url: string): Transporter {
	return nodemailer.createTransport(url + (url.includes('?') ? '&' : '?') + 'pool=true&maxConnections=1');
}

export const unsubscribeUrl = (origin: string, token: string) => `${origin.replace(/\/$/, '')}/desinscription/${token}`;

export interface SendOptions {
	transport: Transporter;
	from: string;
	/** Public origin of Maillage, for the unsubscribe links. */
	origin: string;
	ratePerSecond: number;
	unsubscribeMailto?: string | null;
	signal?: AbortSignal;
	/** After each message handed to the server (tests stop a run here). */
	onSent?: (count: number) => void;
	/** A row `en_cours`, or the issue's lease, older than this was left by a crashed run; younger, another run may hold it. */
	staleAfterMs?: number;
}

export interface SendReport {
	sent: number;
	failed: number;
	bounced: number;
	skipped: number;
	/** The issue has no delivery left to try. */
	finished: boolean;
	/** Another run holds the issue: this one sent nothing. */
	busy?: boolean;
}

interface SmtpError {
	code?: string;
	responseCode?: number;
	response?: string;
	message?: string;
}

export async function runSend(db: Kysely<Database>, newsletterId: number, options: SendOptions): Promise<SendReport> {
	const issue = await db
		.selectFrom('newsletter')
		.select(['titre', 'mail_html', 'status'])
		.where('id', '=', newsletterId)
		.executeTakeFirst();
	if (!issue?.mail_html || issue.status === 'brouillon') throw new Error(`lettre ${newsletterId} : pas prête à partir`);
	const mailHtml = issue.mail_html;
	const staleAfterMs = options.staleAfterMs ?? 10 * 60_000;
	const run = randomToken();
	const leased = await db
		.updateTable('newsletter')
		.set({ sender_run: run, sender_seen_at: new Date() })
		.where('id', '=', newsletterId)
		.where((eb) => eb.or([eb('sender_run', 'is', null), eb('sender_seen_at', '<', new Date(Date.now() - staleAfterMs))]))
		.returning('id')
		.executeTakeFirst();
	if (!leased) return { sent: 0, failed: 0, bounced: 0, skipped: 0, finished: false, busy: true };
	try {
		return await sendAll(db, newsletterId, { ...options, staleAfterMs }, { titre: issue.titre, mailHtml, run });
	} finally {
		await db.updateTable('newsletter').set({ sender_run: null }).where('id', '=', newsletterId).where('sender_run', '=', run).execute();
	}
}

async function sendAll(
	db: Kysely<Database>,
	newsletterId: number,
	options: SendOptions & { staleAfterMs: number },
	issue: { titre: string; mailHtml: string; run: string }
): Promise<SendReport> {
	const { mailHtml, run } = issue;
	await db
		.updateTable('newsletter_delivery')
		.set({ status: 'incertain', error: 'envoi interrompu pendant la remise : peut-être reçu, pas renvoyé', done_at: new Date() })
		.where('newsletter_id', '=', newsletterId)
		.where('status', '=', 'en_cours')
		.where('claimed_at', '<', new Date(Date.now() - options.staleAfterMs))
		.execute();
	const report: SendReport = { sent: 0, failed: 0, bounced: 0, skipped: 0, finished: false };
	const interval = options.ratePerSecond > 0 ? 1000 / options.ratePerSecond : 0;
	const started = Date.now();
	let handed = 0;
	while (!options.signal?.aborted) {
		const claim = await claimNext(db, newsletterId, run);
		if (!claim) break;
		if (claim.skip) {
			report.skipped++;
			continue;
		}
		const wait = started + handed * interval - Date.now();
		if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
		const url = unsubscribeUrl(options.origin, claim.token);
		let status: 'envoye' | 'echec' | 'rebond' = 'envoye';
		let error: string | null = null;
		try {
			const info = await options.transport.sendMail({
				from: options.from,
				to: claim.email,
				subject: issue.titre,
				html: mailHtml.split(UNSUBSCRIBE_PLACEHOLDER).join(url),
				headers: unsubscribeHeaders(url, options.unsubscribeMailto)
			});
			if (info.rejected?.length) {
				status = 'rebond';
				error = String(info.response ?? 'adresse refusée');
			}
		} catch (e) {
			const err = e as SmtpError;
			if (err.code === 'ECONNECTION' && err.responseCode === undefined) {
				// Nothing left: the server could not be reached. The row goes back in the queue.
				await db
					.updateTable('newsletter_delivery')
					.set({ status: 'a_envoyer', unsubscribe_hash: null, claimed_at: null })
					.where('id', '=', claim.id)
					.execute();
				throw new Error(`serveur SMTP injoignable : ${err.message ?? err.code}`, { cause: e });
			}
			status = err.responseCode !== undefined && err.responseCode >= 500 ? 'rebond' : 'echec';
			error = err.response ?? err.message ?? String(e);
		}
		await db.updateTable('newsletter_delivery').set({ status, error, done_at: new Date() }).where('id', '=', claim.id).execute();
		handed++;
		if (status === 'envoye') report.sent++;
		else if (status === 'rebond') report.bounced++;
		else report.failed++;
		options.onSent?.(handed);
	}
	const left = await db
		.selectFrom('newsletter_delivery')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('newsletter_id', '=', newsletterId)
		.where('status', 'in', ['a_envoyer', 'en_cours'])
		.executeTakeFirstOrThrow();
	if (Number(left.n) === 0) {
		await db
			.updateTable('newsletter')
			.set({ status: 'envoye', sent_at: new Date() })
			.where('id', '=', newsletterId)
			.where('status', '=', 'envoi')
			.execute();
		report.finished = true;
	}
	return report;
}

type Claim = { id: number; email: string; token: string; skip: false } | { skip: true };

/**
 * Takes the next delivery for this run, and renews the run's lease in the same transaction; null
 * when nothing is left or the lease went to another run (this one was silent too long).
 * An address unsubscribed since the issue was frozen is dropped.
 */
async function claimNext(db: Kysely<Database>, newsletterId: number, run: string): Promise<Claim | null> {
	return db.transaction().execute(async (tx) => {
		const held = await tx
			.updateTable('newsletter')
			.set({ sender_seen_at: new Date() })
			.where('id', '=', newsletterId)
			.where('sender_run', '=', run)
			.returning('id')
			.executeTakeFirst();
		if (!held) return null;
		const row = await tx
			.selectFrom('newsletter_delivery')
			.select(['id', 'email'])
			.where('newsletter_id', '=', newsletterId)
			.where('status', '=', 'a_envoyer')
			.orderBy('id')
			.limit(1)
			.forUpdate()
			.skipLocked()
			.executeTakeFirst();
		if (!row) return null;
		const gone = await tx
			.selectFrom('unsubscription')
			.select('at')
			.where('email_hash', '=', emailHash(row.email))
			.where('channel', '=', 'newsletter')
			.executeTakeFirst();
		if (gone) {
			await tx.updateTable('newsletter_delivery').set({ status: 'desinscrit', done_at: new Date() }).where('id', '=', row.id).execute();
			return { skip: true as const };
		}
		const token = randomToken();
		await tx
			.updateTable('newsletter_delivery')
			.set({ status: 'en_cours', claimed_at: new Date(), unsubscribe_hash: sha256(token) })
			.where('id', '=', row.id)
			.execute();
		return { id: row.id, email: row.email, token, skip: false as const };
	});
}

/** Without SMTP: the issue as one `.eml` message to import in another mail tool. */
export async function emlOf(html: string, subject: string, from: string): Promise<Buffer> {
	const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
	const info = await transport.sendMail({ from, to: 'destinataires@invalid', subject, html });
	return info.message as Buffer;
}
