import { error } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { appIssueContext } from '$lib/server/newsletter/app-context';
import { previewNewsletter } from '$lib/server/newsletter/issue';
import type { RequestHandler } from './$types';

/** GET: the issue as one HTML file (without SMTP, to paste in another mailing tool). */
export const GET: RequestHandler = async ({ params, url }) => {
	const { db } = await getDatabase();
	const html = await previewNewsletter(db, Number(params.id), await appIssueContext(url.origin));
	if (html === null) error(404, 'Lettre introuvable');
	return new Response(html, {
		headers: { 'content-type': 'text/html; charset=utf-8', 'content-disposition': `attachment; filename="lettre-${params.id}.html"` }
	});
};
