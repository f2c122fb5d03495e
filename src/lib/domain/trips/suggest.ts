// Which structures of a territory to visit on a given day: those the DLA has never met or never
// accompanied first, then those not contacted for the longest time, chosen close to each other so
// that the day is spent in meetings, not at the wheel. The result is a proposal the officer edits.
import type { AccompanimentStatus } from '../accompaniment-status';
import { DEFAULT_VISIT_MIN, type LonLat } from './defaults';
import { buildTravelMatrix, type DistanceOptions } from './distance';

export interface SuggestionCandidate {
	id: number;
	lon: number;
	lat: number;
	status: AccompanimentStatus;
	/** ISO date of the last contact logged, null when never contacted. */
	last_contact: string | null;
	employeur: boolean | null;
}

export interface SuggestOptions {
	base: LonLat;
	/** Minutes of the day available for driving and visits (day window minus lunch). */
	capacityMin: number;
	visitMin?: number;
	/** At most this many structures (default 8). */
	maxStops?: number;
	/** Today, to age the last contacts. */
	today: Date;
	/** Seeds tried: the best-ranked structures, each grown into a cluster (default 12). */
	seeds?: number;
	distance?: DistanceOptions;
}

export interface Suggestion {
	id: number;
	priority: number;
	/** Why this structure, in the officer's words. */
	reason: string;
}

export interface SuggestionResult {
	stops: Suggestion[];
	/** Estimated minutes at the wheel and kilometres for the day (base → stops → base). */
	drive_min: number;
	km: number;
	/** Candidates considered (structures of the territory not in an accompaniment). */
	considered: number;
}

const YEAR_MS = 365.25 * 86_400_000;

/**
 * How much a visit is worth: never accompanied first (3), then an old or interrupted parcours
 * (2), a recent one last (0.5); never contacted adds 2, otherwise a point per two years since the
 * last contact (2 at most); an employer adds 0.5. Structures in an accompaniment are not prospects.
 */
export function visitPriority(candidate: SuggestionCandidate, today: Date): number | null {
	const byStatus: Record<AccompanimentStatus, number | null> = { jamais: 3, ancien: 2, interrompu: 2, accompagne: 0.5, en_cours: null };
	const base = byStatus[candidate.status];
	if (base === null) return null;
	const contact =
		candidate.last_contact === null ? 2 : Math.min(2, Math.max(0, (today.getTime() - Date.parse(candidate.last_contact)) / YEAR_MS / 2));
	return base + contact + (candidate.employeur ? 0.5 : 0);
}

export function priorityReason(candidate: SuggestionCandidate): string {
	const status = {
		jamais: 'jamais accompagnée',
		ancien: 'accompagnée il y a longtemps',
		interrompu: 'parcours interrompu',
		accompagne: 'accompagnée récemment',
		en_cours: 'en accompagnement'
	}[candidate.status];
	const contact =
		candidate.last_contact === null ? 'jamais contactée' : `dernier contact le ${candidate.last_contact.split('-').reverse().join('/')}`;
	return `${status}, ${contact}${candidate.employeur ? ', employeuse' : ''}`;
}

/** Minutes of a nearest-neighbour round from the base through `points` (indices into `min`). */
function roundMinutes(points: readonly number[], min: number[][]): number {
	let here = 0;
	let total = 0;
	const left = new Set(points);
	while (left.size > 0) {
		let next = -1;
		for (const p of left) if (next < 0 || min[here][p] < min[here][next]) next = p;
		total += min[here][next];
		left.delete(next);
		here = next;
	}
	return total + min[here][0];
}

/**
 * The proposal for one day: from each of the best-ranked structures, grow a cluster by adding the
 * structure that brings most priority per minute spent (its visit and the detour), while the day
 * still holds; keep the cluster worth most. Deterministic: ties go to the lower id.
 */
export function suggestVisits(candidates: readonly SuggestionCandidate[], options: SuggestOptions): SuggestionResult {
	const visit = options.visitMin ?? DEFAULT_VISIT_MIN;
	const maxStops = options.maxStops ?? 8;
	const ranked = candidates
		.map((c) => ({ c, priority: visitPriority(c, options.today) }))
		.filter((r): r is { c: SuggestionCandidate; priority: number } => r.priority !== null)
		.sort((a, b) => b.priority - a.priority || a.c.id - b.c.id);
	if (ranked.length === 0 || maxStops < 1) return { stops: [], drive_min: 0, km: 0, considered: ranked.length };
	// Point 0 is the base, point i + 1 the i-th ranked candidate.
	const matrix = buildTravelMatrix([options.base, ...ranked.map((r): LonLat => [r.c.lon, r.c.lat])], options.distance);
	const fits = (points: number[]) => roundMinutes(points, matrix.min) + points.length * visit <= options.capacityMin;

	let best: { points: number[]; value: number; drive: number } | null = null;
	for (let s = 0; s < Math.min(options.seeds ?? 12, ranked.length); s++) {
		const seed = s + 1;
		if (!fits([seed])) continue;
		const points = [seed];
		let drive = roundMinutes(points, matrix.min);
		while (points.length < maxStops) {
			let choice = -1;
			let choiceDrive = 0;
			let choiceRatio = -Infinity;
			for (let p = 1; p <= ranked.length; p++) {
				if (points.includes(p)) continue;
				const withP = [...points, p];
				const d = roundMinutes(withP, matrix.min);
				if (d + withP.length * visit > options.capacityMin) continue;
				const ratio = ranked[p - 1].priority / (visit + Math.max(0, d - drive));
				if (ratio > choiceRatio + 1e-12) [choice, choiceDrive, choiceRatio] = [p, d, ratio];
			}
			if (choice < 0) break;
			points.push(choice);
			drive = choiceDrive;
		}
		const value = points.reduce((sum, p) => sum + ranked[p - 1].priority, 0);
		if (best === null || value > best.value + 1e-9 || (Math.abs(value - best.value) <= 1e-9 && drive < best.drive))
			best = { points, value, drive };
	}
	if (best === null) return { stops: [], drive_min: 0, km: 0, considered: ranked.length };
	const chosen = [...best.points].sort((a, b) => a - b);
	let km = 0;
	let here = 0;
	const left = new Set(chosen);
	while (left.size > 0) {
		let next = -1;
		for (const p of left) if (next < 0 || matrix.min[here][p] < matrix.min[here][next]) next = p;
		km += matrix.km[here][next];
		left.delete(next);
		here = next;
	}
	km += matrix.km[here][0];
	return {
		stops: chosen.map((p) => ({
			id: ranked[p - 1].c.id,
			priority: Math.round(ranked[p - 1].priority * 100) / 100,
			reason: priorityReason(ranked[p - 1].c)
		})),
		drive_min: Math.round(best.drive),
		km: Math.round(km * 10) / 10,
		considered: ranked.length
	};
}
