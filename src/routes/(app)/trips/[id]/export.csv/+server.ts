import { tripToCsv } from '$lib/server/exports/trips';
import { download, tripForExport } from '$lib/server/http/trip-export';
import type { RequestHandler } from './$types';

/** GET /trips/{id}/export.csv → the timetable, unplanned stops last with their reason. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const trip = await tripForExport(params, locals.user?.role);
	return download(trip, tripToCsv(trip), 'csv', 'text/csv; charset=utf-8');
};
