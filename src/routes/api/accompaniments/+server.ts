import { json } from '@sveltejs/kit';
import { parcoursOpenSchema } from '$lib/schemas/parcours';
import { getDatabase } from '$lib/server/db';
import { readJsonBody } from '$lib/server/http/body';
import { zodError } from '$lib/server/http/errors';
import { parcoursContext, parcoursMutation } from '$lib/server/http/parcours';
import { openParcours } from '$lib/server/queries/parcours';
import type { RequestHandler } from './$types';

/**
 * POST /api/accompaniments `{actor_id, date?, note?, owner_id?}` → 201 `{id, version}`: a parcours
 * at the accueil stage. 409 with `existing_id` when the structure already has one running.
 */
export const POST: RequestHandler = async ({ request, locals }) => {
	const body = await readJsonBody(request);
	if (!body.ok) return body.response;
	const parsed = parcoursOpenSchema.safeParse(body.value);
	if (!parsed.success) return zodError(parsed.error);
	const { db } = await getDatabase();
	const { today } = await parcoursContext();
	return parcoursMutation(async () => json(await openParcours(db, parsed.data, locals.user, today), { status: 201 }));
};
