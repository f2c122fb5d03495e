// Settings of the gap analysis (data/gaps.json): confidence thresholds, score weights and the
// words of the summaries. The DLA tunes them without touching code, so the file is validated and
// a bad edit is reported with the path of the faulty setting. The bundled copy is the default; the
// server may read the file at run time and pass its parsed content instead.
import { z } from 'zod';
import bundledConfig from '../../../../data/gaps.json';

const positive = (label: string) =>
	z.number({ error: `${label} : nombre attendu` }).positive(`${label} : nombre strictement positif attendu`);
const nonNegative = (label: string) => z.number({ error: `${label} : nombre attendu` }).min(0, `${label} : nombre positif ou nul attendu`);
const count = (label: string) =>
	z
		.number({ error: `${label} : nombre entier attendu` })
		.int(`${label} : nombre entier attendu`)
		.min(1, `${label} : au moins 1`);

export const gapConfigSchema = z.object({
	source: z.string().optional(),
	period: z
		.object({ note: z.string().optional(), years: count('period.years').max(30, 'period.years : 30 ans au plus') })
		.default({ years: 3 }),
	white_zone: z
		.object({
			note: z.string().optional(),
			distance_km: positive('white_zone.distance_km').max(200, 'white_zone.distance_km : 200 km au plus')
		})
		.default({ distance_km: 15 }),
	confidence: z
		.object({
			note: z.string().optional(),
			faible_below: count('confidence.faible_below'),
			moyenne_below: count('confidence.moyenne_below')
		})
		.refine((c) => c.moyenne_below > c.faible_below, {
			message: 'confidence : moyenne_below doit dépasser faible_below',
			path: ['moyenne_below']
		}),
	score: z.object({
		note: z.string().optional(),
		weights: z.object({
			// The missing structures carry the score: with no weight, no gap could be told apart.
			missing: positive('score.weights.missing'),
			ess_weight: nonNegative('score.weights.ess_weight'),
			distance: nonNegative('score.weights.distance')
		}),
		half_saturation: z.object({
			missing: positive('score.half_saturation.missing'),
			ess_share: positive('score.half_saturation.ess_share').max(1, 'score.half_saturation.ess_share : une part, entre 0 et 1'),
			distance_km: positive('score.half_saturation.distance_km')
		})
	}),
	summary: z.object({
		note: z.string().optional(),
		sector_min_structures: count('summary.sector_min_structures'),
		max_sectors: count('summary.max_sectors'),
		/** Sector code → its name with the article, as it reads after « dans » (« la culture »). */
		sector_phrases: z.record(z.string().regex(/^[a-z_]+$/, 'code de secteur : minuscules et _'), z.string().min(1))
	})
});
export type GapConfig = z.infer<typeof gapConfigSchema>;

export type GapConfigParse = { ok: true; config: GapConfig } | { ok: false; errors: string[] };

/** Validates an edited configuration; the errors name the setting to fix. */
export function parseGapConfig(raw: unknown): GapConfigParse {
	const parsed = gapConfigSchema.safeParse(raw);
	if (parsed.success) return { ok: true, config: parsed.data };
	return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join('.') || 'gaps.json'} : ${i.message}`) };
}

function bundledGapConfig(): GapConfig {
	const parsed = parseGapConfig(bundledConfig);
	if (!parsed.ok) throw new Error(`data/gaps.json invalide : ${parsed.errors.join(' ; ')}`);
	return parsed.config;
}

export const DEFAULT_GAP_CONFIG: GapConfig = bundledGapConfig();
