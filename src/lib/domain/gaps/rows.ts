// The rows of the gap analysis, as the API returns them and the screens show them.
import type { GapScoreComponents } from './score';
import type { GapLevel } from '../../schemas/gap-query';

export interface GapReference {
	structures: number;
	structures_employeuses: number;
	accompanied: number;
	rate: number | null;
	structures_per_10k: number | null;
	accompaniments_per_10k: number | null;
	emplois_concernes: number;
	population: number | null;
}

export interface GapRow {
	code: string;
	nom: string;
	level: GapLevel;
	/** Sector code (by=sector, or when one sector is asked for); '' for structures with no sector. */
	sector: string | null;
	sector_label: string | null;
	population: number | null;
	structures: number;
	structures_employeuses: number;
	accompanied: number;
	rate: number | null;
	structures_per_10k: number | null;
	accompaniments_per_10k: number | null;
	emplois_concernes: number;
	/** From the territory's label point to the nearest structure accompanied in the period. */
	distance_km: number | null;
	expected: number;
	missing: number;
	score: number;
	components: GapScoreComponents;
	rank: number;
	confidence: 'faible' | 'moyenne' | 'bonne';
	/** Structures and no accompaniment in the period (white zone). */
	white_zone: boolean;
	/** Structures farther than the white-zone distance from any accompanied structure (by=territory only). */
	isolated: number | null;
	/** The département's rate, all sectors: expected = structures × benchmark_rate. */
	benchmark_rate: number | null;
	/** The same figures over the whole département (for the row's sector, if any). */
	reference: GapReference;
}

export interface GapResult {
	departement: { code: string; nom: string; typeLiaison: number | null };
	query: { level: GapLevel; by: 'territory' | 'sector'; sector: string[]; zone: string[]; from: number; to: number };
	white_zone_km: number;
	rows: GapRow[];
}
