// Where demo actors sit: a random point inside their commune's polygon and a fictitious street
// address with one of the commune's postal codes.
import { bbox, booleanPointInPolygon, pointOnFeature } from '@turf/turf';
import type { BBox, Position } from 'geojson';
import type { Random } from '../random';
import type { DemoCommune } from './types';
import { STREET_NAMES, STREET_TYPES } from './vocabulary';

/** Rejection tries before falling back to a point on the surface; a commune fills 40–70 % of its
 * bounding box, so 30 misses in a row (< 1e-6) only happen to odd, sliver-shaped communes. */
const MAX_TRIES = 30;
/** 5 decimals ≈ 1 m, plenty for a demo and lighter to store and send. */
const COORDINATE_FACTOR = 1e5;

function rounded(p: Position): [number, number] {
	return [Math.round(p[0] * COORDINATE_FACTOR) / COORDINATE_FACTOR, Math.round(p[1] * COORDINATE_FACTOR) / COORDINATE_FACTOR];
}

export class CommunePlaces {
	readonly communes: readonly DemoCommune[];
	// Computed once: 2,500 structures share 725 communes.
	readonly #boxes: BBox[];
	readonly #labels = new Map<number, [number, number]>();

	constructor(communes: readonly DemoCommune[]) {
		this.communes = communes;
		this.#boxes = communes.map((c) => bbox(c.geometry));
	}

	/** Inside the polygon, rounding included: a rounded point may fall just outside a boundary. */
	#inside(index: number, p: [number, number]): boolean {
		return booleanPointInPolygon(p, this.communes[index].geometry);
	}

	/** A point that is always inside the commune (the geocoder's « commune » precision). */
	labelPoint(index: number): [number, number] {
		let label = this.#labels.get(index);
		if (!label) {
			const onSurface = pointOnFeature(this.communes[index].geometry).geometry.coordinates;
			const short = rounded(onSurface);
			label = this.#inside(index, short) ? short : [onSurface[0], onSurface[1]];
			this.#labels.set(index, label);
		}
		return label;
	}

	/** A uniformly random point inside the commune (rejection sampling in its bounding box). */
	randomPoint(index: number, rng: Random): [number, number] {
		const [west, south, east, north] = this.#boxes[index];
		for (let i = 0; i < MAX_TRIES; i++) {
			const p = rounded([rng.between(west, east), rng.between(south, north)]);
			if (this.#inside(index, p)) return p;
		}
		return this.labelPoint(index);
	}

	/** « 12 rue des Tilleuls »; null when the commune has no postal code. */
	address(index: number, rng: Random): { adresse: string; code_postal: string | null } {
		const codes = this.communes[index].codes_postaux;
		return {
			adresse: `${rng.int(1, 120)} ${rng.pick(STREET_TYPES)} ${rng.pick(STREET_NAMES)}`,
			code_postal: codes.length ? rng.pick(codes) : null
		};
	}
}
