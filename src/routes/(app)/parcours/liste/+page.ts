// « Liste » : the same parcours as the board (and the ended ones on demand, `etat`), as rows.
import { api } from '$lib/api-client';
import type { ParcoursCard } from '$lib/dto/parcours';
import { apiQuery, loadFiltered } from '$lib/view/parcours-filters';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, fetch }) =>
	loadFiltered(() => api<{ rows: ParcoursCard[] }>(`/api/parcours?${apiQuery(url.searchParams)}`, { fetch }), {
		rows: [] as ParcoursCard[]
	});
