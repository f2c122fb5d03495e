// The order of the stops of one trip day: a shortest Hamiltonian path from the start through every
// stop to the end, on a matrix of minutes (or any cost), which may be asymmetric (one-way streets,
// a routing service's answers). Small instances are solved exactly (Held–Karp); larger ones by
// construction heuristics, then 2-opt and Or-opt local search, then a seeded iterated local search
// that kicks the best order with a double bridge and searches again.
import { Random } from '../random';

/** cost[i][j]: the cost of going from point i to point j. */
export type CostMatrix = ReadonlyArray<ArrayLike<number>>;

/** Visit every point of `stops` once, from `start` to `end`; `end: null` leaves the path open. */
export interface RouteProblem {
	cost: CostMatrix;
	start: number;
	end: number | null;
	stops: readonly number[];
}

export interface OptimizeOptions {
	/** Up to this many stops, `optimizeOrder` returns the exact optimum (default 9, at most 13). */
	exactUpTo?: number;
	/** Seed of the perturbations: the same request always gives the same order. */
	seed?: number;
	/** Kicks of the iterated local search (default: 40 + 3 per stop). */
	iterations?: number;
	/** Stops kicking after this long, whatever `iterations` says (default 600 ms). */
	timeLimitMs?: number;
}

/** Held–Karp needs 2^n × n states: 13 stops is 100,000 states, 20 would be 20 million. */
export const EXACT_MAX_STOPS = 13;

const DEFAULT_EXACT_UP_TO = 9;
const DEFAULT_SEED = 0x5eed;
const DEFAULT_TIME_LIMIT_MS = 600;
/** Improvements smaller than this are float noise: accepting them could loop forever. */
const EPSILON = 1e-9;

/** The cost of visiting the stops in `order` (point indices) from start to end. */
export function routeCost(problem: RouteProblem, order: readonly number[]): number {
	let total = 0;
	let previous = problem.start;
	for (const point of order) {
		total += problem.cost[previous][point];
		previous = point;
	}
	if (problem.end !== null) total += problem.cost[previous][problem.end];
	return total;
}

/**
 * The problem copied into a flat local matrix: 0 is the start, 1…k the stops, k+1 the end. Flat
 * typed arrays keep the inner loops of the local search fast; an open end is an end reached from
 * anywhere at no cost, so one code path serves both kinds of path.
 */
interface Local {
	k: number;
	size: number;
	c: Float64Array;
	stops: readonly number[];
}

function localise(problem: RouteProblem): Local {
	const k = problem.stops.length;
	const size = k + 2;
	const points = [problem.start, ...problem.stops];
	const c = new Float64Array(size * size);
	for (let i = 0; i < size - 1; i++) {
		for (let j = 0; j < size - 1; j++) c[i * size + j] = problem.cost[points[i]][points[j]];
		c[i * size + size - 1] = problem.end === null ? 0 : problem.cost[points[i]][problem.end];
	}
	return { k, size, c, stops: problem.stops };
}

function toPoints(local: Local, sequence: readonly number[]): number[] {
	return sequence.slice(1, -1).map((i) => local.stops[i - 1]);
}

function sequenceCost(local: Local, sequence: readonly number[]): number {
	let total = 0;
	for (let p = 0; p + 1 < sequence.length; p++) total += local.c[sequence[p] * local.size + sequence[p + 1]];
	return total;
}

