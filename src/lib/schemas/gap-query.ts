// The question asked of the gap analysis, shared by GET /api/gaps, its CSV export and the /gaps
// screen: which level, territories or territory × sector, which sectors and zones, which years.
import { z } from 'zod';
import { DEFAULT_GAP_CONFIG, type GapConfig } from '../domain/gaps/config';
import { isSectorCode } from '../domain/sectors';
import { parseQuery } from './query-names';

export const GAP_LEVELS = ['commune', 'epci', 'zone', 'arrondissement'] as const;
export type GapLevel = (typeof GAP_LEVELS)[number];
export const GAP_GROUPINGS = ['territory', 'sector'] as const;

// Messages name no parameter: the error names it the way the request wrote it (`de` or `from`).
export const yearParam = z.coerce
	.number({ error: 'année attendue (AAAA)' })
	.int('année attendue (AAAA)')
	.min(2000, 'année entre 2000 et 2100 attendue')
	.max(2100, 'année entre 2000 et 2100 attendue');

const codes = (pattern: RegExp) =>
	z
		.string()
		.transform((v) =>
			v
				.split(',')
				.map((s) => s.trim())
				.filter(Boolean)
		)
		.pipe(z.array(z.string().regex(pattern, 'code invalide')).max(50, '50 codes au plus'));

/** A comma-separated list of ESS sector codes (data/sectors.json). */
export const sectorCodes = codes(/^[a-z_]{1,40}$/).refine((list) => list.every((s) => isSectorCode(s)), {
	message: 'secteur inconnu (voir data/sectors.json)'
});

/** Calendar years [from, to] of the default period: the last `years` years, this one included. */
export function defaultPeriod(today: Date, config: GapConfig = DEFAULT_GAP_CONFIG): { from: number; to: number } {
	const to = today.getFullYear();
	return { from: to - config.period.years + 1, to };
}

/** The parameters under their canonical names (query-names.ts); the result keeps the names of the JSON `query`. */
export const GAP_QUERY_KEYS = ['level', 'by', 'secteur', 'zone', 'de', 'a'] as const;

export function gapQuerySchema(today: Date = new Date(), config: GapConfig = DEFAULT_GAP_CONFIG) {
	const period = defaultPeriod(today, config);
	return z
		.object({
			level: z.enum(GAP_LEVELS, { error: `attendu ${GAP_LEVELS.join(', ')}` }).default('epci'),
			by: z.enum(GAP_GROUPINGS, { error: 'attendu territory ou sector' }).default('territory'),
			secteur: sectorCodes.default([]),
			zone: codes(/^[\w-]{1,20}$/).default([]),
			de: yearParam.default(period.from),
			a: yearParam.default(period.to)
		})
		.refine((q) => q.de <= q.a, { message: 'l’année de début doit précéder l’année de fin', path: ['de'] })
		.refine((q) => q.zone.length === 0 || q.level !== 'arrondissement', {
			message: 'les arrondissements ne se découpent pas en zones, choisissez le niveau commune, epci ou zone',
			path: ['zone']
		})
		.transform(({ level, by, secteur, zone, de, a }) => ({ level, by, sector: secteur, zone, from: de, to: a }));
}
export type GapQuery = z.output<ReturnType<typeof gapQuerySchema>>;

/**
 * From URL search parameters, old names accepted; unknown parameters are refused so that a typo is
 * not ignored. A failure carries zod-like issues for `zodError`, with the names as written.
 */
export function parseGapQuery(params: URLSearchParams, today: Date = new Date(), config: GapConfig = DEFAULT_GAP_CONFIG) {
	return parseQuery(gapQuerySchema(today, config), GAP_QUERY_KEYS, params, ['format']);
}
