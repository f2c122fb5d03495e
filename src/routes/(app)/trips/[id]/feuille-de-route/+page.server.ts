import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/roles';
import { readConfig } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { pathId } from '$lib/server/http/trips';
import { getTrip } from '$lib/server/queries/trips';
import { loadSectorLabels } from '$lib/server/reference';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const id = pathId(params.id);
	if (id === null) error(400, 'identifiant de tournée invalide');
	const { db } = await getDatabase();
	const withPersonalData = can(locals.user?.role, 'read_personal');
	const trip = await getTrip(db, id, { withPersonalData });
	if (!trip) error(404, `Aucune tournée ${id}`);
	const config = readConfig();
	return {
		trip,
		withPersonalData,
		sectorLabels: await loadSectorLabels(),
		basemap: config.basemapUrl ? { url: config.basemapUrl, attribution: config.basemapAttribution } : null
	};
};
