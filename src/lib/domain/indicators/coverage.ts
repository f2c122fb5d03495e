// The change in coverage between two periods, for the /bilan map: the share of a territory's ESS
// structures accompanied in each period (the single rule of queries/accompanied.ts, through
// /api/territories/stats), and the difference in percentage points, classed from « lost a lot »
// to « gained a lot ». A rate over too few structures is not compared (the gap analysis's
// confidence threshold), so that one structure more in a village does not read as a surge.
export interface Period {
	de: number;
	a: number;
}

/** The later period ends in `year` and lasts `length` years; the earlier one comes just before it. */
export function comparedPeriods(year: number, length: number): { before: Period; after: Period } {
	return { before: { de: year - 2 * length + 1, a: year - length }, after: { de: year - length + 1, a: year } };
}

export interface CoverageFigures {
	structures: number;
	accompanied: number;
}

/** after − before, in percentage points; null when either period has fewer than `minStructures` structures. */
export function coverageChange(
	before: CoverageFigures | undefined,
	after: CoverageFigures | undefined,
	minStructures: number
): number | null {
	if (!before || !after || before.structures < minStructures || after.structures < minStructures) return null;
	return (100 * after.accompanied) / after.structures - (100 * before.accompanied) / before.structures;
}

/** Upper bounds (percentage points) of the five classes; the last is open. */
export const COVERAGE_CHANGE_BREAKS = [-2, -0.5, 0.5, 2, Number.MAX_VALUE];
export const COVERAGE_CHANGE_LABELS = [
	'recul de plus de 2 points',
	'léger recul',
	'stable (± 0,5 point)',
	'légère hausse',
	'hausse de plus de 2 points'
];
/** Diverging, colour-blind-safe (ColorBrewer PuOr), dark at both ends so that grey prints tell them apart from the middle. */
export const COVERAGE_CHANGE_COLORS = ['#b35806', '#f1a340', '#f7f7f7', '#998ec3', '#542788'];

/** The class (0–4) of a change in points. */
export function coverageChangeClass(points: number): number {
	const i = COVERAGE_CHANGE_BREAKS.findIndex((b) => points <= b);
	return i === -1 ? COVERAGE_CHANGE_BREAKS.length - 1 : i;
}