/** The exact optimum by Held–Karp dynamic programming; for tests and small trips (≤ 13 stops). */
export function exactOrder(problem: RouteProblem): number[] {
	const local = localise(problem);
	const { k, size, c } = local;
	if (k > EXACT_MAX_STOPS) throw new RangeError(`exactOrder : ${k} arrêts, ${EXACT_MAX_STOPS} au plus`);
	if (k <= 1) return [...problem.stops];
	const full = (1 << k) - 1;
	// best[mask * k + j]: cheapest path from the start through the stops of mask, ending at stop j.
	const best = new Float64Array((full + 1) * k).fill(Infinity);
	const parent = new Int8Array((full + 1) * k).fill(-1);
	for (let j = 0; j < k; j++) best[(1 << j) * k + j] = c[j + 1];
	for (let mask = 1; mask <= full; mask++) {
		for (let j = 0; j < k; j++) {
			const here = best[mask * k + j];
			if (!(mask & (1 << j)) || here === Infinity) continue;
			for (let next = 0; next < k; next++) {
				if (mask & (1 << next)) continue;
				const grown = mask | (1 << next);
				const value = here + c[(j + 1) * size + next + 1];
				if (value < best[grown * k + next]) {
					best[grown * k + next] = value;
					parent[grown * k + next] = j;
				}
			}
		}
	}
	let last = 0;
	let bestTotal = Infinity;
	for (let j = 0; j < k; j++) {
		const total = best[full * k + j] + c[(j + 1) * size + size - 1];
		if (total < bestTotal) {
			bestTotal = total;
			last = j;
		}
	}
	const reversed: number[] = [];
	let mask = full;
	let j = last;
	while (j >= 0) {
		reversed.push(j + 1);
		const previous = parent[mask * k + j];
		mask &= ~(1 << j);
		j = previous;
	}
	return toPoints(local, [0, ...reversed.reverse(), size - 1]);
}

/** Nearest neighbour from the start: quick, and often good on clustered stops. */
function nearestNeighbour(local: Local): number[] {
	const { k, size, c } = local;
	const visited = new Uint8Array(k + 1);
	const sequence = [0];
	let current = 0;
	for (let step = 0; step < k; step++) {
		let next = -1;
		for (let i = 1; i <= k; i++) {
			if (!visited[i] && (next < 0 || c[current * size + i] < c[current * size + next])) next = i;
		}
		visited[next] = 1;
		sequence.push(next);
		current = next;
	}
	sequence.push(size - 1);
	return sequence;
}

/**
 * Insertion construction: each step, every stop left has a cheapest place in the path; the stop
 * that enters is the cheapest of all (cheapest insertion) or, with `farthest`, the most expensive
 * (farthest insertion, which draws the outline first and often wins on scattered stops).
 */
function insertion(local: Local, farthest: boolean): number[] {
	const { k, size, c } = local;
	const sequence = [0, size - 1];
	const inserted = new Uint8Array(k + 1);
	for (let step = 0; step < k; step++) {
		let chosen = -1;
		let chosenPosition = 1;
		let chosenScore = farthest ? -Infinity : Infinity;
		for (let i = 1; i <= k; i++) {
			if (inserted[i]) continue;
			let cheapest = Infinity;
			let position = 1;
			for (let p = 0; p + 1 < sequence.length; p++) {
				const a = sequence[p];
				const b = sequence[p + 1];
				const delta = c[a * size + i] + c[i * size + b] - c[a * size + b];
				if (delta < cheapest) {
					cheapest = delta;
					position = p + 1;
				}
			}
			if (farthest ? cheapest > chosenScore : cheapest < chosenScore) {
				chosenScore = cheapest;
				chosen = i;
				chosenPosition = position;
			}
		}
		inserted[chosen] = 1;
		sequence.splice(chosenPosition, 0, chosen);
	}
	return sequence;
}

/** Candidate partners of a point in the local search: its nearest stops, whichever the direction. */
const NEIGHBOURS = 12;

/**
 * For each local point (start, stops, end), its NEIGHBOURS closest stops. An improving move almost
 * always creates a short edge, so looking only at moves that join close points makes each pass
 * linear instead of quadratic: what makes 100–300 stops fast. Below NEIGHBOURS stops the lists
 * hold every stop and the search is complete.
 */
function neighbourLists(local: Local): Int32Array[] {
	const { k, size, c } = local;
	const stops = Array.from({ length: k }, (_, i) => i + 1);
	return Array.from({ length: size }, (_, x) => {
		const closeness = (y: number) => Math.min(c[x * size + y], c[y * size + x]);
		const sorted = stops.filter((y) => y !== x).sort((a, b) => closeness(a) - closeness(b));
		return Int32Array.from(sorted.slice(0, NEIGHBOURS));
	});
}

