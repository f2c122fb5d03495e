import { rencontreIcs } from '$lib/server/exports/rencontres';
import { rencontreDownload, rencontreOfPath } from '$lib/server/http/rencontres';
import type { RequestHandler } from './$types';

/** GET /rencontres/{id}/invitation.ics → the event, to attach to the invitation. */
export const GET: RequestHandler = async ({ params, locals, url }) => {
	const r = await rencontreOfPath(params.id, locals.user?.role);
	return rencontreDownload(r, rencontreIcs(r, url.origin), '', 'ics', 'text/calendar; charset=utf-8');
};
