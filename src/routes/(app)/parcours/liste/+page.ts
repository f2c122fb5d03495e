// « Liste » : the same parcours as the board (and the ended ones on demand, `etat`), as rows.
import { api, ApiError } from '$lib/api-client';
import type { ParcoursCard } from '$lib/dto/parcours';
import { apiQuery } from '$lib/view/parcours-filters';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, fetch }) => {
	try {
		const { rows } = await api<{ rows: ParcoursCard[] }>(`/api/parcours?${apiQuery(url.searchParams)}`, { fetch });
		return { rows, error: null };
	} catch (e) {
		if (!(e instanceof ApiError) || e.status !== 400) throw e;
		return { rows: [] as ParcoursCard[], error: e.message };
	}
};
