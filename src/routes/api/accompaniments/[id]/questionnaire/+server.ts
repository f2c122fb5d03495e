import { json } from '@sveltejs/kit';
import { parsePathId } from '$lib/schemas/id';
import { surveyLinkSchema } from '$lib/schemas/satisfaction';
import { getDatabase } from '$lib/server/db';
import { readJsonBody } from '$lib/server/http/body';
import { jsonError, refusalResponse, zodError } from '$lib/server/http/errors';
import { createSurveyLink } from '$lib/server/queries/satisfaction';
import type { RequestHandler } from './$types';

/**
 * POST /api/accompaniments/{id}/questionnaire `{jours?}` → 201 `{url, expires_at}`: a satisfaction
 * questionnaire link for the structure of a parcours whose ingénierie has started (409 before),
 * open `jours` days (60 by default). The link is shown once: only its hash is kept.
 */
export const POST: RequestHandler = async ({ params, request, locals, url }) => {
	const id = parsePathId(params.id);
	if (id === null) return jsonError(400, 'identifiant de parcours invalide', 'id');
	const body = await readJsonBody(request);
	if (!body.ok) return body.response;
	const parsed = surveyLinkSchema.safeParse(body.value ?? {});
	if (!parsed.success) return zodError(parsed.error);
	const { db } = await getDatabase();
	const who = locals.user ?? { id: 0, email: 'inconnu' };
	const created = await createSurveyLink(db, who, id, parsed.data.jours);
	if (!created.ok) return refusalResponse(created);
	return json(
		{ id: created.id, url: `${url.origin}/questionnaire/${created.token}`, expires_at: created.expires_at.toISOString() },
		{ status: 201 }
	);
};
