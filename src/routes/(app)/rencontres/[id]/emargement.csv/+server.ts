import { signInSheetCsv } from '$lib/server/exports/rencontres';
import { rencontreDownload, rencontreOfPath } from '$lib/server/http/rencontres';
import type { RequestHandler } from './$types';

/** GET /rencontres/{id}/emargement.csv → the sign-in sheet to fill in and import back. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const r = await rencontreOfPath(params.id, locals.user?.role);
	return rencontreDownload(r, signInSheetCsv(r), '-emargement', 'csv', 'text/csv; charset=utf-8');
};
