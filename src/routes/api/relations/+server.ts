import { json } from '@sveltejs/kit';
import { relationSchema } from '$lib/schemas/relation';
import { getDatabase } from '$lib/server/db';
import { readJsonBody } from '$lib/server/http/body';
import { refusalResponse, zodError } from '$lib/server/http/errors';
import { saveRelation } from '$lib/server/queries/relations';
import type { RequestHandler } from './$types';

/** POST /api/relations `{from_id, to_id, type, date_debut?, date_fin?, note?}` → 201 `{id}` (200 when it updated one). */
export const POST: RequestHandler = async ({ request, locals }) => {
	const body = await readJsonBody(request);
	if (!body.ok) return body.response;
	const parsed = relationSchema.safeParse(body.value);
	if (!parsed.success) return zodError(parsed.error);
	const { db } = await getDatabase();
	const saved = await saveRelation(db, parsed.data, locals.user);
	if (!saved.ok) return refusalResponse(saved);
	return json({ id: saved.id }, { status: saved.created ? 201 : 200 });
};
