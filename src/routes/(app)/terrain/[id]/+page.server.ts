import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/roles';
import { readConfig } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { parcoursContext } from '$lib/server/http/parcours';
import { pathId } from '$lib/server/http/trips';
import { runningParcours } from '$lib/server/queries/parcours';
import { getTrip } from '$lib/server/queries/trips';
import type { PageServerLoad } from './$types';

/** The field view of a trip: its stops with their short record, contacts and running parcours. */
export const load: PageServerLoad = async ({ params, locals, depends }) => {
	depends('app:terrain');
	const id = pathId(params.id);
	if (id === null) error(400, 'identifiant de tournée invalide');
	const { db } = await getDatabase();
	const trip = await getTrip(db, id, { withPersonalData: can(locals.user?.role, 'read_personal') });
	if (!trip) error(404, `Aucune tournée ${id}`);
	const context = await parcoursContext();
	const config = readConfig();
	const parcours = await runningParcours(
		db,
		trip.stops.map((s) => s.actor_id),
		context
	);
	return {
		trip,
		today: context.today,
		sectorLabels: context.sectorLabels,
		parcours: Object.fromEntries(parcours),
		canWrite: can(locals.user?.role, 'write'),
		basemap: config.basemapUrl ? { url: config.basemapUrl, attribution: config.basemapAttribution } : null
	};
};
