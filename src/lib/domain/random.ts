// A small seeded pseudo-random generator (mulberry32) and the draws the demo data and the trip
// optimiser need. The demo must come out identical on every machine for the same seed, and the
// same trip request must give the same trip, which Math.random cannot promise.

/** FNV-1a hash of a label mixed with a seed: independent streams for named parts of a job. */
function hashSeed(seed: number, label: string): number {
	let h = (0x811c9dc5 ^ seed) >>> 0;
	for (let i = 0; i < label.length; i++) {
		h ^= label.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return h;
}

const DAY_MS = 86_400_000;

export class Random {
	readonly seed: number;
	#state: number;

	constructor(seed: number) {
		this.seed = seed >>> 0;
		this.#state = this.seed;
	}

	/**
	 * A generator of its own for one part of the work: what that part draws does not shift the
	 * draws of the others, so adding initiatives leaves the structures unchanged.
	 */
	fork(label: string): Random {
		return new Random(hashSeed(this.seed, label));
	}

	/** Uniform in [0, 1). */
	next(): number {
		let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** Uniform integer in [min, max], both included. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	/** Uniform in [min, max). */
	between(min: number, max: number): number {
		return min + this.next() * (max - min);
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	pick<T>(items: readonly T[]): T {
		if (items.length === 0) throw new Error('tirage dans une liste vide');
		return items[Math.floor(this.next() * items.length)];
	}

	/** One value of `[value, weight]` pairs, with probability proportional to its weight. */
	weighted<T>(entries: readonly (readonly [T, number])[]): T {
		const total = entries.reduce((s, [, w]) => s + w, 0);
		if (!(total > 0)) throw new Error('tirage pondéré sans poids positif');
		let r = this.next() * total;
		for (const [value, weight] of entries) {
			r -= weight;
			if (r < 0) return value;
		}
		return entries[entries.length - 1][0];
	}

	/** Normal draw (Box–Muller). */
	normal(mean = 0, sd = 1): number {
		const u = 1 - this.next(); // (0, 1]: log(0) is not a number
		const v = this.next();
		return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
	}

	/** A shuffled copy (Fisher–Yates). */
	shuffle<T>(items: readonly T[]): T[] {
		const out = [...items];
		for (let i = out.length - 1; i > 0; i--) {
			const j = Math.floor(this.next() * (i + 1));
			[out[i], out[j]] = [out[j], out[i]];
		}
		return out;
	}

	/**
	 * `count` distinct indexes, each drawn with probability proportional to its weight
	 * (Efraimidis–Spirakis: keep the largest u^(1/w)); zero weights are never drawn.
	 */
	sampleWeighted(weights: readonly number[], count: number): number[] {
		const keyed: { index: number; key: number }[] = [];
		weights.forEach((w, index) => {
			const u = this.next();
			if (w > 0) keyed.push({ index, key: Math.log(1 - u) / w });
		});
		keyed.sort((a, b) => b.key - a.key || a.index - b.index);
		return keyed.slice(0, count).map((k) => k.index);
	}

	/** An instant between two dates. */
	instant(from: Date, to: Date): Date {
		return new Date(from.getTime() + this.next() * (to.getTime() - from.getTime()));
	}

	/** A calendar day between two dates, as ISO YYYY-MM-DD (UTC). */
	date(from: Date, to: Date): string {
		return this.instant(from, to).toISOString().slice(0, 10);
	}

	/** A whole number of days in [min, max], in milliseconds. */
	days(min: number, max: number): number {
		return this.int(min, max) * DAY_MS;
	}
}

/** The same generator as a bare function returning uniform numbers in [0, 1), for callers that only draw. */
export function mulberry32(seed: number): () => number {
	const random = new Random(seed);
	return () => random.next();
}

/**
 * Many draws among the same weighted items (a commune for each of 2,500 structures): cumulative
 * weights once, then a binary search per draw.
 */
export class WeightedIndex {
	readonly #cumulative: number[];

	constructor(weights: readonly number[]) {
		let sum = 0;
		this.#cumulative = weights.map((w) => (sum += Math.max(0, w)));
		if (!(sum > 0)) throw new Error('tirage pondéré sans poids positif');
	}

	draw(rng: Random): number {
		const cum = this.#cumulative;
		const target = rng.next() * cum[cum.length - 1];
		let lo = 0;
		let hi = cum.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (cum[mid] > target) hi = mid;
			else lo = mid + 1;
		}
		return lo;
	}
}
