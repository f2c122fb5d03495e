// The results of the explorer's search, grouped by kind for the list under the box: the
// territories first (what one zooms to), then the actors by kind, ESS structures first.
import type { ActorKind } from '../domain/stages';
import { LEVEL_LABELS } from '../domain/territory/levels';
import type { ActorHit, SearchResult, TerritoryHit } from '../dto/search';

export type SearchHit = { type: 'territory'; hit: TerritoryHit } | { type: 'actor'; hit: ActorHit };

export interface SearchOption {
	/** Unique among the options (the DOM id of the option is made of it). */
	key: string;
	label: string;
	detail: string;
	hit: SearchHit;
}

export interface SearchGroup {
	key: string;
	/** The group's heading: « Territoires », « Structures de l’ESS », « Collectivités »… */
	label: string;
	options: SearchOption[];
}

/** The kinds as the group headings name them. */
export const ACTOR_KIND_GROUP_LABELS: Record<ActorKind, string> = {
	structure_ess: 'Structures de l’ESS',
	partenaire: 'Partenaires',
	initiative: 'Initiatives',
	collectivite: 'Collectivités'
};
/** ESS structures first, collectivités last: they are not what the DLA accompanies. */
const KIND_ORDER: readonly ActorKind[] = ['structure_ess', 'partenaire', 'initiative', 'collectivite'];

/** The non-empty groups, each keeping the server's order (best match first). */
export function searchGroups(result: SearchResult): SearchGroup[] {
	const groups: SearchGroup[] = [];
	if (result.territories.length) {
		groups.push({
			key: 'territoires',
			label: 'Territoires',
			options: result.territories.map((t) => ({
				key: `t-${t.level}-${t.code}`,
				label: t.nom,
				detail: LEVEL_LABELS[t.level],
				hit: { type: 'territory', hit: t }
			}))
		});
	}
	for (const kind of KIND_ORDER) {
		const actors = result.actors.filter((a) => a.kind === kind);
		if (!actors.length) continue;
		groups.push({
			key: kind,
			label: ACTOR_KIND_GROUP_LABELS[kind],
			options: actors.map((a) => ({
				key: `a-${a.id}`,
				label: a.sigle ? `${a.nom} (${a.sigle})` : a.nom,
				detail: a.siret ? `${a.commune} · ${a.siret}` : a.commune,
				hit: { type: 'actor', hit: a }
			}))
		});
	}
	return groups;
}
