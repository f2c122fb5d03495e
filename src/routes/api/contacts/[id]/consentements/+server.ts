import { json } from '@sveltejs/kit';
import { parsePathId } from '$lib/schemas/id';
import { getDatabase } from '$lib/server/db';
import { readJsonBody } from '$lib/server/http/body';
import { jsonError, refusalResponse } from '$lib/server/http/errors';
import { recordConsent } from '$lib/server/queries/consents';
import type { RequestHandler } from './$types';

/**
 * POST /api/contacts/{id}/consentements `{channel, status, base_legale, source}` → 200: a contact
 * person's consent for a channel, with its legal basis and source (dated now). 409 after an
 * unsubscription: only the person can subscribe again.
 */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	const id = parsePathId(params.id);
	if (id === null) return jsonError(400, 'identifiant de contact invalide', 'id');
	const body = await readJsonBody(request);
	if (!body.ok) return body.response;
	const { db } = await getDatabase();
	const outcome = await recordConsent(db, locals.user!, { ...(body.value as object), contact_id: id });
	return outcome.ok ? json({ ok: true }) : refusalResponse(outcome);
};
