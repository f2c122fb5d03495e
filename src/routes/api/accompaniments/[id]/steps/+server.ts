import { json } from '@sveltejs/kit';
import { parsePathId } from '$lib/schemas/id';
import { parcoursMoveSchema } from '$lib/schemas/parcours';
import { getDatabase } from '$lib/server/db';
import { readJsonBody } from '$lib/server/http/body';
import { jsonError, zodError } from '$lib/server/http/errors';
import { parcoursContext, parcoursMutation } from '$lib/server/http/parcours';
import { moveParcours } from '$lib/server/queries/parcours';
import type { RequestHandler } from './$types';

/**
 * POST /api/accompaniments/{id}/steps `{version, stage, date, note?, oriente_vers?, ingenierie_type?,
 * prestataire_id?}` → `{version, stage}`; 400 naming the field for a refused move, 409 on a conflict.
 */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	const id = parsePathId(params.id);
	if (id === null) return jsonError(400, 'identifiant de parcours invalide', 'id');
	const body = await readJsonBody(request);
	if (!body.ok) return body.response;
	const parsed = parcoursMoveSchema.safeParse(body.value);
	if (!parsed.success) return zodError(parsed.error);
	const { db } = await getDatabase();
	const { today } = await parcoursContext();
	return parcoursMutation(async () => json(await moveParcours(db, id, parsed.data, locals.user, today)));
};
