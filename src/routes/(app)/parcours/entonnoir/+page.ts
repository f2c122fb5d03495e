// « Entonnoir » : the funnel at the level asked for, and at zone level for the side-by-side of the
// département and its priority zones (one request when the level is already the zone).
import { api } from '$lib/api-client';
import type { Funnel } from '$lib/dto/parcours';
import { apiQuery, FUNNEL_KEYS, loadFiltered } from '$lib/view/parcours-filters';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, fetch }) => {
	const query = apiQuery(url.searchParams, FUNNEL_KEYS);
	const level = query.get('level') ?? 'zone';
	query.set('level', level);
	const byZone = new URLSearchParams(query);
	byZone.set('level', 'zone');
	return loadFiltered(
		async () => {
			const [funnel, zones] = await Promise.all([
				api<Funnel>(`/api/parcours/funnel?${query}`, { fetch }),
				level === 'zone' ? null : api<Funnel>(`/api/parcours/funnel?${byZone}`, { fetch })
			]);
			return { funnel, zoneFunnel: zones ?? funnel };
		},
		{ funnel: null, zoneFunnel: null }
	);
};
