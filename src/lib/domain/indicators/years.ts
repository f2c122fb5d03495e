// Year ranges and the filling of a sparse count table into one row per territory × year: the SQL
// only returns the (territory, year) pairs where something happened; the API must answer every
// year of the range for every territory, zeros included.
import { accompanimentRate } from '../gaps/indicators';
import { INDICATOR_KEYS, type IndicatorKey } from './definitions';

/** The calendar years from `from` to `to`, both included (empty when inverted). */
export function yearRange(from: number, to: number): number[] {
	const years: number[] = [];
	for (let y = from; y <= to; y++) years.push(y);
	return years;
}

/** The flows counted per territory and year (every indicator but the stock and the rate). */
export type IndicatorFlowKey = Exclude<IndicatorKey, 'structures_ess' | 'taux_accompagnement'>;

export const FLOW_KEYS: readonly IndicatorFlowKey[] = INDICATOR_KEYS.filter(
	(k): k is IndicatorFlowKey => k !== 'structures_ess' && k !== 'taux_accompagnement'
);

export interface IndicatorTerritory {
	code: string;
	nom: string;
	structures_ess: number;
}

/** What the SQL returns for one territory and year: some flows and the structures accompanied. */
export type YearCounts = Partial<Record<IndicatorFlowKey | 'accompagnees', number | string>> & { code: string; year: number };

export type IndicatorRow = { code: string; nom: string; level: string; year: number } & Record<IndicatorFlowKey, number> & {
		structures_ess: number;
		taux_accompagnement: number | null;
	};

const ZERO: Record<IndicatorFlowKey, number> = Object.fromEntries(FLOW_KEYS.map((k) => [k, 0])) as Record<IndicatorFlowKey, number>;

/** Money and days to the cent / half-day the database keeps, without float noise. */
function tidy(key: IndicatorFlowKey, value: number): number {
	return key === 'budget_eur' || key === 'jours' ? Math.round(value * 100) / 100 : value;
}

/**
 * One row per territory (in the order given) and year of [from, to]: the counts found (several
 * partial records of one territory and year add up), zeros elsewhere, and the accompaniment rate (null for a territory without any ESS structure).
 */
export function fillYears(
	level: string,
	territories: readonly IndicatorTerritory[],
	from: number,
	to: number,
	counts: readonly YearCounts[]
): IndicatorRow[] {
	const found = new Map<string, Record<IndicatorFlowKey | 'accompagnees', number>>();
	for (const c of counts) {
		const key = `${c.code}|${c.year}`;
		const sums = found.get(key) ?? { ...ZERO, accompagnees: 0 };
		for (const k of [...FLOW_KEYS, 'accompagnees'] as const) sums[k] += Number(c[k] ?? 0);
		found.set(key, sums);
	}
	const years = yearRange(from, to);
	return territories.flatMap((t) =>
		years.map((year) => {
			const c = found.get(`${t.code}|${year}`);
			const flows = Object.fromEntries(FLOW_KEYS.map((k) => [k, c ? tidy(k, c[k]) : 0])) as Record<IndicatorFlowKey, number>;
			const accompanied = c?.accompagnees ?? 0;
			return {
				code: t.code,
				nom: t.nom,
				level,
				year,
				...flows,
				structures_ess: t.structures_ess,
				taux_accompagnement: accompanimentRate({ structures: t.structures_ess, accompanied })
			};
		})
	);
}
