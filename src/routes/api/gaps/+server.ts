import { json } from '@sveltejs/kit';
import { parseGapQuery } from '$lib/schemas/gap-query';
import { getDatabase } from '$lib/server/db';
import { jsonError } from '$lib/server/http/errors';
import { gapAnalysis } from '$lib/server/queries/gaps';
import type { RequestHandler } from './$types';

/**
 * GET /api/gaps?level=commune|epci|zone|arrondissement&by=territory|sector&sector=…&zone=…&from=YYYY&to=YYYY
 * → rows sorted by gap score (rank 1 first), each with its département reference.
 */
export const GET: RequestHandler = async ({ url }) => {
	const query = parseGapQuery(url.searchParams);
	if (!query.success) return jsonError(400, query.errors[0]);
	const { db } = await getDatabase();
	return json(await gapAnalysis(db, query.data));
};
