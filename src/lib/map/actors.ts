// Actors on the map: compact columns from the API turned into GeoJSON, and the styling rules
// (colour by DLA status, shape by kind, size by size band, hollow when placed at commune level).
import type { FeatureCollection, Point } from 'geojson';
import type { AccompanimentStatus } from '../domain/accompaniment-status';

import type { ActorPoints } from '../domain/actor-points';
import { sizeClass } from '../domain/actor-tiles';

/** Colour-blind-safe status colours (Okabe–Ito), never-accompanied standing out. */
export const STATUS_COLORS: Record<AccompanimentStatus, string> = {
	jamais: '#D55E00',
	en_cours: '#0072B2',
	accompagne: '#009E73',
	ancien: '#56B4E9',
	interrompu: '#999999'
};

/** Symbols of the non-structure kinds (drawn as text glyphs, rendered locally by MapLibre). */
/** The layer of due follow-ups: a ring around the structure, red once overdue, violet while due soon (apart from the status colours). */
export const FOLLOWUP_COLORS = { overdue: '#c62828', due: '#6d28d9' } as const;

export const KIND_SYMBOLS: Record<string, string> = {
	collectivite: '■',
	partenaire: '▲',
	initiative: '◆'
};
export const KIND_COLORS: Record<string, string> = {
	collectivite: '#5f4b8b',
	partenaire: '#8a5a00',
	initiative: '#b5179e'
};

export { sizeClass } from '../domain/actor-tiles';

export function pointsToGeoJson(points: ActorPoints): FeatureCollection<Point> {
	const features = new Array(points.id.length);
	for (let i = 0; i < points.id.length; i++) {
		features[i] = {
			type: 'Feature',
			id: points.id[i],
			geometry: { type: 'Point', coordinates: [points.lon[i], points.lat[i]] },
			properties: {
				id: points.id[i],
				kind: points.kind[i],
				status: points.kind[i] === 'structure_ess' ? points.status[i] : 'autre',
				size: sizeClass(points.tranche[i]),
				precise: points.precision[i] === 'commune' ? 0 : 1
			}
		};
	}
	return { type: 'FeatureCollection', features };
}

/** Per-status counters carried by clusters (https://maplibre.org/maplibre-style-spec/sources/#geojson-clusterProperties). */
export function clusterProperties(): Record<string, unknown> {
	const props: Record<string, unknown> = {};
	for (const status of Object.keys(STATUS_COLORS)) props[status] = ['+', ['case', ['==', ['get', 'status'], status], 1, 0]];
	return props;
}
