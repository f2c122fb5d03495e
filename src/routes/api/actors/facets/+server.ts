import { json } from '@sveltejs/kit';
import { parseActorFilter } from '$lib/schemas/actor-filter';
import { getDatabase } from '$lib/server/db';
import { DataVersionCache } from '$lib/server/data-version';
import { withDataEtag } from '$lib/server/http/cache';
import { zodError } from '$lib/server/http/errors';
import { actorFacets, listActors } from '$lib/server/queries/actor-list';
import { filterKey } from '$lib/server/tiles/actor-tiles';
import type { RequestHandler } from './$types';

const results = new DataVersionCache<{ total: number; facets: Awaited<ReturnType<typeof actorFacets>> }>();

/** GET /api/actors/facets?<filtres> → total and, per facet, the count of each option. */
export const GET: RequestHandler = async (event) => {
	const filter = parseActorFilter(event.url.searchParams);
	if (!filter.success) return zodError(filter.error, { asWritten: filter.asWritten });
	const { db } = await getDatabase();
	return withDataEtag(db, event, async (version) =>
		json(
			await results.at(version, filterKey(filter.data), async () => {
				const [facets, { total }] = await Promise.all([actorFacets(db, filter.data), listActors(db, filter.data, { limit: 0 })]);
				return { total, facets };
			})
		)
	);
};
