// From a draft to the issue that goes out: blocks resolved once, the web version (no recipient
// data, no unsubscribe link) and the message (with the placeholder each recipient's link replaces)
// rendered once, then frozen with its delivery rows.
import type { Kysely } from 'kysely';
import type { AuditActor } from '../audit';
import type { Database } from '../db/schema';
import { freezeNewsletter, getNewsletter, sentIssue } from '../queries/newsletters';
import { refuse, type Outcome } from '../queries/outcome';
import { resolveNewsletter, withCurrentTestimonials, type FigureSource, type ResolvedNewsletter } from './content';
import { renderNewsletter } from './render';
import { UNSUBSCRIBE_PLACEHOLDER } from './send';

export interface IssueContext {
	/** Public origin of Maillage (links in the message). */
	origin: string;
	expediteur: string;
	figure: FigureSource;
}

export const webVersionUrl = (origin: string, key: string) => `${origin.replace(/\/$/, '')}/lettre/${key}`;

/** The preview of a draft, as the message will look (links inert). */
export async function previewNewsletter(db: Kysely<Database>, id: number, context: IssueContext): Promise<string | null> {
	const n = await getNewsletter(db, id);
	if (!n) return null;
	const resolved = await resolveNewsletter(db, n, context);
	return renderNewsletter(resolved, { unsubscribeUrl: '#desinscription', webUrl: '#version-web' });
}

export async function prepareIssue(
	db: Kysely<Database>,
	who: AuditActor,
	id: number,
	context: IssueContext
): Promise<Outcome<{ recipients: number }>> {
	const n = await getNewsletter(db, id);
	if (!n) return refuse(404, 'lettre introuvable', 'id');
	const resolved = await resolveNewsletter(db, n, context);
	const webUrl = webVersionUrl(context.origin, n.web_key);
	const [html, mail_html] = [
		await renderNewsletter(resolved, { unsubscribeUrl: null, webUrl: null }),
		await renderNewsletter(resolved, { unsubscribeUrl: UNSUBSCRIBE_PLACEHOLDER, webUrl })
	];
	return freezeNewsletter(db, who, id, { html, mail_html, resolved });
}

/**
 * The web version of a sent issue (public, by its key) or its archive (the team, by id): rendered
 * again from the blocks it went out with, a testimonial withdrawn since left out; no recipient
 * data, no unsubscribe link. An issue sent before its blocks were kept is served as it was stored.
 */
export async function renderSentIssue(
	db: Kysely<Database>,
	by: { key: string } | { id: number }
): Promise<{ titre: string; html: string } | null> {
	const issue = await sentIssue(db, by);
	if (!issue) return null;
	if (!issue.resolved) return { titre: issue.titre, html: issue.html };
	const resolved =
		typeof issue.resolved === 'string' ? (JSON.parse(issue.resolved) as ResolvedNewsletter) : (issue.resolved as ResolvedNewsletter);
	return {
		titre: issue.titre,
		html: await renderNewsletter(await withCurrentTestimonials(db, resolved), { unsubscribeUrl: null, webUrl: null })
	};
}
