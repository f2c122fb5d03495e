import { json } from '@sveltejs/kit';
import { parseQuery, todoQuerySchema, TODO_QUERY_KEYS } from '$lib/schemas/parcours';
import { getDatabase } from '$lib/server/db';
import { zodError } from '$lib/server/http/errors';
import { parcoursContext, viewerOf } from '$lib/server/http/parcours';
import { dueFollowupPoints } from '$lib/server/queries/parcours';
import type { RequestHandler } from './$types';

/**
 * GET /api/parcours/suivis?owner=&zone=&epci= → GeoJSON points of the structures with a follow-up
 * « à faire » (overdue or due within the horizon, as in « À faire »): the explorer's layer.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
	const query = parseQuery(todoQuerySchema, TODO_QUERY_KEYS, url.searchParams);
	if (!query.success) return zodError(query.error, { asWritten: query.asWritten });
	const { db } = await getDatabase();
	const context = await parcoursContext();
	const points = await dueFollowupPoints(db, query.data, viewerOf(locals.user), context);
	return json({
		type: 'FeatureCollection',
		/** Due within this many days counts as « à faire » (data/parcours.json). */
		horizon_days: context.config.todo_horizon_days,
		features: points.map(({ lon, lat, ...properties }) => ({
			type: 'Feature',
			id: properties.actor_id,
			geometry: { type: 'Point', coordinates: [lon, lat] },
			properties
		}))
	});
};
