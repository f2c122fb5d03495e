import { parsePathId } from '$lib/schemas/id';
import { getDatabase } from '$lib/server/db';
import { jsonError } from '$lib/server/http/errors';
import { parcoursMutation } from '$lib/server/http/parcours';
import { joinCollective, leaveCollective } from '$lib/server/queries/ingenieries-collectives';
import type { RequestHandler } from './$types';

/** The collective's and the parcours' ids from the path, or the 400 naming the bad one. */
function ids(params: { id: string; parcours: string }): { collective: number; parcours: number } | Response {
	const collective = parsePathId(params.id);
	if (collective === null) return jsonError(400, 'identifiant d’ingénierie collective invalide', 'id');
	const parcours = parsePathId(params.parcours);
	if (parcours === null) return jsonError(400, 'identifiant de parcours invalide', 'accompaniment_id');
	return { collective, parcours };
}

/** PUT /api/ingenieries-collectives/{id}/parcours/{parcours} → 204: the parcours joins the collective. */
export const PUT: RequestHandler = async ({ params, locals }) => {
	const path = ids(params);
	if (path instanceof Response) return path;
	const { db } = await getDatabase();
	return parcoursMutation(async () => {
		await joinCollective(db, path.collective, path.parcours, locals.user);
		return new Response(null, { status: 204 });
	});
};

/** DELETE /api/ingenieries-collectives/{id}/parcours/{parcours} → 204: the parcours leaves it. */
export const DELETE: RequestHandler = async ({ params, locals }) => {
	const path = ids(params);
	if (path instanceof Response) return path;
	const { db } = await getDatabase();
	return parcoursMutation(async () => {
		await leaveCollective(db, path.collective, path.parcours, locals.user);
		return new Response(null, { status: 204 });
	});
};
