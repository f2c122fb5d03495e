import { error } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { dataVersion } from '$lib/server/data-version';
import { dataEtag, etagMatches } from '$lib/server/http/cache';
import { renderSentIssue } from '$lib/server/newsletter/issue';
import type { RequestHandler } from './$types';

/**
 * GET /lettre/{key} → the web version of a sent issue, without any recipient's data or unsubscribe
 * link. Public: the key is in every message. Revalidated at each read (ETag of the data version):
 * a testimonial withdrawn since must leave it at once, also from a shared cache.
 */
export const GET: RequestHandler = async ({ params, request, url }) => {
	const { db } = await getDatabase();
	const etag = dataEtag(await dataVersion(db), url, 'lettre');
	const headers = { etag, 'cache-control': 'public, no-cache' };
	if (etagMatches(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers });
	const issue = await renderSentIssue(db, { key: params.key });
	if (!issue) error(404, 'Lettre introuvable');
	return new Response(issue.html, { headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } });
};
