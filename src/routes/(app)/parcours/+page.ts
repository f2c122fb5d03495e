// The board's cards: the open parcours of the filter, and the ended ones when their column is open.
// A filter the API refuses comes back as a message over an empty board, not as an error page.
import { api } from '$lib/api-client';
import type { ParcoursCard } from '$lib/dto/parcours';
import { apiQuery, loadFiltered } from '$lib/view/parcours-filters';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, fetch }) => {
	const query = apiQuery(url.searchParams);
	query.delete('etat');
	const showEnded = url.searchParams.get('termines') === '1';
	const ended = new URLSearchParams(query);
	ended.set('etat', 'termine');
	return loadFiltered(
		async () => {
			const [open, closed] = await Promise.all([
				api<{ rows: ParcoursCard[] }>(`/api/parcours?${query}`, { fetch }),
				showEnded ? api<{ rows: ParcoursCard[] }>(`/api/parcours?${ended}`, { fetch }) : null
			]);
			return { cards: open.rows, ended: closed?.rows ?? null, showEnded };
		},
		{ cards: [] as ParcoursCard[], ended: null, showEnded }
	);
};
