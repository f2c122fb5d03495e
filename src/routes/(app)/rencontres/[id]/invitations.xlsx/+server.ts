import { rencontreInvitesXlsx } from '$lib/server/exports/rencontres';
import { rencontreDownload, rencontreOfPath } from '$lib/server/http/rencontres';
import type { RequestHandler } from './$types';

/** GET /rencontres/{id}/invitations.xlsx → the invitation list for a mail merge, as a workbook. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const r = await rencontreOfPath(params.id, locals.user?.role);
	return rencontreDownload(
		r,
		await rencontreInvitesXlsx(r),
		'-invitations',
		'xlsx',
		'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
	);
};
