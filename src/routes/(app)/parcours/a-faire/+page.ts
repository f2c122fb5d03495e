// « À faire » : follow-ups due, stalled parcours, structures met but never opened.
import { api, ApiError } from '$lib/api-client';
import type { ParcoursTodo } from '$lib/dto/parcours';
import { apiQuery, TODO_FILTER_KEYS } from '$lib/view/parcours-filters';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, fetch, depends }) => {
	depends('parcours:a-faire');
	try {
		const todo = await api<ParcoursTodo>(`/api/parcours/a-faire?${apiQuery(url.searchParams, TODO_FILTER_KEYS)}`, { fetch });
		return { todo, error: null };
	} catch (e) {
		if (!(e instanceof ApiError) || e.status !== 400) throw e;
		return { todo: null, error: e.message };
	}
};
