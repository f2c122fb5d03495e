// The selected territory lives in the URL as `?t=level:code`, so that a link reopens the view.
import { TERRITORY_LEVELS, type TerritoryLevel } from '../domain/territory/levels';

export interface TerritoryRef {
	level: TerritoryLevel;
	code: string;
}

export function parseTerritoryRef(value: string | null): TerritoryRef | null {
	if (!value) return null;
	const [level, code] = value.split(':');
	if (!code || !(TERRITORY_LEVELS as readonly string[]).includes(level) || !/^[\w-]{1,20}$/.test(code)) return null;
	return { level: level as TerritoryLevel, code };
}

export function formatTerritoryRef(ref: TerritoryRef): string {
	return `${ref.level}:${ref.code}`;
}

export const MAP_LAYERS = ['communes', 'epci', 'zones', 'acteurs', 'collectivites', 'suivis', 'rencontres'] as const;
export type MapLayerName = (typeof MAP_LAYERS)[number];
/** Layers off unless asked for: the collectivités (not ESS structures), the due follow-ups (planning). */
export const OPTIONAL_LAYERS: readonly MapLayerName[] = ['collectivites', 'suivis', 'rencontres'];
/** The layers shown when the URL names none. */
export const DEFAULT_LAYERS: readonly MapLayerName[] = MAP_LAYERS.filter((l) => !OPTIONAL_LAYERS.includes(l));

/** Visible layers from `?couches=communes,epci`; the default ones when absent. */
export function parseLayers(value: string | null): Set<MapLayerName> {
	if (value === null) return new Set(DEFAULT_LAYERS);
	return new Set(value.split(',').filter((v): v is MapLayerName => (MAP_LAYERS as readonly string[]).includes(v)));
}

export function formatLayers(layers: Set<MapLayerName>): string | null {
	const isDefault = layers.size === DEFAULT_LAYERS.length && DEFAULT_LAYERS.every((l) => layers.has(l));
	return isDefault ? null : MAP_LAYERS.filter((l) => layers.has(l)).join(',');
}

/** What the pointer is over, for the hover tooltip. */
export interface HoverInfo {
	code: string;
	nom: string;
	level: string;
	population: number | null;
	x: number;
	y: number;
}