/** The search state: the order, where each point stands in it, and forward/backward prefix costs. */
class Path {
	readonly position: Int32Array;
	readonly forward: Float64Array;
	readonly backward: Float64Array;

	constructor(
		readonly local: Local,
		readonly sequence: number[]
	) {
		this.position = new Int32Array(local.size);
		this.forward = new Float64Array(sequence.length);
		this.backward = new Float64Array(sequence.length);
		this.refresh();
	}

	/** After a move: positions and prefix sums again, in one linear pass. */
	refresh(): void {
		const { size, c } = this.local;
		const s = this.sequence;
		for (let p = 0; p < s.length; p++) this.position[s[p]] = p;
		for (let p = 0; p + 1 < s.length; p++) {
			this.forward[p + 1] = this.forward[p] + c[s[p] * size + s[p + 1]];
			this.backward[p + 1] = this.backward[p] + c[s[p + 1] * size + s[p]];
		}
	}
}

/**
 * 2-opt: reverse the stretch at positions i…j when that shortens the path. On an asymmetric
 * matrix the reversed stretch is driven the other way, so its inner cost changes too; the prefix
 * sums of forward and backward costs give that change in constant time.
 */
function tryReversal(path: Path, i: number, j: number): boolean {
	if (j <= i) return false;
	const { size, c } = path.local;
	const s = path.sequence;
	const a = s[i - 1];
	const b = s[i];
	const e = s[j];
	const f = s[j + 1];
	const inner = path.backward[j] - path.backward[i] - (path.forward[j] - path.forward[i]);
	const delta = c[a * size + e] + c[b * size + f] - c[a * size + b] - c[e * size + f] + inner;
	if (delta >= -EPSILON) return false;
	reverse(s, i, j);
	path.refresh();
	return true;
}

/** 2-opt moves that join position i's neighbours: (s[i-1], e) or (s[i], f) becomes an edge. */
function twoOpt(path: Path, neighbours: Int32Array[]): boolean {
	const s = path.sequence;
	const lastStop = s.length - 2;
	let improved = false;
	for (let i = 1; i <= lastStop; i++) {
		for (let moved = true; moved;) {
			moved = false;
			for (const e of neighbours[s[i - 1]]) if ((moved = tryReversal(path, i, path.position[e]))) break;
			if (!moved) for (const f of neighbours[s[i]]) if ((moved = tryReversal(path, i, path.position[f] - 1))) break;
			// Reversing the whole tail creates no edge but the one to the end, often free on an open path.
			if (!moved) moved = tryReversal(path, i, lastStop);
			improved ||= moved;
		}
	}
	return improved;
}

function reverse(sequence: number[], from: number, to: number): void {
	for (let i = from, j = to; i < j; i++, j--) {
		const t = sequence[i];
		sequence[i] = sequence[j];
		sequence[j] = t;
	}
}

/**
 * Or-opt: move a run of 1 to 3 consecutive stops next to one of their neighbours, as is or
 * reversed. It repairs what 2-opt cannot, such as a stop visited on the way out that belongs to
 * the way back.
 */
function orOpt(path: Path, neighbours: Int32Array[]): boolean {
	const { size, c } = path.local;
	const s = path.sequence;
	let improved = false;
	for (let length = 1; length <= 3; length++) {
		for (let i = 1; i + length < s.length; i++) {
			const first = s[i];
			const lastStop = s[i + length - 1];
			const before = s[i - 1];
			const after = s[i + length];
			let inner = 0;
			let innerReversed = 0;
			for (let q = i; q < i + length - 1; q++) {
				inner += c[s[q] * size + s[q + 1]];
				innerReversed += c[s[q + 1] * size + s[q]];
			}
			const removal = c[before * size + first] + c[lastStop * size + after] - c[before * size + after];
			// Gaps next to the run's neighbours, and the two ends of the path.
			const gaps = [0, s.length - 2];
			for (const x of neighbours[first]) gaps.push(path.position[x] - 1, path.position[x]);
			for (const x of neighbours[lastStop]) gaps.push(path.position[x] - 1, path.position[x]);
			for (const p of gaps) {
				if (p >= i - 1 && p <= i + length - 1) continue;
				const x = s[p];
				const y = s[p + 1];
				const gap = c[x * size + y];
				const asIs = c[x * size + first] + c[lastStop * size + y] - gap;
				const flipped = c[x * size + lastStop] + c[first * size + y] - gap + innerReversed - inner;
				if (Math.min(asIs, flipped) - removal < -EPSILON) {
					moveRun(s, i, length, p, flipped < asIs);
					path.refresh();
					improved = true;
					break;
				}
			}
		}
	}
	return improved;
}

