import { error } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { webVersion } from '$lib/server/queries/newsletters';
import type { RequestHandler } from './$types';

/**
 * GET /lettre/{key} → the web version of a sent issue: the HTML as it went out, rendered without
 * any recipient's data or unsubscribe link. Public: the key is in every message.
 */
export const GET: RequestHandler = async ({ params }) => {
	const { db } = await getDatabase();
	const issue = await webVersion(db, params.key);
	if (!issue) error(404, 'Lettre introuvable');
	return new Response(issue.html, { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=300' } });
};
