import { error } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { appIssueContext } from '$lib/server/newsletter/app-context';
import { previewNewsletter } from '$lib/server/newsletter/issue';
import { emlOf, readMailSettings } from '$lib/server/newsletter/send';
import { getNewsletter } from '$lib/server/queries/newsletters';
import type { RequestHandler } from './$types';

/** GET: the issue as an `.eml` message (without SMTP, to open and send from a mail client). */
export const GET: RequestHandler = async ({ params, url }) => {
	const { db } = await getDatabase();
	const id = Number(params.id);
	const newsletter = await getNewsletter(db, id);
	const html = newsletter && (await previewNewsletter(db, id, await appIssueContext(url.origin)));
	if (!newsletter || !html) error(404, 'Lettre introuvable');
	const eml = await emlOf(html, newsletter.titre, readMailSettings().from);
	return new Response(new Uint8Array(eml), {
		headers: { 'content-type': 'message/rfc822', 'content-disposition': `attachment; filename="lettre-${id}.eml"` }
	});
};
