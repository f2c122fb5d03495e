// Choropleth indicators of a territory and their classes (quantiles or Jenks natural breaks,
// computed by simple-statistics).
import { ckmeans, quantile } from 'simple-statistics';

export const INDICATORS = {
	structures_10k: 'Structures de l’ESS pour 10 000 habitants',
	part_accompagnee: 'Part des structures accompagnées sur la période (%)',
	accompagnements: 'Accompagnements sur la période'
} as const;
export type Indicator = keyof typeof INDICATORS;

export interface TerritoryFigures {
	population: number | null;
	structures: number;
	accompanied: number;
	accompaniments: number;
}

/** The indicator's value; null when it has no meaning (no inhabitants, no structure). */
export function indicatorValue(indicator: Indicator, f: TerritoryFigures): number | null {
	switch (indicator) {
		case 'structures_10k':
			return f.population ? (f.structures / f.population) * 10_000 : null;
		case 'part_accompagnee':
			return f.structures ? (f.accompanied / f.structures) * 100 : null;
		case 'accompagnements':
			return f.accompaniments;
	}
}

export type ClassMethod = 'quantiles' | 'jenks';

/**
 * Upper bounds of at most `k` classes over the values (nulls left out); fewer classes when there
 * are fewer distinct values. The last bound is the maximum.
 */
export function classBreaks(values: (number | null)[], method: ClassMethod, k = 5): number[] {
	const data = values.filter((v): v is number => v !== null && Number.isFinite(v));
	const distinct = new Set(data).size;
	if (!distinct) return [];
	const classes = Math.min(k, distinct);
	if (method === 'jenks') return ckmeans(data, classes).map((cluster) => cluster[cluster.length - 1]);
	const bounds = Array.from({ length: classes }, (_, i) => quantile(data, (i + 1) / classes));
	return [...new Set(bounds)];
}

/** Sequential, colour-blind-safe palette (ColorBrewer YlGnBu), light to dark. */
export const CLASS_COLORS = ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'];
