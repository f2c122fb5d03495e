import { error } from '@sveltejs/kit';
import { tripToIcs } from '$lib/server/exports/trips';
import { download, tripForExport } from '$lib/server/http/trip-export';
import { withPersonalData } from '$lib/server/http/trips';
import type { RequestHandler } from './$types';

/** GET /trips/{id}/export.ics → one calendar event per planned visit. */
export const GET: RequestHandler = async ({ params, locals, url }) => {
	const trip = await tripForExport(params, locals.user?.role);
	if (!trip.plan?.schedule.length) error(409, 'Aucune visite planifiée : optimisez la tournée avant de l’exporter');
	return download(
		trip,
		tripToIcs(trip, { withPersonalData: withPersonalData(locals.user?.role), origin: url.origin }),
		'ics',
		'text/calendar; charset=utf-8'
	);
};
