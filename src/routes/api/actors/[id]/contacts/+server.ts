import { json } from '@sveltejs/kit';
import { parsePathId } from '$lib/schemas/id';
import { parcoursContactSchema } from '$lib/schemas/parcours';
import { getDatabase } from '$lib/server/db';
import { readJsonBody } from '$lib/server/http/body';
import { jsonError, zodError } from '$lib/server/http/errors';
import { parcoursContext, parcoursMutation } from '$lib/server/http/parcours';
import { recordContact } from '$lib/server/queries/parcours';
import type { RequestHandler } from './$types';

/** POST /api/actors/{id}/contacts `{date, type, note?}` → 201 `{id}`: an exchange in the contact log. */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	const id = parsePathId(params.id);
	if (id === null) return jsonError(400, 'identifiant d’acteur invalide', 'id');
	const body = await readJsonBody(request);
	if (!body.ok) return body.response;
	const parsed = parcoursContactSchema.safeParse(body.value);
	if (!parsed.success) return zodError(parsed.error);
	const { db } = await getDatabase();
	const { today } = await parcoursContext();
	return parcoursMutation(async () => json(await recordContact(db, id, parsed.data, locals.user, today), { status: 201 }));
};
