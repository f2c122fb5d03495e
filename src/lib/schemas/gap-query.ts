// The question asked of the gap analysis, shared by GET /api/gaps, its CSV export and the /gaps
// screen: which level, territories or territory × sector, which sectors and zones, which years.
import { z } from 'zod';
import { DEFAULT_GAP_CONFIG, type GapConfig } from '../domain/gaps/config';
import { isSectorCode } from '../domain/sectors';

export const GAP_LEVELS = ['commune', 'epci', 'zone', 'arrondissement'] as const;
export type GapLevel = (typeof GAP_LEVELS)[number];
export const GAP_GROUPINGS = ['territory', 'sector'] as const;

const year = (field: string) =>
	z.coerce
		.number({ error: `${field} : année attendue (AAAA)` })
		.int(`${field} : année attendue (AAAA)`)
		.min(2000, `${field} : année entre 2000 et 2100 attendue`)
		.max(2100, `${field} : année entre 2000 et 2100 attendue`);

const codes = (field: string, pattern: RegExp) =>
	z
		.string()
		.transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
		.pipe(z.array(z.string().regex(pattern, `${field} : code invalide`)).max(50, `${field} : 50 codes au plus`));

/** Calendar years [from, to] of the default period: the last `years` years, this one included. */
export function defaultPeriod(today: Date, config: GapConfig = DEFAULT_GAP_CONFIG): { from: number; to: number } {
	const to = today.getFullYear();
	return { from: to - config.period.years + 1, to };
}

export function gapQuerySchema(today: Date = new Date(), config: GapConfig = DEFAULT_GAP_CONFIG) {
	const period = defaultPeriod(today, config);
	return z
		.object({
			level: z.enum(GAP_LEVELS, { error: `level : attendu ${GAP_LEVELS.join(', ')}` }).default('epci'),
			by: z.enum(GAP_GROUPINGS, { error: 'by : attendu territory ou sector' }).default('territory'),
			sector: codes('sector', /^[a-z_]{1,40}$/)
				.refine((list) => list.every((s) => isSectorCode(s)), { message: 'sector : secteur inconnu (voir data/sectors.json)' })
				.default([]),
			zone: codes('zone', /^[\w-]{1,20}$/).default([]),
			from: year('from').default(period.from),
			to: year('to').default(period.to)
		})
		.refine((q) => q.from <= q.to, { message: 'from : l’année de début doit précéder l’année de fin', path: ['from'] })
		.refine((q) => q.zone.length === 0 || q.level !== 'arrondissement', {
			message: 'zone : les arrondissements ne se découpent pas en zones, choisissez le niveau commune, epci ou zone',
			path: ['zone']
		});
}
export type GapQuery = z.output<ReturnType<typeof gapQuerySchema>>;

/** From URL search parameters; unknown parameters are refused so that a typo is not ignored. */
export function parseGapQuery(params: URLSearchParams, today: Date = new Date(), config: GapConfig = DEFAULT_GAP_CONFIG) {
	const known = new Set(['level', 'by', 'sector', 'zone', 'from', 'to', 'format']);
	const unknown = [...params.keys()].filter((k) => !known.has(k));
	const raw: Record<string, string> = {};
	for (const key of known) {
		const values = params.getAll(key).filter((v) => v !== '');
		if (values.length) raw[key] = values.join(',');
	}
	const parsed = gapQuerySchema(today, config).safeParse(raw);
	if (unknown.length) {
		return { success: false as const, errors: [`paramètre inconnu : ${unknown.join(', ')} (attendus : level, by, sector, zone, from, to)`] };
	}
	if (!parsed.success) return { success: false as const, errors: parsed.error.issues.map((i) => i.message) };
	return { success: true as const, data: parsed.data };
}
