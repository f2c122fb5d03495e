import { parsePathId } from '$lib/schemas/id';
import { getDatabase } from '$lib/server/db';
import { jsonError, refusalResponse } from '$lib/server/http/errors';
import { deleteRelation } from '$lib/server/queries/relations';
import type { RequestHandler } from './$types';

/** DELETE /api/relations/{id} → 204: a relation typed or imported (derived ones have no id, they follow their origin). */
export const DELETE: RequestHandler = async ({ params, locals }) => {
	const id = parsePathId(params.id);
	if (id === null) return jsonError(400, 'identifiant de relation invalide', 'id');
	const { db } = await getDatabase();
	const done = await deleteRelation(db, id, locals.user);
	if (!done.ok) return refusalResponse(done);
	return new Response(null, { status: 204 });
};
