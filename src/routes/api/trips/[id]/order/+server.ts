import { json } from '@sveltejs/kit';
import { tripOrderSchema } from '$lib/schemas/trip';
import { getDatabase } from '$lib/server/db';
import { jsonError, zodError } from '$lib/server/http/errors';
import { readJsonBody } from '$lib/server/http/body';
import { pathId, tripMutation } from '$lib/server/http/trips';
import { reorderStops } from '$lib/server/queries/trips';
import type { RequestHandler } from './$types';

/**
 * PUT /api/trips/{id}/order with `{days: [[stop ids of day 1], …], version?}` → the re-timed plan
 * (order kept); 409 when `version` is given and someone changed the trip since.
 */
export const PUT: RequestHandler = async ({ params, request, locals }) => {
	const id = pathId(params.id);
	if (id === null) return jsonError(400, 'identifiant de tournée invalide', 'id');
	const body = await readJsonBody(request);
	if (!body.ok) return body.response;
	const parsed = tripOrderSchema.safeParse(body.value);
	if (!parsed.success) return zodError(parsed.error);
	const { db } = await getDatabase();
	return tripMutation(async () => json(await reorderStops(db, id, parsed.data.days, locals.user, parsed.data.version)));
};
