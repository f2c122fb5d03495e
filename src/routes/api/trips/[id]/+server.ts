import { json } from '@sveltejs/kit';
import { tripUpdateSchema } from '$lib/schemas/trip';
import { readConfig } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { jsonError, zodError } from '$lib/server/http/errors';
import { readJsonBody } from '$lib/server/http/body';
import { pathId, tripMutation, withPersonalData } from '$lib/server/http/trips';
import { tripSettings } from '$lib/domain/trips/settings';
import { deleteTrip, getTrip, updateTrip } from '$lib/server/queries/trips';
import type { RequestHandler } from './$types';

/** GET /api/trips/{id} → settings, stops (visiting order, unplanned last) and the stored plan. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const id = pathId(params.id);
	if (id === null) return jsonError(400, 'identifiant de tournée invalide', 'id');
	const { db } = await getDatabase();
	const trip = await getTrip(db, id, { withPersonalData: withPersonalData(locals.user?.role) });
	return trip ? json(trip) : jsonError(404, `Aucune tournée ${id}`, 'id');
};

/** PATCH /api/trips/{id} with the settings and `version` → `{version}`; 409 if saved meanwhile. */
export const PATCH: RequestHandler = async ({ params, request, locals }) => {
	const id = pathId(params.id);
	if (id === null) return jsonError(400, 'identifiant de tournée invalide', 'id');
	const body = await readJsonBody(request);
	if (!body.ok) return body.response;
	const parsed = tripUpdateSchema.safeParse(body.value);
	if (!parsed.success) return zodError(parsed.error);
	const { version, ...settings } = parsed.data;
	const { db } = await getDatabase();
	return tripMutation(async () => {
		const saved = await updateTrip(db, id, version as number, tripSettings(settings, readConfig().tripBase), locals.user);
		if (saved === null) return jsonError(409, 'Cette tournée a été modifiée entre-temps : rechargez-la avant d’enregistrer', 'version');
		return json({ id, version: saved });
	});
};

/** DELETE /api/trips/{id}. */
export const DELETE: RequestHandler = async ({ params, locals }) => {
	const id = pathId(params.id);
	if (id === null) return jsonError(400, 'identifiant de tournée invalide', 'id');
	const { db } = await getDatabase();
	return (await deleteTrip(db, id, locals.user)) ? new Response(null, { status: 204 }) : jsonError(404, `Aucune tournée ${id}`, 'id');
};
