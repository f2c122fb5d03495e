import { tripToGpx } from '$lib/server/exports/trips';
import { download, tripForExport } from '$lib/server/http/trip-export';
import type { RequestHandler } from './$types';

/** GET /trips/{id}/export.gpx → waypoints and one route per day. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const trip = await tripForExport(params, locals.user?.role);
	return download(trip, tripToGpx(trip), 'gpx', 'application/gpx+xml; charset=utf-8');
};
