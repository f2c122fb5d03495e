import { json } from '@sveltejs/kit';
import { tripStopUpdateSchema } from '$lib/schemas/trip';
import { getDatabase } from '$lib/server/db';
import { jsonError, zodError } from '$lib/server/http/errors';
import { readJsonBody } from '$lib/server/http/body';
import { pathId, tripMutation } from '$lib/server/http/trips';
import { removeStop, updateStop } from '$lib/server/queries/trips';
import type { RequestHandler } from './$types';

/** PATCH /api/trips/{id}/stops/{stop} with `{duration_min, window_start, window_end}`; the trip is re-timed. */
export const PATCH: RequestHandler = async ({ params, request, locals }) => {
	const [id, stop] = [pathId(params.id), pathId(params.stop)];
	if (id === null || stop === null) return jsonError(400, 'identifiant de tournée ou d’arrêt invalide', id === null ? 'id' : 'stop');
	const body = await readJsonBody(request);
	if (!body.ok) return body.response;
	const parsed = tripStopUpdateSchema.safeParse(body.value);
	if (!parsed.success) return zodError(parsed.error);
	const { db } = await getDatabase();
	return tripMutation(async () =>
		(await updateStop(db, id, stop, parsed.data, locals.user))
			? json({ ok: true })
			: jsonError(404, `Aucun arrêt ${stop} dans la tournée ${id}`, 'stop')
	);
};

/** DELETE /api/trips/{id}/stops/{stop}; the trip is re-timed. */
export const DELETE: RequestHandler = async ({ params, locals }) => {
	const [id, stop] = [pathId(params.id), pathId(params.stop)];
	if (id === null || stop === null) return jsonError(400, 'identifiant de tournée ou d’arrêt invalide', id === null ? 'id' : 'stop');
	const { db } = await getDatabase();
	return tripMutation(async () =>
		(await removeStop(db, id, stop, locals.user))
			? new Response(null, { status: 204 })
			: jsonError(404, `Aucun arrêt ${stop} dans la tournée ${id}`, 'stop')
	);
};
