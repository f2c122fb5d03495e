import { json } from '@sveltejs/kit';
import { todayIn } from '$lib/domain/parcours/calendar';
import { getDatabase } from '$lib/server/db';
import { rencontrePoints } from '$lib/server/queries/events';
import type { RequestHandler } from './$types';

/** GET /api/rencontres/points → the events with a place (cancelled ones aside), upcoming or past, as GeoJSON. */
export const GET: RequestHandler = async () => {
	const { db } = await getDatabase();
	const points = await rencontrePoints(db, todayIn());
	return json({
		type: 'FeatureCollection',
		features: points.map(({ lon, lat, ...properties }) => ({
			type: 'Feature',
			geometry: { type: 'Point', coordinates: [lon, lat] },
			properties
		}))
	});
};
