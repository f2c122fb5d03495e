import { json } from '@sveltejs/kit';
import { tripVisitSchema } from '$lib/schemas/trip';
import { getDatabase } from '$lib/server/db';
import { jsonError, zodError } from '$lib/server/http/errors';
import { readJsonBody } from '$lib/server/http/body';
import { pathId, tripMutation } from '$lib/server/http/trips';
import { recordVisit } from '$lib/server/queries/trips';
import type { RequestHandler } from './$types';

/**
 * POST /api/trips/{id}/stops/{stop}/visit with `{status: fait|non_rencontre|prevu, note?, date?,
 * ouvrir_accompagnement?, version?, cle?}` → `{contact_log_id, accompaniment_id, visit_version,
 * replayed}`; 409 when `version` is not the stop's count of reports any more (another report came
 * in between); the same `cle` as the last report recorded: answered with it, nothing saved twice.
 */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	const [id, stop] = [pathId(params.id), pathId(params.stop)];
	if (id === null || stop === null) return jsonError(400, 'identifiant de tournée ou d’arrêt invalide', id === null ? 'id' : 'stop');
	const body = await readJsonBody(request);
	if (!body.ok) return body.response;
	const parsed = tripVisitSchema.safeParse(body.value);
	if (!parsed.success) return zodError(parsed.error);
	const { db } = await getDatabase();
	return tripMutation(async () => {
		const result = await recordVisit(db, id, stop, parsed.data, locals.user);
		return result ? json(result) : jsonError(404, `Aucun arrêt ${stop} dans la tournée ${id}`, 'stop');
	});
};
