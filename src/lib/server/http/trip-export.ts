// The trip export endpoints share this: load the trip (personal data by role), 404 when unknown.
import { error } from '@sveltejs/kit';
import { getDatabase } from '../db';
import { getTrip, type TripDetails } from '../queries/trips';
import { exportFileName } from '../exports/trips';
import { pathId, withPersonalData } from './trips';

export async function tripForExport(params: { id?: string }, role: Parameters<typeof withPersonalData>[0]): Promise<TripDetails> {
	const id = pathId(params.id);
	if (id === null) error(400, 'identifiant de tournée invalide');
	const { db } = await getDatabase();
	const trip = await getTrip(db, id, { withPersonalData: withPersonalData(role) });
	if (!trip) error(404, `Aucune tournée ${id}`);
	return trip;
}

export function download(trip: TripDetails, body: string, extension: string, type: string): Response {
	return new Response(body, {
		headers: {
			'content-type': type,
			'content-disposition': `attachment; filename="${exportFileName(trip, extension)}"`,
			'cache-control': 'no-store'
		}
	});
}
