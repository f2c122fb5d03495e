// The partner network of a territory as the server sends it (queries/relations.ts → /reseau).
import type { ActorKind } from '../domain/stages';
import type { RelationSource, RelationType } from '../schemas/relation';

export interface NetworkNode {
	id: number;
	nom: string;
	kind: ActorKind;
	commune: string;
	lon: number | null;
	lat: number | null;
	/** Located in the territory (else linked to it from elsewhere: a funder in Metz…). */
	local: boolean;
	degree: number;
}

export interface NetworkEdge {
	from: number;
	to: number;
	type: RelationType;
	sources: RelationSource[];
}

export interface Network {
	nodes: NetworkNode[];
	edges: NetworkEdge[];
}

export interface RankedPartner {
	id: number;
	nom: string;
	kind: ActorKind;
	commune: string;
	/** Structures of the territory linked to it. */
	structures: number;
	/** Of which not accompanied in the period (the rule of queries/accompanied.ts). */
	non_accompagnees: number;
}

/** An initiative present in a territory (queries/initiatives.ts → the portrait). */
export interface TerritoryDynamicDto {
	id: number;
	nom: string;
	commune: string;
	/** Actors of the territory linked to it or met at its meetings. */
	acteurs_du_territoire: number;
	participations: number;
	derniere_participation: string | null;
}
