import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { can } from '$lib/domain/roles';
import { getDatabase } from '$lib/server/db';
import { jsonError } from '$lib/server/http/errors';
import { actorDetails } from '$lib/server/queries/actors';
import type { RequestHandler } from './$types';

const idSchema = z.coerce.number().int().positive();

/** GET /api/actors/{id} → identity, accompaniment history, contact log; contact persons for the team only. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const id = idSchema.safeParse(params.id);
	if (!id.success) return jsonError(400, 'identifiant d’acteur invalide', 'id');
	const { db } = await getDatabase();
	const actor = await actorDetails(db, id.data, { withPersonalData: can(locals.user?.role, 'read_personal') });
	if (!actor) return jsonError(404, `Aucun acteur ${id.data}`, 'id');
	return json(actor);
};
