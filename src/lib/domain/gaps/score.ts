// Ranks the territories (or territory × sector) where the DLA's coverage is thinnest.
//
//   score = 100 × M × (a + b × P + c × D)      with a + b + c = 1 (weights of data/gaps.json)
//
//   M = m ÷ (m + m½)   m: missing accompanied structures (expected at the départemental rate − accompanied)
//   P = p ÷ (p + p½)   p: the territory's share of the département's ESS structures
//   D = d ÷ (d + d½)   d: km to the nearest accompanied structure (D = 1 when there is none)
//
// Why this shape: the missing structures are the gap itself, so they multiply everything — a
// territory at or above the départemental rate scores 0 however big or remote it is. Weight and
// distance only say which gaps matter most. Each term saturates (x ÷ (x + half)) so that no
// single figure can swamp the others and the score stays in [0, 100); the half-saturation value
// is where a term reaches half of its maximum, which is easy to tune. The score grows with m,
// and, when something is missing, with p and d: it is monotonic in each figure, and the same
// figures always give the same score.
import { DEFAULT_GAP_CONFIG, type GapConfig } from './config';
import type { GapIndicators } from './indicators';
import { formatDecimal, formatKm, formatPercent } from '../format';

export interface GapScoreComponents {
	/** M: saturated missing structures, 0 to 1. */
	missing: number;
	/** P: saturated share of the département's structures, 0 to 1. */
	ess_weight: number;
	/** D: saturated distance to the nearest accompanied structure, 0 to 1. */
	distance: number;
}

export interface GapScore {
	/** 0 (no gap) to 100 (excluded). */
	score: number;
	components: GapScoreComponents;
}

/** x ÷ (x + half): 0 at 0, ½ at `half`, tends to 1. */
export function saturation(value: number, half: number): number {
	return value <= 0 ? 0 : value / (value + half);
}

/** The weights scaled to sum to 1, so that the score's maximum stays 100 whatever is typed. */
export function normalizedWeights(config: GapConfig = DEFAULT_GAP_CONFIG): GapConfig['score']['weights'] {
	const { missing, ess_weight, distance } = config.score.weights;
	const total = missing + ess_weight + distance;
	return { missing: missing / total, ess_weight: ess_weight / total, distance: distance / total };
}

/** No accompanied structure anywhere is as remote as it gets. */
function distanceComponent(distanceKm: number | null, halfKm: number): number {
	return distanceKm === null ? 1 : saturation(distanceKm, halfKm);
}

export function scoreGap(indicators: GapIndicators, config: GapConfig = DEFAULT_GAP_CONFIG): GapScore {
	const half = config.score.half_saturation;
	const w = normalizedWeights(config);
	const components: GapScoreComponents = {
		missing: saturation(indicators.missing, half.missing),
		ess_weight: saturation(indicators.ess_share, half.ess_share),
		distance: distanceComponent(indicators.figures.distance_km, half.distance_km)
	};
	const amplifier = w.missing + w.ess_weight * components.ess_weight + w.distance * components.distance;
	return { score: 100 * components.missing * amplifier, components };
}

export interface GapCandidate {
	/** Territory code (with the sector code when ranking territory × sector): the last tie-breaker. */
	code: string;
	indicators: GapIndicators;
}

export type RankedGap<T extends GapCandidate> = T & { rank: number; gap: GapScore };

/** Highest score first; equal scores by more missing, then more structures, then code, so that
 * the order never depends on the order the SQL returned. */
export function rankGaps<T extends GapCandidate>(candidates: readonly T[], config: GapConfig = DEFAULT_GAP_CONFIG): RankedGap<T>[] {
	return candidates
		.map((c) => ({ ...c, gap: scoreGap(c.indicators, config) }))
		.sort(
			(a, b) =>
				b.gap.score - a.gap.score ||
				b.indicators.missing - a.indicators.missing ||
				b.indicators.figures.structures - a.indicators.figures.structures ||
				(a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
		)
		.map((c, i) => ({ ...c, rank: i + 1 }));
}

/** The formula in French with the configured values, for the UI and the README. */
export function explainScore(config: GapConfig = DEFAULT_GAP_CONFIG): string {
	const w = normalizedWeights(config);
	const half = config.score.half_saturation;
	const weight = (x: number) => formatDecimal(x, 2);
	return [
		`Score de manque (de 0 à 100) = 100 × M × (${weight(w.missing)} + ${weight(w.ess_weight)} × P + ${weight(w.distance)} × D), où :`,
		`– M = manque ÷ (manque + ${formatDecimal(half.missing, 2)}) ; le manque est le nombre de structures qui seraient accompagnées au taux du département (structures du territoire × taux départemental), moins celles qui le sont, et jamais moins de 0 ;`,
		`– P = part ÷ (part + ${formatPercent(half.ess_share, 2)}) ; la part est celle du territoire dans les structures de l’ESS du département ;`,
		`– D = distance ÷ (distance + ${formatKm(half.distance_km)}) ; la distance va du territoire à la structure accompagnée la plus proche (D = 1 s’il n’y en a aucune).`,
		'M, P et D vont de 0 à 1 et valent ½ à leur valeur de demi-saturation. Un territoire au taux départemental ou au-dessus a un score nul ; à manque égal, un territoire qui pèse plus dans l’ESS ou plus éloigné des structures accompagnées passe devant.'
	].join('\n');
}
