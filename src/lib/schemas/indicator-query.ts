// The question asked of the DLA's indicators (GET /api/indicators, /bilan, the annual report):
// which level of territory, which years (30 at most), which sectors.
import { z } from 'zod';
import { TERRITORY_LEVELS } from '../domain/territory/levels';
import { sectorCodes, yearParam } from './gap-query';
import { parseQuery } from './query-names';

/** A longer range is refused: 30 years × 725 communes is already 21 750 rows. */
export const MAX_INDICATOR_YEARS = 30;
export const INDICATOR_QUERY_KEYS = ['level', 'de', 'a', 'secteur'] as const;

/** The default period: the last five calendar years, this one included. */
export function defaultIndicatorYears(today: Date): { de: number; a: number } {
	const a = today.getFullYear();
	return { de: a - 4, a };
}

export function indicatorQuerySchema(today: Date = new Date()) {
	const period = defaultIndicatorYears(today);
	return z
		.object({
			level: z.enum(TERRITORY_LEVELS, { error: `niveau inconnu : attendu ${TERRITORY_LEVELS.join(', ')}` }).default('departement'),
			de: yearParam.default(period.de),
			a: yearParam.default(period.a),
			secteur: sectorCodes.default([])
		})
		.refine((q) => q.de <= q.a, { message: 'l’année de début doit précéder l’année de fin', path: ['de'] })
		.refine((q) => q.a - q.de + 1 <= MAX_INDICATOR_YEARS, {
			message: `${MAX_INDICATOR_YEARS} années au plus : resserrez la période`,
			path: ['a']
		});
}
export type IndicatorQuery = z.output<ReturnType<typeof indicatorQuerySchema>>;

/** From URL search parameters (`from`, `to`, `sector` accepted as the older names). */
export function parseIndicatorQuery(params: URLSearchParams, today: Date = new Date()) {
	return parseQuery(indicatorQuerySchema(today), INDICATOR_QUERY_KEYS, params);
}
