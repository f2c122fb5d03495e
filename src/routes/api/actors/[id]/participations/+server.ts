import { json } from '@sveltejs/kit';
import { parsePathId } from '$lib/schemas/id';
import { participationSchema } from '$lib/schemas/relation';
import { getDatabase } from '$lib/server/db';
import { readJsonBody } from '$lib/server/http/body';
import { jsonError, refusalResponse, zodError } from '$lib/server/http/errors';
import { addParticipation, initiativeHistory } from '$lib/server/queries/initiatives';
import type { RequestHandler } from './$types';

/** GET /api/actors/{id}/participations → the initiative's history: participations, relations, structures involved. */
export const GET: RequestHandler = async ({ params }) => {
	const id = parsePathId(params.id);
	if (id === null) return jsonError(400, 'identifiant d’acteur invalide', 'id');
	const { db } = await getDatabase();
	return json(await initiativeHistory(db, id));
};

/** POST /api/actors/{id}/participations `{date, note?, actor_ids?}` → 201 `{id}`: the DLA at a meeting of the initiative. */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	const id = parsePathId(params.id);
	if (id === null) return jsonError(400, 'identifiant d’acteur invalide', 'id');
	const body = await readJsonBody(request);
	if (!body.ok) return body.response;
	const parsed = participationSchema.safeParse(body.value);
	if (!parsed.success) return zodError(parsed.error);
	const { db } = await getDatabase();
	const saved = await addParticipation(db, id, parsed.data, locals.user);
	if (!saved.ok) return refusalResponse(saved);
	return json({ id: saved.id }, { status: 201 });
};
