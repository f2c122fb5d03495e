// Lambert-93 (EPSG:2154, SIRENE's coordonneeLambert* columns) → WGS 84 longitude/latitude.
// The converter is built once: proj4 parses the definition on creation, not on each point.
import proj4 from 'proj4';

// The official EPSG:2154 definition (RGF93 v1 / Lambert-93).
const LAMBERT_93 =
	'+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';
const toWgs84 = proj4(LAMBERT_93, 'WGS84');

/**
 * The extent of Lambert-93 over mainland France and Corsica, with a margin. INSEE fills these
 * columns with other projections overseas, `[ND]` when not diffusible, and sometimes zeros.
 */
const X_MIN = 0;
const X_MAX = 1_300_000;
const Y_MIN = 6_000_000;
const Y_MAX = 7_200_000;

export function isPlausibleLambert93(x: number, y: number): boolean {
	return x >= X_MIN && x <= X_MAX && y >= Y_MIN && y <= Y_MAX;
}

/** About 10 cm: enough for a map, and stable across re-imports (no spurious updates). */
function round6(value: number): number {
	return Math.round(value * 1e6) / 1e6;
}

/** WGS 84 [lon, lat] of a Lambert-93 point, or null when the point is outside Lambert-93's extent. */
export function lambert93ToWgs84(x: number, y: number): [number, number] | null {
	if (!Number.isFinite(x) || !Number.isFinite(y) || !isPlausibleLambert93(x, y)) return null;
	const [lon, lat] = toWgs84.forward([x, y]);
	return [round6(lon), round6(lat)];
}

/** Parses a SIRENE coordinate cell: `931245.6`, `931245,6`; null for `[ND]`, empty or text. */
export function parseCoordinate(cell: string | undefined): number | null {
	if (!cell) return null;
	const text = cell.trim();
	if (text === '' || text === '[ND]') return null;
	const value = Number(text.includes(',') ? text.replace(',', '.') : text);
	return Number.isFinite(value) ? value : null;
}
