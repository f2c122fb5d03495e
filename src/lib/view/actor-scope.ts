// Which actors the explorer counts and draws. Collectivités are not ESS structures: they are left
// out of « Acteurs », of the sector counts and of the map unless their own layer is on
// (`couches=…,collectivites`) or the URL asks for them (`kind=collectivite`, an older link).
import { ACTOR_KINDS, type ActorKind } from '../domain/stages';

export const COLLECTIVITE: ActorKind = 'collectivite';
/** The kinds counted as « Acteurs » when the URL names none. */
export const DEFAULT_KINDS: readonly ActorKind[] = ACTOR_KINDS.filter((k) => k !== COLLECTIVITE);
/** A sector of public bodies: listed only when collectivités are shown or it is chosen. */
export const PUBLIC_SECTOR = 'hors_ess';

const kindsOf = (filters: URLSearchParams) =>
	filters
		.getAll('kind')
		.flatMap((v) => v.split(','))
		.filter(Boolean);

/** Whether the collectivités are shown: their layer is on, or the filter names them. */
export function showsCollectivites(filters: URLSearchParams, layerOn: boolean): boolean {
	return layerOn || kindsOf(filters).includes(COLLECTIVITE);
}

/**
 * The actor query of the explorer's counts, list and tiles: the URL's filters with the kinds made
 * explicit. `actors`: the ESS structures, partners and initiatives (the « Acteurs » layer; always
 * on for the counts); `collectivites`: the collectivités. The kinds the URL names are kept. With
 * neither (nothing drawn), the query of the actors.
 */
export function explorerActorQuery(filters: URLSearchParams, show: { actors: boolean; collectivites: boolean }): URLSearchParams {
	const named = kindsOf(filters).filter((k): k is ActorKind => (ACTOR_KINDS as readonly string[]).includes(k));
	// `kind=collectivite` alone (an older link): the collectivités only.
	const chosen = new Set<ActorKind>(show.actors ? (named.length ? named : DEFAULT_KINDS) : []);
	chosen.delete(COLLECTIVITE);
	if (show.collectivites) chosen.add(COLLECTIVITE);
	if (!chosen.size) for (const kind of DEFAULT_KINDS) chosen.add(kind);
	const query = new URLSearchParams([...filters].filter(([key]) => key !== 'kind'));
	query.set('kind', ACTOR_KINDS.filter((k) => chosen.has(k)).join(','));
	return query;
}

/** The filters once the collectivités are hidden: the layer's switch also drops them from the kind filter. */
export function withoutCollectivites(filters: URLSearchParams): URLSearchParams {
	const next = new URLSearchParams(filters);
	const kinds = kindsOf(filters).filter((k) => k !== COLLECTIVITE);
	if (kinds.length) next.set('kind', kinds.join(','));
	else next.delete('kind');
	return next;
}
