// What GET /api/search sends (JSON): the actors and territories matching what was typed, best first.
import type { ActorKind } from '../domain/stages';
import type { TerritoryLevel } from '../domain/territory/levels';

export interface ActorHit {
	id: number;
	nom: string;
	sigle: string | null;
	kind: ActorKind;
	siret: string | null;
	commune: string;
	lon: number | null;
	lat: number | null;
}

export interface TerritoryHit {
	level: TerritoryLevel;
	code: string;
	nom: string;
}

export interface SearchResult {
	actors: ActorHit[];
	territories: TerritoryHit[];
}
