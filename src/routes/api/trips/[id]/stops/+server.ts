import { json } from '@sveltejs/kit';
import { tripStopsAddSchema } from '$lib/schemas/trip';
import { getDatabase } from '$lib/server/db';
import { jsonError, zodError } from '$lib/server/http/errors';
import { readJsonBody } from '$lib/server/http/body';
import { pathId, tripMutation } from '$lib/server/http/trips';
import { addStops } from '$lib/server/queries/trips';
import type { RequestHandler } from './$types';

/** POST /api/trips/{id}/stops with `{actor_ids}` → `{added}` (structures already there are skipped). */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	const id = pathId(params.id);
	if (id === null) return jsonError(400, 'identifiant de tournée invalide', 'id');
	const body = await readJsonBody(request);
	if (!body.ok) return body.response;
	const parsed = tripStopsAddSchema.safeParse(body.value);
	if (!parsed.success) return zodError(parsed.error);
	const { db } = await getDatabase();
	return tripMutation(async () => json({ added: await addStops(db, id, parsed.data.actor_ids, locals.user) }));
};
