import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/roles';
import { readConfig } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { pathId } from '$lib/server/http/trips';
import { getTrip } from '$lib/server/queries/trips';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, depends }) => {
	depends('app:trip');
	const id = pathId(params.id);
	if (id === null) error(400, 'identifiant de tournée invalide');
	const { db } = await getDatabase();
	const trip = await getTrip(db, id, { withPersonalData: can(locals.user?.role, 'read_personal') });
	if (!trip) error(404, `Aucune tournée ${id}`);
	const config = readConfig();
	return {
		trip,
		canWrite: can(locals.user?.role, 'write'),
		basemap: config.basemapUrl ? { url: config.basemapUrl, attribution: config.basemapAttribution } : null
	};
};
