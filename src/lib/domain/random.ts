// A small seeded pseudo-random generator (mulberry32): the demo data must be the same on every
// machine for the same seed.
export class Random {
	#state: number;
	constructor(seed: number) {
		this.#state = seed >>> 0;
	}
	/** Uniform in [0, 1). */
	next(): number {
		let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}
	chance(p: number): boolean {
		return this.next() < p;
	}
	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}
	weighted<T>(entries: readonly (readonly [T, number])[]): T {
		const total = entries.reduce((s, [, w]) => s + w, 0);
		let r = this.next() * total;
		for (const [value, weight] of entries) {
			r -= weight;
			if (r < 0) return value;
		}
		return entries[entries.length - 1][0];
	}
	/** A date between two dates, as ISO YYYY-MM-DD. */
	date(from: Date, to: Date): string {
		const t = from.getTime() + this.next() * (to.getTime() - from.getTime());
		return new Date(t).toISOString().slice(0, 10);
	}
}
