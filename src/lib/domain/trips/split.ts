// Splitting a long list of stops into trip days. Each day leaves from the base and comes back, so
// a good day is a slice of the map seen from the base: stops are swept by bearing around the base
// (Gillett–Miller sweep) and cut into days of similar workload, then each day is optimised alone.
import { bearing } from '@turf/turf';
import type { LonLat } from './defaults';

/**
 * Bearings (0–360°) of the points seen from the base. A point at the base itself has no bearing;
 * it gets 0, which is as good as any since every day passes there.
 */
export function bearingsFrom(base: LonLat, points: readonly LonLat[]): number[] {
	return points.map((p) => (p[0] === base[0] && p[1] === base[1] ? 0 : (bearing([base[0], base[1]], [p[0], p[1]]) + 360) % 360));
}

/**
 * Indices of the points in bearing order, one rotation per empty sector, widest sector first:
 * starting the sweep in an empty sector avoids cutting a town in two between the first and the
 * last day. Several rotations let the caller keep the best split.
 */
export function sweepRotations(bearings: readonly number[], count: number): number[][] {
	const sorted = bearings.map((_, i) => i).sort((a, b) => bearings[a] - bearings[b] || a - b);
	const n = sorted.length;
	if (n <= 1) return [sorted];
	const gaps = sorted.map((point, i) => {
		const next = sorted[(i + 1) % n];
		const gap = (bearings[next] - bearings[point] + 360) % 360;
		return { startAt: (i + 1) % n, gap: i === n - 1 ? gap || 360 : gap };
	});
	gaps.sort((a, b) => b.gap - a.gap || a.startAt - b.startAt);
	const rotations: number[][] = [];
	const seen = new Set<number>();
	for (const { startAt } of gaps) {
		if (seen.has(startAt)) continue;
		seen.add(startAt);
		rotations.push([...sorted.slice(startAt), ...sorted.slice(0, startAt)]);
		if (rotations.length >= count) break;
	}
	return rotations;
}

/**
 * Cuts a sequence into `groups` consecutive runs of about equal total weight; a point goes to the
 * run where the middle of its weight falls, so one heavy stop does not push a whole day over.
 */
export function splitByWeight(sequence: readonly number[], weights: readonly number[], groups: number): number[][] {
	const runs: number[][] = Array.from({ length: groups }, () => []);
	const total = sequence.reduce((sum, i) => sum + weights[i], 0);
	let before = 0;
	for (const i of sequence) {
		const middle = before + weights[i] / 2;
		const run = total > 0 ? Math.min(groups - 1, Math.floor((middle / total) * groups)) : 0;
		runs[run].push(i);
		before += weights[i];
	}
	return runs.filter((run) => run.length > 0);
}
