import { error } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { followupsToIcs } from '$lib/server/exports/parcours';
import { parcoursContext } from '$lib/server/http/parcours';
import { calendarFollowups, calendarTokenUser } from '$lib/server/queries/parcours';
import type { RequestHandler } from './$types';

/**
 * GET /calendrier/{token} → the follow-ups of the parcours the token's user follows, one all-day
 * event each (text/calendar), for an agenda application to subscribe to. Public: the token is the
 * key; 404 once it is revoked.
 */
export const GET: RequestHandler = async ({ params, url }) => {
	const { db } = await getDatabase();
	const user = await calendarTokenUser(db, params.token);
	if (!user) error(404, 'Agenda introuvable : le lien a peut-être été renouvelé ou révoqué');
	const context = await parcoursContext();
	const followups = await calendarFollowups(db, user.id, context);
	return new Response(followupsToIcs(followups, { origin: url.origin, owner: user.nom || user.email }), {
		headers: { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'private, no-cache' }
	});
};
