// Colours and sizes of the network view, shared by the map and the graph: one colour per kind of
// actor (the explorer's for partners, collectivités and initiatives), one per relation type.
import { KIND_COLORS } from '$lib/map/actors';
import type { RelationType } from '$lib/schemas/relation';
import type { ActorKind } from '$lib/domain/stages';

export const NODE_COLORS: Record<ActorKind, string> = {
	structure_ess: '#1769aa',
	collectivite: KIND_COLORS.collectivite,
	partenaire: KIND_COLORS.partenaire,
	initiative: KIND_COLORS.initiative
};

export const EDGE_COLORS: Record<RelationType, string> = {
	finance: '#2e7d32',
	accompagne: '#c2410c',
	membre_de: '#6d28d9',
	partenaire_de: '#52606d',
	co_organise: '#0e7490'
};

/** Node radius in pixels by degree: a square-root scale, so that hubs stand out without hiding. */
export function nodeSize(degree: number): number {
	return Math.round(4 + 3 * Math.sqrt(degree));
}