/** Moves sequence[from … from+length-1] between positions p and p+1 (indices before the move). */
function moveRun(sequence: number[], from: number, length: number, p: number, reversed: boolean): void {
	const run = sequence.splice(from, length);
	if (reversed) run.reverse();
	const at = p < from ? p + 1 : p + 1 - length;
	sequence.splice(at, 0, ...run);
}

function localSearch(local: Local, sequence: number[], neighbours: Int32Array[]): void {
	const path = new Path(local, sequence);
	// Each pass that changed something may open new moves for the other: stop only when neither does.
	for (;;) {
		const a = twoOpt(path, neighbours);
		const b = orOpt(path, neighbours);
		if (!a && !b) return;
	}
}

/**
 * Double bridge: cut the stops into four runs A B C D and join them as A C B D. Local search
 * cannot undo it in one move, so the search restarts from a genuinely different order, and no run
 * is reversed, which matters on an asymmetric matrix.
 */
function doubleBridge(sequence: readonly number[], random: Random): number[] {
	const body = sequence.slice(1, -1);
	const k = body.length;
	const cuts = [random.int(0, k - 2), random.int(0, k - 2), random.int(0, k - 2)].sort((x, y) => x - y);
	const a = cuts[0];
	const b = Math.max(cuts[1], a + 1);
	const c = Math.min(Math.max(cuts[2], b + 1), k);
	const kicked = [...body.slice(0, a), ...body.slice(b, c), ...body.slice(a, b), ...body.slice(c)];
	return [sequence[0], ...kicked, sequence[sequence.length - 1]];
}

/** The heuristic alone, whatever the size (the tests measure its gap to `exactOrder`). */
export function heuristicOrder(problem: RouteProblem, options: OptimizeOptions = {}): number[] {
	const local = localise(problem);
	if (local.k <= 2) return local.k === 2 ? bestOfTwo(problem) : [...problem.stops];
	const began = performance.now();
	const timeLimit = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
	let best: number[] = [];
	let bestCost = Infinity;
	const neighbours = neighbourLists(local);
	for (const sequence of [insertion(local, false), insertion(local, true), nearestNeighbour(local)]) {
		localSearch(local, sequence, neighbours);
		const cost = sequenceCost(local, sequence);
		if (cost < bestCost - EPSILON) {
			best = sequence;
			bestCost = cost;
		}
	}
	// The perturbations are seeded so that the same request gives the same trip on every machine.
	const random = new Random(options.seed ?? DEFAULT_SEED);
	const iterations = options.iterations ?? 40 + 3 * local.k;
	for (let kick = 0; kick < iterations && performance.now() - began < timeLimit; kick++) {
		const candidate = doubleBridge(best, random);
		localSearch(local, candidate, neighbours);
		const cost = sequenceCost(local, candidate);
		if (cost < bestCost - EPSILON) {
			best = candidate;
			bestCost = cost;
		}
	}
	return toPoints(local, best);
}

function bestOfTwo(problem: RouteProblem): number[] {
	const [a, b] = problem.stops;
	return routeCost(problem, [b, a]) < routeCost(problem, [a, b]) ? [b, a] : [a, b];
}

/** The best order found for the stops: exact up to `exactUpTo` stops, heuristic beyond. */
export function optimizeOrder(problem: RouteProblem, options: OptimizeOptions = {}): number[] {
	const exactUpTo = Math.min(options.exactUpTo ?? DEFAULT_EXACT_UP_TO, EXACT_MAX_STOPS);
	return problem.stops.length <= exactUpTo ? exactOrder(problem) : heuristicOrder(problem, options);
}
