// The base style: drawn from our own boundaries, so the map works offline. A raster basemap
// (e.g. OpenStreetMap tiles) is added underneath only when one is configured.
import type { StyleSpecification } from 'maplibre-gl';

export const BACKGROUND_COLOR = '#eef1f4';

export function baseStyle(basemap: { url: string; attribution: string | null } | null): StyleSpecification {
	const style: StyleSpecification = {
		version: 8,
		sources: {},
		layers: [{ id: 'fond', type: 'background', paint: { 'background-color': BACKGROUND_COLOR } }]
	};
	if (basemap) {
		style.sources.fond_raster = {
			type: 'raster',
			tiles: [basemap.url],
			tileSize: 256,
			attribution: basemap.attribution ?? ''
		};
		style.layers.push({ id: 'fond-raster', type: 'raster', source: 'fond_raster', paint: { 'raster-opacity': 0.6 } });
	}
	return style;
}

/** Colour-blind-safe categorical palette (Okabe–Ito), for zones. */
const ZONE_PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442'];
const NO_ZONE_COLOR = '#999999';

export function zoneColor(index: number): string {
	return ZONE_PALETTE[index % ZONE_PALETTE.length];
}

/** A MapLibre `match` expression colouring features by their `zone` property. */
export function zoneColorExpression(zoneCodes: string[], property: 'zone' | 'code' = 'zone'): unknown[] | string {
	if (!zoneCodes.length) return NO_ZONE_COLOR;
	const match: unknown[] = ['match', ['get', property]];
	zoneCodes.forEach((code, i) => match.push(code, zoneColor(i)));
	match.push(NO_ZONE_COLOR);
	return match;
}
