// The DLA's coverage of a territory compared with the whole département. The SQL counts, these
// functions derive: a rate, densities, how many accompanied structures the territory would have at
// the départemental rate, and how many are missing. Small counts get a confidence level so that a
// screen never shows a bare 100 % or 0 % computed on two structures.
import { DEFAULT_GAP_CONFIG, type GapConfig } from './config';

/** The figures the SQL gives for one territory (and optionally one sector) over a period. */
export interface TerritoryFigures {
	/** Active ESS structures. */
	structures: number;
	structures_employeuses: number;
	/** Structures with an accompaniment stage reached in the period. */
	accompanied: number;
	/** Null when unknown (e.g. a zone whose communes lack populations). */
	population: number | null;
	/** Jobs (CDI + CDD) concerned by the accompaniments of the period. */
	emplois_concernes: number;
	/** From the territory's label point to the nearest accompanied structure; null when there is none. */
	distance_km: number | null;
}

export const CONFIDENCE_LEVELS = ['faible', 'moyenne', 'bonne'] as const;
export type ConfidenceLevel = (typeof CONFIDENCE_LEVELS)[number];

export interface GapIndicators {
	figures: TerritoryFigures;
	reference: TerritoryFigures;
	/** accompanied ÷ structures; null without structures (no rate rather than a fake 0 %). */
	rate: number | null;
	reference_rate: number | null;
	structures_per_10k: number | null;
	accompaniments_per_10k: number | null;
	reference_structures_per_10k: number | null;
	/** Accompanied structures the territory would have at the départemental rate. */
	expected: number;
	/** max(0, expected − accompanied): the gap, in structures. */
	missing: number;
	/** The territory's share of the département's structures (its weight in the local ESS). */
	ess_share: number;
	/** How far the rate can be trusted, from the number of structures it is computed on. */
	confidence: ConfidenceLevel;
}

const PER = 10_000;

/** The SQL is ours: a negative or fractional count is a bug upstream, better stopped here. */
function assertCount(value: number, name: string): void {
	if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} : entier positif ou nul attendu, reçu ${value}`);
}

function assertFigures(f: TerritoryFigures, what: string): void {
	assertCount(f.structures, `${what}.structures`);
	assertCount(f.structures_employeuses, `${what}.structures_employeuses`);
	assertCount(f.accompanied, `${what}.accompanied`);
	assertCount(f.emplois_concernes, `${what}.emplois_concernes`);
	if (f.population !== null) assertCount(f.population, `${what}.population`);
	if (f.distance_km !== null && !(f.distance_km >= 0))
		throw new RangeError(`${what}.distance_km : distance positive attendue, reçu ${f.distance_km}`);
}

export function accompanimentRate(figures: Pick<TerritoryFigures, 'structures' | 'accompanied'>): number | null {
	return figures.structures > 0 ? figures.accompanied / figures.structures : null;
}

/** Per 10,000 inhabitants; null when the population is unknown or zero. */
export function per10k(count: number, population: number | null): number | null {
	return population ? (count * PER) / population : null;
}

export function confidenceLevel(structures: number, config: GapConfig = DEFAULT_GAP_CONFIG): ConfidenceLevel {
	if (structures < config.confidence.faible_below) return 'faible';
	if (structures < config.confidence.moyenne_below) return 'moyenne';
	return 'bonne';
}

/** Structures the territory would have accompanied at the reference rate. */
export function expectedAccompanied(structures: number, referenceRate: number | null): number {
	return referenceRate === null ? 0 : structures * referenceRate;
}

export function missingAccompanied(expected: number, accompanied: number): number {
	return Math.max(0, expected - accompanied);
}

export function gapIndicators(
	figures: TerritoryFigures,
	reference: TerritoryFigures,
	config: GapConfig = DEFAULT_GAP_CONFIG
): GapIndicators {
	assertFigures(figures, 'territoire');
	assertFigures(reference, 'référence');
	const referenceRate = accompanimentRate(reference);
	const expected = expectedAccompanied(figures.structures, referenceRate);
	return {
		figures,
		reference,
		rate: accompanimentRate(figures),
		reference_rate: referenceRate,
		structures_per_10k: per10k(figures.structures, figures.population),
		accompaniments_per_10k: per10k(figures.accompanied, figures.population),
		reference_structures_per_10k: per10k(reference.structures, reference.population),
		expected,
		missing: missingAccompanied(expected, figures.accompanied),
		ess_share: reference.structures > 0 ? figures.structures / reference.structures : 0,
		confidence: confidenceLevel(figures.structures, config)
	};
}
