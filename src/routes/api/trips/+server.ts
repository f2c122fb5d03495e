import { json } from '@sveltejs/kit';
import { tripCreateSchema } from '$lib/schemas/trip';
import { readConfig } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { jsonError, zodError } from '$lib/server/http/errors';
import { readJsonBody } from '$lib/server/http/body';
import { tripActorIds, tripMutation, withPersonalData } from '$lib/server/http/trips';
import { tripSettings } from '$lib/domain/trips/settings';
import { createTrip, listTrips } from '$lib/server/queries/trips';
import type { RequestHandler } from './$types';

/** GET /api/trips → the saved trips, latest first. */
export const GET: RequestHandler = async ({ locals }) => {
	const { db } = await getDatabase();
	return json({ trips: await listTrips(db, { withPersonalData: withPersonalData(locals.user?.role) }) });
};

/**
 * POST /api/trips with the settings and `actor_ids` or `filtre` (an explorer query string)
 * → `{id}` of the new trip, already optimised.
 */
export const POST: RequestHandler = async ({ request, locals }) => {
	const body = await readJsonBody(request);
	if (!body.ok) return body.response;
	const parsed = tripCreateSchema.safeParse(body.value);
	if (!parsed.success) return zodError(parsed.error);
	const { actor_ids, filtre, ...settings } = parsed.data;
	const { db } = await getDatabase();
	const stops = await tripActorIds(db, actor_ids, filtre);
	if ('error' in stops) return jsonError(400, stops.error, 'filtre');
	return tripMutation(async () => {
		const id = await createTrip(db, tripSettings(settings, readConfig().tripBase), stops.ids, locals.user);
		return json({ id, stops: stops.ids.length }, { status: 201 });
	});
};
