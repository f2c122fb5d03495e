import { json } from '@sveltejs/kit';
import { parseGapQuery } from '$lib/schemas/gap-query';
import { getDatabase } from '$lib/server/db';
import { DataVersionCache } from '$lib/server/data-version';
import { withDataEtag } from '$lib/server/http/cache';
import { zodError } from '$lib/server/http/errors';
import { gapAnalysis } from '$lib/server/queries/gaps';
import type { RequestHandler } from './$types';

const results = new DataVersionCache<Awaited<ReturnType<typeof gapAnalysis>>>(100);

/**
 * GET /api/gaps?level=commune|epci|zone|arrondissement&by=territory|sector&secteur=…&zone=…&de=YYYY&a=YYYY
 * (`sector`, `from`, `to`: the older names, still accepted)
 * → rows sorted by gap score (rank 1 first), each with its département reference.
 */
export const GET: RequestHandler = async (event) => {
	const query = parseGapQuery(event.url.searchParams);
	if (!query.success) return zodError(query.error, { asWritten: query.asWritten });
	const { db } = await getDatabase();
	return withDataEtag(db, event, async (version) =>
		json(await results.at(version, JSON.stringify(query.data), () => gapAnalysis(db, query.data)))
	);
};
