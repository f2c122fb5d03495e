import { json } from '@sveltejs/kit';
import { parsePathId } from '$lib/schemas/id';
import { PARCOURS_EDITABLE_FIELDS, parcoursChangesSchema, parcoursEditSchema } from '$lib/schemas/parcours';
import { getDatabase } from '$lib/server/db';
import { readJsonBody } from '$lib/server/http/body';
import { jsonError, zodError } from '$lib/server/http/errors';
import { parcoursContext, parcoursMutation, viewerOf } from '$lib/server/http/parcours';
import { editParcours, parcoursDetail } from '$lib/server/queries/parcours';
import type { RequestHandler } from './$types';

const EDITABLE = new Set<string>(PARCOURS_EDITABLE_FIELDS);

/** GET /api/accompaniments/{id} → the parcours with every field and its journal. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const id = parsePathId(params.id);
	if (id === null) return jsonError(400, 'identifiant de parcours invalide', 'id');
	const { db } = await getDatabase();
	const detail = await parcoursDetail(db, id, viewerOf(locals.user), await parcoursContext());
	return detail ? json(detail) : jsonError(404, `Aucun parcours ${id}`, 'id');
};

/**
 * PATCH /api/accompaniments/{id} `{version, changes}` → `{version}`; only the editable fields (the
 * stage moves through /steps); 409 if someone saved the parcours since `version` was read.
 */
export const PATCH: RequestHandler = async ({ params, request, locals }) => {
	const id = parsePathId(params.id);
	if (id === null) return jsonError(400, 'identifiant de parcours invalide', 'id');
	const raw = await readJsonBody(request);
	if (!raw.ok) return raw.response;
	const body = parcoursEditSchema.safeParse(raw.value);
	if (!body.success) return zodError(body.error);
	const unknown = Object.keys(body.data.changes).find((k) => !EDITABLE.has(k));
	if (unknown) return jsonError(400, `champ non modifiable : ${unknown}`, unknown);
	const changes = parcoursChangesSchema.safeParse(body.data.changes);
	if (!changes.success) return zodError(changes.error);
	const { db } = await getDatabase();
	return parcoursMutation(async () => json(await editParcours(db, id, body.data.version, changes.data, locals.user)));
};
