import { rencontreInvitesCsv } from '$lib/server/exports/rencontres';
import { rencontreDownload, rencontreOfPath } from '$lib/server/http/rencontres';
import type { RequestHandler } from './$types';

/** GET /rencontres/{id}/invitations.csv → the invitation list for a mail merge. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const r = await rencontreOfPath(params.id, locals.user?.role);
	return rencontreDownload(r, rencontreInvitesCsv(r), '-invitations', 'csv', 'text/csv; charset=utf-8');
};
