import { can } from '$lib/domain/roles';
import { readConfig } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { parcoursContext } from '$lib/server/http/parcours';
import { tripOfPage } from '$lib/server/http/trips';
import { runningParcours } from '$lib/server/queries/parcours';
import type { PageServerLoad } from './$types';

/** The field view of a trip: its stops with their short record, contacts and running parcours. */
export const load: PageServerLoad = async ({ params, locals, depends }) => {
	depends('app:terrain');
	const trip = await tripOfPage(params.id, locals.user?.role);
	const { db } = await getDatabase();
	const context = await parcoursContext();
	const parcours = await runningParcours(
		db,
		trip.stops.map((s) => s.actor_id),
		context
	);
	const config = readConfig();
	return {
		trip,
		today: context.today,
		sectorLabels: context.sectorLabels,
		parcours: Object.fromEntries(parcours),
		canWrite: can(locals.user?.role, 'write'),
		basemap: config.basemapUrl ? { url: config.basemapUrl, attribution: config.basemapAttribution } : null
	};
};
