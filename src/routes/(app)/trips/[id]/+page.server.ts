import { can } from '$lib/domain/roles';
import { readConfig } from '$lib/server/config';
import { tripOfPage } from '$lib/server/http/trips';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, depends }) => {
	depends('app:trip');
	const trip = await tripOfPage(params.id, locals.user?.role);
	const config = readConfig();
	return {
		trip,
		canWrite: can(locals.user?.role, 'write'),
		basemap: config.basemapUrl ? { url: config.basemapUrl, attribution: config.basemapAttribution } : null
	};
};
