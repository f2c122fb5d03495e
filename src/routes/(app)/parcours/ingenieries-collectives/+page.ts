// The ingénieries collectives with their members, and the running parcours that may join one.
import { api } from '$lib/api-client';
import type { CollectiveSummary, ParcoursCard } from '$lib/dto/parcours';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, depends }) => {
	depends('app:collectives');
	const [collectives, open] = await Promise.all([
		api<{ rows: CollectiveSummary[] }>('/api/ingenieries-collectives', { fetch }),
		api<{ rows: ParcoursCard[] }>('/api/parcours?etat=en_cours', { fetch })
	]);
	return {
		collectives: collectives.rows,
		candidates: open.rows.map((c) => ({
			id: c.id,
			actor_nom: c.actor_nom,
			commune_nom: c.commune_nom,
			stage: c.stage,
			ingenierie_collective_id: c.ingenierie_collective_id
		}))
	};
};
