import { json } from '@sveltejs/kit';
import { collectiveSchema } from '$lib/schemas/parcours';
import { getDatabase } from '$lib/server/db';
import { readJsonBody } from '$lib/server/http/body';
import { zodError } from '$lib/server/http/errors';
import { parcoursMutation } from '$lib/server/http/parcours';
import { listCollectives } from '$lib/server/queries/ingenieries-collectives';
import { createCollective } from '$lib/server/queries/parcours';
import type { RequestHandler } from './$types';

/**
 * POST /api/ingenieries-collectives `{titre, theme, prestataire_id, budget_eur, jours, date_debut,
 * date_fin?, accompaniment_ids}` → 201 `{id}`; the parcours listed join it.
 */
export const POST: RequestHandler = async ({ request, locals }) => {
	const body = await readJsonBody(request);
	if (!body.ok) return body.response;
	const parsed = collectiveSchema.safeParse(body.value);
	if (!parsed.success) return zodError(parsed.error);
	const { db } = await getDatabase();
	return parcoursMutation(async () => json(await createCollective(db, parsed.data, locals.user), { status: 201 }));
};

/** GET /api/ingenieries-collectives → `{rows}`: every ingénierie collective with its beneficiary parcours. */
export const GET: RequestHandler = async () => {
	const { db } = await getDatabase();
	return json({ rows: await listCollectives(db) });
};
