import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { jsonError } from '$lib/server/http/errors';
import { pathId, tripMutation } from '$lib/server/http/trips';
import { optimizeTrip } from '$lib/server/queries/trips';
import type { RequestHandler } from './$types';

/** POST /api/trips/{id}/optimize → the optimised plan, stored with the new order. */
export const POST: RequestHandler = async ({ params, locals }) => {
	const id = pathId(params.id);
	if (id === null) return jsonError(400, 'identifiant de tournée invalide', 'id');
	const { db } = await getDatabase();
	return tripMutation(async () => json(await optimizeTrip(db, id, locals.user)));
};
