// Actors in vector tiles: the properties every tile feature carries (the same on both backends),
// the status mix of clusters, and the tile arithmetic of the XYZ scheme.
// https://github.com/mapbox/vector-tile-spec/tree/master/2.1
import { ACCOMPANIMENT_STATUSES, type AccompanimentStatus } from './accompaniment-status';

/** Name of the layer inside every actor tile. */
export const ACTOR_TILE_LAYER = 'actors';
/** Clusters up to this zoom, single actors beyond (as the GeoJSON layer did). */
export const CLUSTER_MAX_ZOOM = 11;
/** Deepest tiles served; the map over-zooms them beyond. */
export const TILE_MAX_ZOOM = 14;
/** Coordinates per tile side (the vector-tile default). */
export const TILE_EXTENT = 4096;
/** Cluster radius in screen pixels at MapLibre's 512-pixel tiles. */
export const CLUSTER_RADIUS_PX = 45;

/** Size class from the INSEE size band: 0 none/unknown, 1 (1–9), 2 (10–49), 3 (50+). */
export function sizeClass(tranche: string | null): number {
	if (!tranche || tranche === 'NN' || tranche === '00') return 0;
	if (['01', '02', '03'].includes(tranche)) return 1;
	if (['11', '12'].includes(tranche)) return 2;
	return 3;
}

/** Properties of a single actor in a tile. Non-structures have no DLA status: `autre`. */
export interface ActorTilePoint {
	id: number;
	kind: string;
	status: AccompanimentStatus | 'autre';
	size: number;
	/** 1 placed at its address, 0 at its commune (drawn pale). */
	precise: 0 | 1;
}

/** Properties of a cluster: its size, and how many of its structures have each DLA status. */
export type ActorTileCluster = { cluster: true; point_count: number; point_count_abbreviated: string; expansion_zoom: number } & Record<
	AccompanimentStatus,
	number
>;

export function statusMix(status: string): Record<AccompanimentStatus, number> {
	const mix = {} as Record<AccompanimentStatus, number>;
	for (const s of ACCOMPANIMENT_STATUSES) mix[s] = s === status ? 1 : 0;
	return mix;
}

/** Longitude/latitude bounds of tile z/x/y (web Mercator): [west, south, east, north]. */
export function tileBounds(z: number, x: number, y: number): [number, number, number, number] {
	const n = 2 ** z;
	const lon = (i: number) => (i / n) * 360 - 180;
	const lat = (j: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * j) / n))) * 180) / Math.PI;
	return [lon(x), lat(y + 1), lon(x + 1), lat(y)];
}

/** The tiles x/y of zoom z that cover a [west, south, east, north] box (web Mercator). */
export function tilesCovering(z: number, [west, south, east, north]: readonly number[]): [number, number][] {
	const n = 2 ** z;
	const x = (lon: number) => Math.floor(((lon + 180) / 360) * n);
	const y = (lat: number) => {
		const phi = (lat * Math.PI) / 180;
		return Math.floor(((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * n);
	};
	const out: [number, number][] = [];
	for (let i = x(west); i <= x(east); i++) for (let j = y(north); j <= y(south); j++) out.push([i, j]);
	return out;
}

export function validTile(z: number, x: number, y: number): boolean {
	return (
		Number.isInteger(z) &&
		Number.isInteger(x) &&
		Number.isInteger(y) &&
		z >= 0 &&
		z <= TILE_MAX_ZOOM &&
		x >= 0 &&
		y >= 0 &&
		x < 2 ** z &&
		y < 2 ** z
	);
}
