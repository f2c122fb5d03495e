// Progress towards a target: reached, on track for the date, behind, or not started yet. A yearly
// flow (structures accueillies, jobs, budget… and the accompaniment rate, which grows as the year's
// steps are recorded) is compared with the target prorated by the share of its year elapsed: on
// 1 July, half of the year's target is « en bonne voie ». A stock (structures_ess) is compared with
// the whole target at any date.
import type { IndicatorKey } from './definitions';

/** The statuses, in the order of the legend, and their words. */
export const PROGRESS_LABELS = {
	atteint: 'atteint',
	en_bonne_voie: 'en bonne voie',
	en_retard: 'en retard',
	a_venir: 'à venir'
} as const;
export type ProgressStatus = keyof typeof PROGRESS_LABELS;

export interface Progress {
	status: ProgressStatus;
	/** Share of the target's year elapsed on `today` (0 before it, 1 after it). */
	elapsed: number;
	/** What should be reached by `today` to be on track. */
	expected: number;
	/** value ÷ target (null for a zero target). */
	ratio: number | null;
}

const DAY_MS = 86_400_000;

/** The share of calendar year `year` elapsed at the end of day `today` (ISO `YYYY-MM-DD`). */
export function yearElapsed(year: number, today: string): number {
	const day = Date.parse(`${today}T00:00:00Z`);
	if (Number.isNaN(day)) throw new RangeError(`date invalide : ${today}`);
	const start = Date.UTC(year, 0, 1);
	const end = Date.UTC(year + 1, 0, 1);
	return Math.min(1, Math.max(0, (day + DAY_MS - start) / (end - start)));
}

/** Where `value` stands against `target` for the indicator's year on `today`. */
export function targetProgress(input: { indicator: IndicatorKey; year: number; target: number; value: number; today: string }): Progress {
	const { indicator, year, target, value, today } = input;
	const elapsed = indicator === 'structures_ess' ? 1 : yearElapsed(year, today);
	const expected = target * elapsed;
	const ratio = target > 0 ? value / target : null;
	let status: ProgressStatus;
	if (value >= target) status = 'atteint';
	else if (elapsed === 0) status = 'a_venir';
	else status = value >= expected ? 'en_bonne_voie' : 'en_retard';
	return { status, elapsed, expected, ratio };
}
