import { json } from '@sveltejs/kit';
import { parseIndicatorQuery } from '$lib/schemas/indicator-query';
import { readConfig } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { DataVersionCache } from '$lib/server/data-version';
import { withDataEtag } from '$lib/server/http/cache';
import { zodError } from '$lib/server/http/errors';
import { indicatorRows } from '$lib/server/queries/indicators';
import type { RequestHandler } from './$types';

const results = new DataVersionCache<Awaited<ReturnType<typeof indicatorRows>>>(100);

/**
 * GET /api/indicators?level=departement|zone|arrondissement|epci|commune&de=YYYY&a=YYYY[&secteur=…]
 * (`from`, `to`, `sector`: the older names, still accepted)
 * → {rows: one per territory × year, zeros included}; the rules: README « Indicateurs ».
 */
export const GET: RequestHandler = async (event) => {
	const query = parseIndicatorQuery(event.url.searchParams);
	if (!query.success) return zodError(query.error, { asWritten: query.asWritten });
	const { db } = await getDatabase();
	const { departement } = readConfig();
	return withDataEtag(db, event, async (version) =>
		json({ rows: await results.at(version, JSON.stringify(query.data), () => indicatorRows(db, query.data, departement)) })
	);
};
