// The gap rows of a query, assembled from the counts and distances the queries read
// (server/queries/gaps.ts): the indicators against the département's benchmark, the ranking, and
// the reference columns. Pure: unit-tested in tests/unit/gaps-result.test.ts.
import type { GapConfig } from './config';
import { gapIndicators, type GapIndicators, type TerritoryFigures } from './indicators';
import type { GapReference, GapResult, GapRow } from './rows';
import { rankGaps } from './score';
import { cellKey, sum, type CountRow, type Counts } from './counts';
import { sectorLabel } from '../sectors';
import type { GapLevel } from '../../schemas/gap-query';

export interface GapQueryInput {
	level: GapLevel;
	by: 'territory' | 'sector';
	/** Keep these sectors only (codes of data/sectors.json). */
	sector?: string | readonly string[];
	/** Keep the territories of these zones only (the reference stays the whole département). */
	zone?: string | readonly string[];
	/** Calendar years, inclusive. */
	from: number;
	to: number;
}

/** The département of the analysis. */
export interface GapDepartement {
	code: string;
	nom: string;
	typeLiaison: number | null;
	population: number | null;
}

/** A comma-separated list or a list of codes. */
export const codeList = (value: string | readonly string[] | undefined): string[] =>
	value === undefined ? [] : typeof value === 'string' ? value.split(',').filter(Boolean) : [...value];

export interface TerritoryRow {
	code: string;
	nom: string;
	population: number | null;
	distance_km: number | null;
}

export function figures(count: CountRow | undefined, population: number | null, distance: number | null): TerritoryFigures {
	return {
		structures: count?.structures ?? 0,
		structures_employeuses: count?.structures_employeuses ?? 0,
		accompanied: count?.accompanied ?? 0,
		population,
		emplois_concernes: count?.emplois ?? 0,
		distance_km: distance
	};
}

function reference(ind: GapIndicators): GapReference {
	const r = ind.reference;
	return {
		structures: r.structures,
		structures_employeuses: r.structures_employeuses,
		accompanied: r.accompanied,
		rate: ind.reference_rate,
		structures_per_10k: ind.reference_structures_per_10k,
		accompaniments_per_10k: r.population ? (r.accompanied * 10_000) / r.population : null,
		emplois_concernes: r.emplois_concernes,
		population: r.population
	};
}

interface Candidate {
	code: string;
	territory: TerritoryRow;
	sector: string | null;
	/** Against the benchmark (département, all sectors): expected, missing, score. */
	indicators: GapIndicators;
	/** The same figures over the whole département, for the reference columns. */
	reference: GapIndicators;
}

/** What the rows of a query are computed from, read once whatever the grouping. */
export interface GapData {
	departement: GapDepartement;
	territories: TerritoryRow[];
	counts: Counts;
	/** Null when the isolated structures were not asked for (the matrix alone). */
	isolated: Map<string, number> | null;
}

export function gapResult(data: GapData, input: GapQueryInput, config: GapConfig): GapResult {
	const sectors = codeList(input.sector);
	const zones = codeList(input.zone);
	const { level, from, to } = input;
	const bySector = input.by === 'sector' || sectors.length === 1;
	const { departement, territories, counts, isolated } = data;

	// The benchmark of every cell is the DLA's reach over the whole département, all sectors: a
	// sector the DLA reaches nowhere must show as a gap, not as « at its own (zero) rate ».
	const benchmark = figures(counts.overall, departement.population, null);
	// The sectors of the rows: those asked, else all those with structures.
	const rowSectors = sectors.length ? sectors : [...counts.sectors.keys()];
	const territoryCount = (code: string): CountRow | undefined =>
		sectors.length ? sum(sectors.map((s) => counts.cells.get(cellKey(code, s)))) : counts.territories.get(code);
	// The reference shown beside each row: the same figures over the département (same sectors).
	const referenceFigures = (sector: string | null) =>
		figures(
			sector !== null ? counts.sectors.get(sector) : sectors.length ? sum(sectors.map((s) => counts.sectors.get(s))) : counts.overall,
			departement.population,
			null
		);

	const candidates: Candidate[] = [];
	for (const territory of territories) {
		const cells = bySector ? rowSectors.filter((s) => counts.cells.has(cellKey(territory.code, s))) : [null];
		for (const sector of cells) {
			const count = sector === null ? territoryCount(territory.code) : counts.cells.get(cellKey(territory.code, sector));
			const reference = referenceFigures(sector);
			candidates.push({
				code: sector === null ? territory.code : `${territory.code}|${sector}`,
				territory,
				sector,
				indicators: gapIndicators(figures(count, territory.population, territory.distance_km), benchmark, config),
				reference: gapIndicators(reference, reference, config)
			});
		}
	}

	const rows = rankGaps(candidates, config).map((c): GapRow => {
		const ind = c.indicators;
		return {
			code: c.territory.code,
			nom: c.territory.nom,
			level,
			sector: c.sector,
			sector_label: c.sector === null ? null : c.sector === '' ? 'Secteur non renseigné' : (sectorLabel(c.sector) ?? c.sector),
			population: c.territory.population,
			structures: ind.figures.structures,
			structures_employeuses: ind.figures.structures_employeuses,
			accompanied: ind.figures.accompanied,
			rate: ind.rate,
			structures_per_10k: ind.structures_per_10k,
			accompaniments_per_10k: ind.accompaniments_per_10k,
			emplois_concernes: ind.figures.emplois_concernes,
			distance_km: ind.figures.distance_km,
			expected: ind.expected,
			missing: ind.missing,
			score: c.gap.score,
			components: c.gap.components,
			rank: c.rank,
			confidence: ind.confidence,
			white_zone: ind.figures.structures > 0 && ind.figures.accompanied === 0,
			isolated: isolated ? (isolated.get(c.territory.code) ?? 0) : null,
			benchmark_rate: ind.reference_rate,
			reference: reference(c.reference)
		};
	});
	return {
		departement: { code: departement.code, nom: departement.nom, typeLiaison: departement.typeLiaison },
		query: { level, by: input.by, sector: sectors, zone: zones, from, to },
		white_zone_km: config.white_zone.distance_km,
		rows
	};
}
