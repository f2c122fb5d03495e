import { describe, expect, it } from 'vitest';
import {
	buildTravelMatrix,
	COJEP_OFFICE,
	exactOrder,
	heuristicOrder,
	mulberry32,
	optimizeOrder,
	routeCost,
	type LonLat,
	type RouteProblem
} from '../../src/lib/domain/trips/index';

/** Moselle's bounding box: random stops spread like the department's structures could be. */
const BBOX = { west: 5.89, east: 7.64, south: 48.53, north: 49.52 };

function randomPoints(random: () => number, count: number): LonLat[] {
	return Array.from({ length: count }, (): LonLat => [
		BBOX.west + random() * (BBOX.east - BBOX.west),
		BBOX.south + random() * (BBOX.north - BBOX.south)
	]);
}

/** Start at COJEP, stops 1…n, end n+1 (COJEP again, or elsewhere for an open trip). */
function moselleProblem(random: () => number, count: number, end: LonLat = COJEP_OFFICE): RouteProblem {
	const points = [COJEP_OFFICE, ...randomPoints(random, count), end];
	const matrix = buildTravelMatrix(points);
	return { cost: matrix.min, start: 0, end: count + 1, stops: points.slice(1, -1).map((_, i) => i + 1) };
}

function permutations(items: number[]): number[][] {
	if (items.length <= 1) return [items];
	return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

function expectPermutationOf(order: number[], stops: readonly number[]): void {
	expect([...order].sort((a, b) => a - b)).toEqual([...stops].sort((a, b) => a - b));
}

describe('routeCost', () => {
	it('adds the legs from start to end, and skips the last leg of an open path', () => {
		const cost = [
			[0, 1, 5, 9],
			[1, 0, 2, 7],
			[5, 2, 0, 3],
			[9, 7, 3, 0]
		];
		expect(routeCost({ cost, start: 0, end: 3, stops: [1, 2] }, [1, 2])).toBe(1 + 2 + 3);
		expect(routeCost({ cost, start: 0, end: 3, stops: [1, 2] }, [2, 1])).toBe(5 + 2 + 7);
		expect(routeCost({ cost, start: 0, end: null, stops: [1, 2] }, [2, 1])).toBe(5 + 2);
	});
});

describe('exactOrder (Held–Karp)', () => {
	it('visits three stops on a line in the order of the line', () => {
		// Points at 0, 1, 2, 3 and an end at 4 on a line: |i - j| minutes apart.
		const cost = Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => Math.abs(i - j)));
		expect(exactOrder({ cost, start: 0, end: 4, stops: [3, 1, 2] })).toEqual([1, 2, 3]);
		// Coming back to the start: out and back costs 6 whichever way; the optimum has that cost.
		const closed = exactOrder({ cost, start: 0, end: 0, stops: [3, 1, 2] });
		expect(routeCost({ cost, start: 0, end: 0, stops: [] }, closed)).toBe(6);
	});

	it('agrees with brute force on small asymmetric matrices, open and closed', () => {
		const random = mulberry32(11);
		for (let trial = 0; trial < 30; trial++) {
			const count = 2 + (trial % 6);
			const size = count + 2;
			const cost = Array.from({ length: size }, () => Array.from({ length: size }, () => Math.round(random() * 100)));
			for (const end of [size - 1, null]) {
				const problem: RouteProblem = { cost, start: 0, end, stops: Array.from({ length: count }, (_, i) => i + 1) };
				const brute = Math.min(...permutations([...problem.stops]).map((order) => routeCost(problem, order)));
				const exact = exactOrder(problem);
				expectPermutationOf(exact, problem.stops);
				expect(routeCost(problem, exact)).toBeCloseTo(brute, 9);
			}
		}
	});

	it('refuses more stops than dynamic programming can afford', () => {
		const random = mulberry32(3);
		expect(() => exactOrder(moselleProblem(random, 14))).toThrow(/13 au plus/);
	});
});

describe('heuristicOrder against the optimum', () => {
	it('stays within 2 % of Held–Karp on 240 random Moselle trips of 5 to 12 stops', () => {
		const random = mulberry32(2024);
		const gaps: number[] = [];
		for (let trial = 0; trial < 240; trial++) {
			const count = 5 + (trial % 8);
			// One trip in three ends elsewhere (an open path towards another office).
			const end = trial % 3 === 2 ? randomPoints(random, 1)[0] : COJEP_OFFICE;
			const problem = moselleProblem(random, count, end);
			const heuristic = heuristicOrder(problem);
			expectPermutationOf(heuristic, problem.stops);
			const optimum = routeCost(problem, exactOrder(problem));
			gaps.push(routeCost(problem, heuristic) / optimum - 1);
		}
		const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
		const max = Math.max(...gaps);
		console.log(
			`[trips] écart heuristique / optimum sur ${gaps.length} tournées : moyen ${(mean * 100).toFixed(3)} %, max ${(max * 100).toFixed(3)} %`
		);
		expect(max).toBeLessThanOrEqual(0.02);
	});

	it('stays within 2 % on asymmetric matrices (one-way streets, a routing service)', () => {
		const random = mulberry32(99);
		let worst = 0;
		for (let trial = 0; trial < 60; trial++) {
			const base = moselleProblem(random, 6 + (trial % 7));
			const cost = base.cost.map((row) => Array.from(row, (v) => v * (0.8 + 0.4 * random())));
			const problem = { ...base, cost };
			const gap = routeCost(problem, heuristicOrder(problem)) / routeCost(problem, exactOrder(problem)) - 1;
			worst = Math.max(worst, gap);
		}
		expect(worst).toBeLessThanOrEqual(0.02);
	});

	it('handles an open path (end: null) as well as the exact solver does', () => {
		const random = mulberry32(5);
		for (let trial = 0; trial < 20; trial++) {
			const problem = { ...moselleProblem(random, 10), end: null };
			const gap = routeCost(problem, heuristicOrder(problem)) / routeCost(problem, exactOrder(problem)) - 1;
			expect(gap).toBeLessThanOrEqual(0.02);
		}
	});
});

describe('optimizeOrder', () => {
	it('returns every stop once, for 0 to 40 stops', () => {
		const random = mulberry32(8);
		for (const count of [0, 1, 2, 3, 9, 10, 25, 40]) {
			const problem = moselleProblem(random, count);
			expectPermutationOf(optimizeOrder(problem), problem.stops);
		}
	});

	it('is exact up to 9 stops', () => {
		const random = mulberry32(17);
		for (let trial = 0; trial < 10; trial++) {
			const problem = moselleProblem(random, 9);
			expect(routeCost(problem, optimizeOrder(problem))).toBeCloseTo(routeCost(problem, exactOrder(problem)), 9);
		}
	});

	it('gives the same order for the same request (seeded search)', () => {
		const problem = moselleProblem(mulberry32(21), 60);
		expect(optimizeOrder(problem)).toEqual(optimizeOrder(problem));
	});

	// How long it takes (under a second for 100 stops) is a figure of `npm run bench` (bench/trips.ts).
	it('orders 100 stops, far shorter than the input order', () => {
		const problem = moselleProblem(mulberry32(100), 100);
		const order = optimizeOrder(problem);
		expectPermutationOf(order, problem.stops);
		// Random order over the whole department is several times longer than a good tour.
		expect(routeCost(problem, order)).toBeLessThan(routeCost(problem, [...problem.stops]) / 3);
	});
});
