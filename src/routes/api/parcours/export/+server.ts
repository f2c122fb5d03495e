import { parseQuery, parcoursQuerySchema, PARCOURS_QUERY_KEYS } from '$lib/schemas/parcours';
import { getDatabase } from '$lib/server/db';
import { jsonError, zodError } from '$lib/server/http/errors';
import { parcoursContext, viewerOf } from '$lib/server/http/parcours';
import { parcoursToCsv, parcoursToXlsx } from '$lib/server/exports/parcours';
import { parcoursExportRows } from '$lib/server/queries/parcours';
import type { RequestHandler } from './$types';

/** GET /api/parcours/export?format=csv|xlsx&<the board's filters> → the parcours as a file. */
export const GET: RequestHandler = async ({ url, locals }) => {
	const format = url.searchParams.get('format') ?? 'csv';
	if (format !== 'csv' && format !== 'xlsx') return jsonError(400, 'format : csv ou xlsx attendu', 'format');
	const query = parseQuery(parcoursQuerySchema, PARCOURS_QUERY_KEYS, url.searchParams, ['format']);
	if (!query.success) return zodError(query.error, { asWritten: query.asWritten });
	const { db } = await getDatabase();
	const context = await parcoursContext();
	const rows = await parcoursExportRows(db, query.data, viewerOf(locals.user), context);
	const name = `parcours-${context.today}.${format}`;
	const headers = { 'content-disposition': `attachment; filename="${name}"` };
	if (format === 'csv') return new Response(parcoursToCsv(rows), { headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' } });
	const body = await parcoursToXlsx(rows, 'Parcours');
	return new Response(new Uint8Array(body), {
		headers: { ...headers, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }
	});
};
