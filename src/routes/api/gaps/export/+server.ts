import { parseGapQuery } from '$lib/schemas/gap-query';
import { getDatabase } from '$lib/server/db';
import { gapsToCsv } from '$lib/server/exports/gaps';
import { zodError } from '$lib/server/http/errors';
import { gapAnalysis } from '$lib/server/queries/gaps';
import type { RequestHandler } from './$types';

/** GET /api/gaps/export?<same parameters as /api/gaps> → the same rows as CSV (« ; », virgule décimale). */
export const GET: RequestHandler = async ({ url }) => {
	const query = parseGapQuery(url.searchParams);
	if (!query.success) return zodError(query.error, { asWritten: query.asWritten });
	const { db } = await getDatabase();
	const { query: q, rows } = await gapAnalysis(db, query.data);
	const name = `maillage-manques-${q.level}-${q.by === 'sector' ? 'secteurs-' : ''}${q.from}-${q.to}`;
	return new Response(gapsToCsv(rows), {
		headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}.csv"` }
	});
};
