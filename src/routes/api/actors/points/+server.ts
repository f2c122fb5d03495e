import { json } from '@sveltejs/kit';
import { parseActorFilter } from '$lib/schemas/actor-filter';
import { getDatabase } from '$lib/server/db';
import { zodError } from '$lib/server/http/errors';
import { actorPoints } from '$lib/server/queries/actor-list';
import type { RequestHandler } from './$types';

/** GET /api/actors/points?<filtres> → the filtered actors as compact columns for the map. */
export const GET: RequestHandler = async ({ url }) => {
	const filter = parseActorFilter(url.searchParams);
	if (!filter.success) return zodError(filter.error);
	const { db } = await getDatabase();
	return json(await actorPoints(db, filter.data));
};
