import { json } from '@sveltejs/kit';
import { parseActorFilter } from '$lib/schemas/actor-filter';
import { getDatabase } from '$lib/server/db';
import { zodError } from '$lib/server/http/errors';
import { actorFacets, listActors } from '$lib/server/queries/actor-list';
import type { RequestHandler } from './$types';

/** GET /api/actors/facets?<filtres> → total and, per facet, the count of each option. */
export const GET: RequestHandler = async ({ url }) => {
	const filter = parseActorFilter(url.searchParams);
	if (!filter.success) return zodError(filter.error);
	const { db } = await getDatabase();
	const [facets, { total }] = await Promise.all([actorFacets(db, filter.data), listActors(db, filter.data, { limit: 0 })]);
	return json({ total, facets });
};
