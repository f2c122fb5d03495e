import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { jsonError } from '$lib/server/http/errors';
import { createCalendarToken, revokeCalendarToken } from '$lib/server/queries/parcours';
import type { RequestHandler } from './$types';

/**
 * POST /api/compte/calendrier → `{url}` of a new calendar feed of the user's follow-ups (the
 * previous one stops working). The URL is the secret: only its hash is stored.
 */
export const POST: RequestHandler = async ({ locals, url }) => {
	const user = locals.user;
	if (!user || user.id <= 0) return jsonError(400, 'un agenda se rattache à un compte : connectez-vous avec le vôtre');
	const { db } = await getDatabase();
	const token = await createCalendarToken(db, user);
	return json({ url: `${url.origin}/calendrier/${token}` });
};

/** DELETE /api/compte/calendrier → 204: the feed's URL stops working. */
export const DELETE: RequestHandler = async ({ locals }) => {
	const user = locals.user;
	if (!user || user.id <= 0) return new Response(null, { status: 204 });
	const { db } = await getDatabase();
	await revokeCalendarToken(db, user);
	return new Response(null, { status: 204 });
};
