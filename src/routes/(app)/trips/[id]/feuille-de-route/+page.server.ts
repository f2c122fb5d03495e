import { can } from '$lib/domain/roles';
import { readConfig } from '$lib/server/config';
import { tripOfPage } from '$lib/server/http/trips';
import { loadSectorLabels } from '$lib/server/reference';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const trip = await tripOfPage(params.id, locals.user?.role);
	const config = readConfig();
	return {
		trip,
		withPersonalData: can(locals.user?.role, 'read_personal'),
		sectorLabels: await loadSectorLabels(),
		basemap: config.basemapUrl ? { url: config.basemapUrl, attribution: config.basemapAttribution } : null
	};
};
