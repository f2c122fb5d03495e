// « À faire » : follow-ups due, stalled parcours, structures met but never opened.
import { api } from '$lib/api-client';
import type { ParcoursTodo } from '$lib/dto/parcours';
import { apiQuery, loadFiltered, TODO_FILTER_KEYS } from '$lib/view/parcours-filters';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, fetch, depends }) => {
	depends('parcours:a-faire');
	return loadFiltered(
		async () => ({ todo: await api<ParcoursTodo>(`/api/parcours/a-faire?${apiQuery(url.searchParams, TODO_FILTER_KEYS)}`, { fetch }) }),
		{ todo: null }
	);
};
