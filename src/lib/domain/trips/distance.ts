// Travel distances and times between the points of a trip. Without a routing service we estimate:
// great-circle distance × a detour factor gives road kilometres, and an average speed that depends
// on the kind of road a leg of that length mostly uses gives minutes. The optimiser only ever sees
// a matrix, so a matrix from a routing service (OSRM, Valhalla…) can replace this estimate as is.
import { distance } from '@turf/turf';
import type { LonLat } from './defaults';

/** Road kilometres are this much longer than the crow flies (typical of French rural networks). */
export const DEFAULT_DETOUR_FACTOR = 1.3;

/** An average speed for legs up to `upToKm` road kilometres (the last band should be Infinity). */
export interface SpeedBand {
	upToKm: number;
	kmh: number;
}

/**
 * Short legs stay in town (30 km/h), medium ones use departmental roads (55 km/h), long ones reach
 * the A4/A31/N4 expressways (80 km/h on average, slip roads and towns included).
 */
export const DEFAULT_SPEED_BANDS: readonly SpeedBand[] = [
	{ upToKm: 5, kmh: 30 },
	{ upToKm: 30, kmh: 55 },
	{ upToKm: Infinity, kmh: 80 }
];

export interface DistanceOptions {
	detourFactor?: number;
	speedBands?: readonly SpeedBand[];
}

/** Road kilometres and driving minutes from point i to point j; either may be asymmetric. */
export interface TravelMatrix {
	km: number[][];
	min: number[][];
}

/** Estimated road kilometres between two points. */
export function roadKm(from: LonLat, to: LonLat, detourFactor = DEFAULT_DETOUR_FACTOR): number {
	return distance([from[0], from[1]], [to[0], to[1]], { units: 'kilometers' }) * detourFactor;
}

/**
 * Driving minutes for a leg of `km` road kilometres. A plain band lookup would make a 5.1 km leg
 * (55 km/h) faster than a 4.9 km one (30 km/h), and the optimiser would then chase such artefacts;
 * so a leg never takes less time than the longest leg of a slower band below it.
 */
export function drivingMinutes(km: number, bands: readonly SpeedBand[] = DEFAULT_SPEED_BANDS): number {
	if (km <= 0) return 0;
	let minutes = 0;
	for (const [i, band] of bands.entries()) {
		// The last band takes whatever is longer than the others' limits, rather than make it free.
		const covered = i === bands.length - 1 ? km : Math.min(km, band.upToKm);
		minutes = Math.max(minutes, (covered / band.kmh) * 60);
		if (km <= band.upToKm) break;
	}
	return minutes;
}

/** The estimated matrix between all points, in the order given. */
export function buildTravelMatrix(points: readonly LonLat[], options: DistanceOptions = {}): TravelMatrix {
	const detour = options.detourFactor ?? DEFAULT_DETOUR_FACTOR;
	const bands = options.speedBands ?? DEFAULT_SPEED_BANDS;
	const n = points.length;
	const km = Array.from({ length: n }, () => new Array<number>(n).fill(0));
	const min = Array.from({ length: n }, () => new Array<number>(n).fill(0));
	for (let i = 0; i < n; i++) {
		for (let j = i + 1; j < n; j++) {
			const d = roadKm(points[i], points[j], detour);
			const t = drivingMinutes(d, bands);
			km[i][j] = km[j][i] = d;
			min[i][j] = min[j][i] = t;
		}
	}
	return { km, min };
}

/**
 * Why a matrix from elsewhere cannot be used for `size` points, or null when it can. A routing
 * service that failed on one pair often answers null or -1 there: better refuse than plan on it.
 */
export function matrixProblem(matrix: TravelMatrix, size: number): string | null {
	for (const [name, rows] of [
		['km', matrix.km],
		['min', matrix.min]
	] as const) {
		if (rows.length !== size) return `matrice ${name} : ${rows.length} lignes pour ${size} points`;
		for (let i = 0; i < size; i++) {
			const row = rows[i];
			if (row.length !== size) return `matrice ${name}, ligne ${i} : ${row.length} colonnes pour ${size} points`;
			for (let j = 0; j < size; j++) {
				const v = row[j];
				if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
					return `matrice ${name} [${i}][${j}] : ${String(v)} n’est pas une valeur positive`;
			}
		}
	}
	return null;
}
