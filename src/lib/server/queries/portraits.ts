// The portrait of a territory (commune, EPCI, arrondissement, zone or the département itself),
// with the département as reference: what a DLA officer shows a mayor or an EPCI president.
// Everything here is public-safe by construction — names of structures, partners and initiatives,
// counts — and never reads contact persons, notes, contact logs or user accounts, because the
// same data feeds the share links opened without a session.
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database, TerritoryLevel } from '../db/schema';
import { accompanimentHasStepInYears, accompanimentStepDays, dayInYears, structureHasAccompanimentInYears } from './accompanied';
import { estimateJobs } from '../../domain/portrait/jobs';
import { ACCOMPANIED_NAMES_LISTED } from '../../domain/portrait/figures';
import type {
	DepartementGaps,
	Portrait,
	PortraitActorName,
	PortraitFamily,
	PortraitFigures,
	PortraitGap,
	PortraitMapData,
	PortraitPartner,
	PortraitSector,
	PortraitTerritory,
	PortraitYear,
	SourceCount
} from '../../dto/portrait';
import { periodYears, type Period } from '../../domain/portrait/period';
import { LEGAL_FAMILIES, LEGAL_FAMILY_LABELS } from '../../domain/legal-forms';
import { gapIndicators, type TerritoryFigures } from '../../domain/gaps/indicators';
import { territorySummary, type SectorFigures } from '../../domain/gaps/summary';
import { gapRows, gapSummary } from './gaps';
import { byNom, territoryStats } from './territories';

export type * from '../../dto/portrait';

/** The column of a commune row that names its territory at each level. */
const COMMUNE_COLUMN: Record<TerritoryLevel, string> = {
	commune: 'code',
	epci: 'epci_code',
	arrondissement: 'arrondissement_code',
	zone: 'zone_code',
	departement: 'departement_code'
};

/** Communes `c` of the territory. */
export function inTerritory(level: TerritoryLevel, code: string): RawBuilder<SqlBool> {
	return sql<SqlBool>`${sql.ref(`c.${COMMUNE_COLUMN[level]}`)} = ${code}`;
}

/** An accompaniment `ac` reached one of its steps within the years of the period (unit: accompaniment). */
const inPeriod = (period: Period): RawBuilder<SqlBool> => accompanimentHasStepInYears('ac', period.from, period.to);

/** The ESS structures of a territory as a CTE body. */
function structuresOf(level: TerritoryLevel, code: string) {
	return sql`SELECT a.id, a.nom, a.employeur, a.tranche_effectifs, a.secteur, a.famille_juridique, a.source, a.geom, a.precision, c.nom AS commune
		FROM actor a JOIN territory c ON c.level = 'commune' AND c.code = a.commune_code
		WHERE a.kind = 'structure_ess' AND ${inTerritory(level, code)}`;
}

export interface PortraitOptions {
	departement: { code: string; nom: string; typeLiaison: number | null };
	sectorLabels: Record<string, string>;
	/** Where score and rank come from; by default the shared gap analysis (queries/gaps.ts). */
	gapSource?: GapSource;
	/** The zones the DLA develops first (data/zones/<dép>.json « priorites »). */
	priority?: { nom: string; zones: string[] } | null;
}

/** What the shared gap analysis gives for one territory; null when it does not know it. */
export type GapSource = (
	db: Kysely<Database>,
	p: { level: TerritoryLevel; code: string; from: number; to: number }
) => Promise<{ score: number; rank: number; peers: number; summary: string | null } | null>;

/** The shared gap analysis: the territory's row among its peers, and its written summary. */
export const sharedGapAnalysis: GapSource = async (db, p) => {
	const summary = await gapSummary(db, p);
	if (!summary?.row) return null;
	const peers = await db
		.selectFrom('territory')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('level', '=', p.level)
		.where('departement_code', '=', (eb) =>
			eb.selectFrom('territory').select('departement_code').where('level', '=', p.level).where('code', '=', p.code)
		)
		.executeTakeFirstOrThrow();
	return { score: summary.row.score, rank: summary.row.rank, peers: Number(peers.n), summary: summary.text };
};

async function territoryOf(db: Kysely<Database>, level: TerritoryLevel, code: string): Promise<PortraitTerritory | null> {
	const row = await db
		.selectFrom('territory')
		.select([
			'level',
			'code',
			'nom',
			'population',
			'area_km2',
			'epci_code',
			'arrondissement_code',
			'zone_code',
			'departement_code',
			sql<string | null>`details->>'epci_type'`.as('epci_type')
		])
		.where('level', '=', level)
		.where('code', '=', code)
		.executeTakeFirst();
	if (!row) return null;
	const wanted: [TerritoryLevel, string | null][] = [
		['epci', level === 'commune' ? row.epci_code : null],
		['arrondissement', level === 'commune' || level === 'epci' ? row.arrondissement_code : null],
		['zone', level === 'commune' || level === 'epci' ? row.zone_code : null]
	];
	const parents: PortraitTerritory['parents'] = [];
	for (const [parentLevel, parentCode] of wanted) {
		if (!parentCode) continue;
		const parent = await db
			.selectFrom('territory')
			.select(['code', 'nom'])
			.where('level', '=', parentLevel)
			.where('code', '=', parentCode)
			.executeTakeFirst();
		if (parent) parents.push({ level: parentLevel, ...parent });
	}
	return {
		level: row.level,
		code: row.code,
		nom: row.nom,
		population: row.population,
		area_km2: row.area_km2,
		epci_type: row.epci_type,
		parents
	};
}

async function figuresOf(
	db: Kysely<Database>,
	level: TerritoryLevel,
	code: string,
	population: number | null,
	period: Period
): Promise<PortraitFigures> {
	const { rows } = await sql<{ structures: number; employeuses: number; accompanied: number; accompaniments: number; emplois: number }>`
		WITH s AS (${structuresOf(level, code)}),
		acc AS (SELECT ac.actor_id, ac.emplois_cdi, ac.emplois_cdd FROM accompaniment ac JOIN s ON s.id = ac.actor_id WHERE ${inPeriod(period)})
		SELECT (SELECT count(*) FROM s)::int AS structures,
			(SELECT count(*) FROM s WHERE s.employeur)::int AS employeuses,
			(SELECT count(DISTINCT actor_id) FROM acc)::int AS accompanied,
			(SELECT count(*) FROM acc)::int AS accompaniments,
			(SELECT coalesce(sum(coalesce(emplois_cdi, 0) + coalesce(emplois_cdd, 0)), 0) FROM acc)::int AS emplois`.execute(db);
	const { rows: bands } = await sql<{ tranche: string | null; employeur: boolean | null; structures: number }>`
		WITH s AS (${structuresOf(level, code)})
		SELECT s.tranche_effectifs AS tranche, s.employeur, count(*)::int AS structures FROM s GROUP BY 1, 2`.execute(db);
	const { rows: structureSources } = await sql<SourceCount>`
		WITH s AS (${structuresOf(level, code)})
		SELECT s.source, count(*)::int AS count FROM s GROUP BY 1 ORDER BY 2 DESC, 1`.execute(db);
	const { rows: accompanimentSources } = await sql<SourceCount>`
		WITH s AS (${structuresOf(level, code)})
		SELECT ac.source, count(*)::int AS count FROM accompaniment ac JOIN s ON s.id = ac.actor_id WHERE ${inPeriod(period)} GROUP BY 1 ORDER BY 2 DESC, 1`.execute(
		db
	);
	const f = rows[0];
	return {
		population,
		structures: f.structures,
		structures_employeuses: f.employeuses,
		jobs: estimateJobs(bands),
		structures_per_10k: population ? (f.structures * 10_000) / population : null,
		accompanied: f.accompanied,
		accompaniments: f.accompaniments,
		accompanied_share: f.structures > 0 ? f.accompanied / f.structures : null,
		emplois_concernes: f.emplois,
		structure_sources: structureSources,
		accompaniment_sources: accompanimentSources
	};
}

async function countsBy(
	db: Kysely<Database>,
	level: TerritoryLevel,
	code: string,
	period: Period,
	column: 'secteur' | 'famille_juridique'
) {
	const { rows } = await sql<{ key: string | null; structures: number; accompanied: number }>`
		WITH s AS (${structuresOf(level, code)}),
		p AS (SELECT DISTINCT ac.actor_id FROM accompaniment ac JOIN s ON s.id = ac.actor_id WHERE ${inPeriod(period)})
		SELECT ${sql.ref(`s.${column}`)} AS key, count(*)::int AS structures, count(p.actor_id)::int AS accompanied
		FROM s LEFT JOIN p ON p.actor_id = s.id GROUP BY 1`.execute(db);
	return new Map(rows.map((r) => [r.key ?? '', r]));
}

interface YearCount {
	accompanied: number;
	first_accompanied: number;
}

/**
 * Per year of the period, in structures (the unit of the « structures accompagnées » card): those
 * that reached a stage in the year, and those whose first stage within the period is in it. The
 * second adds up over the years to the card's count, the first is at least that count.
 */
async function accompaniedPerYear(
	db: Kysely<Database>,
	level: TerritoryLevel,
	code: string,
	period: Period
): Promise<Map<number, YearCount>> {
	const { rows } = await sql<{ year: number } & YearCount>`
		WITH s AS (${structuresOf(level, code)}),
		steps AS (
			SELECT DISTINCT ac.actor_id, extract(year FROM d.day)::int AS year
			FROM accompaniment ac JOIN s ON s.id = ac.actor_id
			CROSS JOIN LATERAL ${accompanimentStepDays('ac')}
			WHERE ${dayInYears(period.from, period.to)}
		),
		firsts AS (SELECT actor_id, min(year) AS year FROM steps GROUP BY 1)
		SELECT steps.year, count(*)::int AS accompanied, count(*) FILTER (WHERE firsts.year = steps.year)::int AS first_accompanied
		FROM steps JOIN firsts USING (actor_id)
		GROUP BY 1`.execute(db);
	return new Map(rows.map((r) => [r.year, { accompanied: r.accompanied, first_accompanied: r.first_accompanied }]));
}

/** The structures accompanied over the period: how many, and the first ACCOMPANIED_NAMES_LISTED by name. */
async function accompaniedStructures(
	db: Kysely<Database>,
	level: TerritoryLevel,
	code: string,
	period: Period
): Promise<{ names: PortraitActorName[]; count: number }> {
	const { rows } = await sql<{ nom: string; commune: string; secteur: string | null; source: string }>`
		WITH s AS (${structuresOf(level, code)})
		SELECT s.nom, s.commune, s.secteur, s.source FROM s
		WHERE ${structureHasAccompanimentInYears('s.id', period.from, period.to)}`.execute(db);
	const names = rows.map((r) => ({ nom: r.nom, commune: r.commune, secteur: r.secteur, demo: r.source === 'demo' })).sort(byNom);
	return { names: names.slice(0, ACCOMPANIED_NAMES_LISTED), count: names.length };
}

async function partnersOf(db: Kysely<Database>, level: TerritoryLevel, code: string): Promise<PortraitPartner[]> {
	const { rows } = await sql<{ kind: 'partenaire' | 'initiative'; nom: string; commune: string; secteur: string | null; source: string }>`
		SELECT a.kind, a.nom, c.nom AS commune, a.secteur, a.source
		FROM actor a JOIN territory c ON c.level = 'commune' AND c.code = a.commune_code
		WHERE a.kind IN ('partenaire', 'initiative') AND ${inTerritory(level, code)}`.execute(db);
	return rows
		.map((r) => ({ kind: r.kind, nom: r.nom, commune: r.commune, secteur: r.secteur, demo: r.source === 'demo' }))
		.sort((a, b) => (a.kind === b.kind ? byNom(a, b) : a.kind < b.kind ? 1 : -1));
}

/** Simplification tolerance (degrees) by level: the map is a few hundred pixels wide. */
const SIMPLIFY: Record<TerritoryLevel, number> = { commune: 0.0002, epci: 0.0005, arrondissement: 0.001, zone: 0.001, departement: 0.0015 };

async function mapOf(
	db: Kysely<Database>,
	level: TerritoryLevel,
	code: string,
	departement: string,
	period: Period
): Promise<PortraitMapData> {
	const tolerance = SIMPLIFY[level];
	const { rows } = await sql<{ geometry: string | null; west: number; south: number; east: number; north: number }>`
		SELECT ST_AsGeoJSON(ST_SimplifyPreserveTopology(t.geom, ${tolerance}), 5) AS geometry,
			ST_XMin(t.geom) AS west, ST_YMin(t.geom) AS south, ST_XMax(t.geom) AS east, ST_YMax(t.geom) AS north
		FROM territory t WHERE t.level = ${level} AND t.code = ${code}`.execute(db);
	const t = rows[0];
	// Neighbours: the same level touching it; the département is shown with its EPCI instead.
	const { rows: neighbours } = await (
		level === 'departement'
			? sql<{ code: string; nom: string; geometry: string | null; label: string | null }>`
			SELECT n.code, n.nom, ST_AsGeoJSON(ST_SimplifyPreserveTopology(n.geom, ${tolerance}), 5) AS geometry, ST_AsGeoJSON(n.label_point, 5) AS label
			FROM territory n WHERE n.level = 'epci' AND n.departement_code = ${departement} ORDER BY n.code`
			: sql<{ code: string; nom: string; geometry: string | null; label: string | null }>`
			SELECT n.code, n.nom, ST_AsGeoJSON(ST_SimplifyPreserveTopology(n.geom, ${tolerance}), 5) AS geometry, ST_AsGeoJSON(n.label_point, 5) AS label
			FROM territory t JOIN territory n ON n.level = t.level AND n.code <> t.code AND n.departement_code = ${departement} AND ST_Intersects(n.geom, t.geom)
			WHERE t.level = ${level} AND t.code = ${code} ORDER BY n.code`
	).execute(db);
	const { rows: points } = await sql<{ lon: number; lat: number; accompanied: boolean; precise: boolean }>`
		WITH s AS (${structuresOf(level, code)})
		SELECT round(ST_X(s.geom)::numeric, 5)::float8 AS lon, round(ST_Y(s.geom)::numeric, 5)::float8 AS lat,
			${structureHasAccompanimentInYears('s.id', period.from, period.to)} AS accompanied,
			s.precision <> 'commune' AS precise
		FROM s WHERE s.geom IS NOT NULL ORDER BY 3, s.id`.execute(db);
	const marginX = (t.east - t.west) * 0.12;
	const marginY = (t.north - t.south) * 0.12;
	return {
		territory: t.geometry ? JSON.parse(t.geometry) : null,
		neighbours: neighbours.map((n) => ({
			code: n.code,
			nom: n.nom,
			geometry: n.geometry ? JSON.parse(n.geometry) : null,
			label: n.label ? (JSON.parse(n.label).coordinates as [number, number]) : null
		})),
		structures: points,
		bbox: [t.west - marginX, t.south - marginY, t.east + marginX, t.north + marginY]
	};
}

/** km from the territory's label point to the nearest structure accompanied in the period. */
async function nearestAccompaniedKm(
	db: Kysely<Database>,
	level: TerritoryLevel,
	code: string,
	departement: string,
	period: Period
): Promise<number | null> {
	const { rows } = await sql<{ km: number | null }>`
		SELECT (ST_Distance(t.label_point::geography, a.geom::geography) / 1000)::float8 AS km
		FROM territory t, actor a JOIN territory c ON c.level = 'commune' AND c.code = a.commune_code
		WHERE t.level = ${level} AND t.code = ${code} AND a.kind = 'structure_ess' AND a.geom IS NOT NULL AND c.departement_code = ${departement}
			AND ${structureHasAccompanimentInYears('a.id', period.from, period.to)}
		ORDER BY a.geom <-> t.label_point LIMIT 1`.execute(db);
	return rows[0]?.km ?? null;
}

function indicatorFigures(f: PortraitFigures, distance: number | null): TerritoryFigures {
	return {
		structures: f.structures,
		structures_employeuses: f.structures_employeuses,
		accompanied: f.accompanied,
		population: f.population,
		emplois_concernes: f.emplois_concernes,
		distance_km: distance
	};
}

/**
 * Rank by missing structures among the territories of the same level, each at the départemental
 * rate (the same rule as the indicators): used while the shared gap score is not available.
 */
async function rankByMissing(
	db: Kysely<Database>,
	level: Exclude<TerritoryLevel, 'departement'>,
	code: string,
	departement: string,
	period: Period,
	referenceRate: number | null
) {
	if (referenceRate === null) return { rank: null, peers: 0 };
	const stats = await territoryStats(db, level, departement, period.from, period.to);
	const missing = (s: { structures: number; accompanied: number }) => Math.max(0, s.structures * referenceRate - s.accompanied);
	const sorted = [...stats].sort((a, b) => missing(b) - missing(a) || (a.code < b.code ? -1 : 1));
	const index = sorted.findIndex((s) => s.code === code);
	return { rank: index < 0 ? null : index + 1, peers: stats.length };
}

/**
 * Where the DLA is missing across the département: its strategic zones against the départemental
 * rate, and its EPCI as the shared gap analysis ranks them (queries/gaps.ts: same rows, same score
 * as the /gaps screen).
 */
export async function departementGaps(
	db: Kysely<Database>,
	period: Period,
	priority: { nom: string; zones: string[] } | null
): Promise<DepartementGaps> {
	const [zoneRows, epciRows, zoneOfEpci] = await Promise.all([
		gapRows(db, { level: 'zone', by: 'territory', from: period.from, to: period.to }),
		gapRows(db, { level: 'epci', by: 'territory', from: period.from, to: period.to }),
		db
			.selectFrom('territory as e')
			.leftJoin('territory as z', (j) => j.onRef('z.code', '=', 'e.zone_code').on('z.level', '=', 'zone'))
			.select(['e.code', 'e.zone_code', 'z.nom as zone_nom'])
			.where('e.level', '=', 'epci')
			.execute()
	]);
	const priorityZones = new Set(priority?.zones ?? []);
	const zoneOf = new Map(zoneOfEpci.map((r) => [r.code, r]));
	const zones = zoneRows
		.map((r) => ({
			code: r.code,
			nom: r.nom,
			priority: priorityZones.has(r.code),
			structures: r.structures,
			accompanied: r.accompanied,
			rate: r.rate,
			expected: r.expected,
			missing: r.expected - r.accompanied
		}))
		.sort((a, b) => Number(b.priority) - Number(a.priority) || b.missing - a.missing || a.nom.localeCompare(b.nom, 'fr'));
	const epci = epciRows
		.map((r) => {
			const zone = zoneOf.get(r.code);
			return {
				code: r.code,
				nom: r.nom,
				zone: zone?.zone_nom ?? null,
				priority: zone?.zone_code ? priorityZones.has(zone.zone_code) : false,
				structures: r.structures,
				accompanied: r.accompanied,
				rate: r.rate,
				expected: r.expected,
				missing: r.missing,
				score: r.score,
				rank: r.rank,
				confidence: r.confidence
			};
		})
		.sort((a, b) => a.rank - b.rank);
	return { priority, reference_rate: epciRows[0]?.benchmark_rate ?? zoneRows[0]?.benchmark_rate ?? null, zones, epci };
}

export async function territoryPortrait(
	db: Kysely<Database>,
	level: TerritoryLevel,
	code: string,
	period: Period,
	options: PortraitOptions
): Promise<Portrait | null> {
	const territory = await territoryOf(db, level, code);
	if (!territory) return null;
	const dep = options.departement;
	const depRow = await db
		.selectFrom('territory')
		.select(['population'])
		.where('level', '=', 'departement')
		.where('code', '=', dep.code)
		.executeTakeFirst();
	const figures = await figuresOf(db, level, code, territory.population, period);
	const reference =
		level === 'departement' && code === dep.code
			? figures
			: await figuresOf(db, 'departement', dep.code, depRow?.population ?? null, period);

	const [sectors, referenceSectors, families, referenceFamilies] = [
		await countsBy(db, level, code, period, 'secteur'),
		await countsBy(db, 'departement', dep.code, period, 'secteur'),
		await countsBy(db, level, code, period, 'famille_juridique'),
		await countsBy(db, 'departement', dep.code, period, 'famille_juridique')
	];
	const sectorCodes = [...new Set([...sectors.keys(), ...referenceSectors.keys()])];
	const sectorRows: PortraitSector[] = sectorCodes
		.map((s) => ({
			code: s,
			label: s ? (options.sectorLabels[s] ?? s) : 'Secteur non renseigné',
			structures: sectors.get(s)?.structures ?? 0,
			accompanied: sectors.get(s)?.accompanied ?? 0,
			reference_structures: referenceSectors.get(s)?.structures ?? 0,
			reference_accompanied: referenceSectors.get(s)?.accompanied ?? 0
		}))
		.sort((a, b) => b.structures - a.structures || b.reference_structures - a.reference_structures || a.label.localeCompare(b.label, 'fr'));
	const familyCodes = [
		...LEGAL_FAMILIES.filter((f) => families.has(f) || referenceFamilies.has(f)),
		...(families.has('') || referenceFamilies.has('') ? [''] : [])
	];
	const familyRows: PortraitFamily[] = familyCodes.map((f) => ({
		code: f,
		label: f ? LEGAL_FAMILY_LABELS[f as keyof typeof LEGAL_FAMILY_LABELS] : 'Famille non renseignée',
		structures: families.get(f)?.structures ?? 0,
		reference_structures: referenceFamilies.get(f)?.structures ?? 0
	}));

	const perYear = await accompaniedPerYear(db, level, code, period);
	const referencePerYear = level === 'departement' ? perYear : await accompaniedPerYear(db, 'departement', dep.code, period);
	const years: PortraitYear[] = periodYears(period).map((year) => ({
		year,
		accompanied: perYear.get(year)?.accompanied ?? 0,
		first_accompanied: perYear.get(year)?.first_accompanied ?? 0,
		reference_accompanied: referencePerYear.get(year)?.accompanied ?? 0,
		reference_first_accompanied: referencePerYear.get(year)?.first_accompanied ?? 0
	}));

	// The gap: the shared analysis when it knows the territory, else the indicators alone.
	const distance =
		figures.accompanied === 0 && figures.structures > 0 ? await nearestAccompaniedKm(db, level, code, dep.code, period) : null;
	const indicators = gapIndicators(indicatorFigures(figures, distance), indicatorFigures(reference, null));
	const sectorFigures: SectorFigures[] = sectorRows
		.filter((s) => s.code)
		.map((s) => ({ code: s.code, label: s.label, structures: s.structures, accompanied: s.accompanied }));
	const written = territorySummary({
		territory: { level, nom: territory.nom, typeLiaison: level === 'departement' ? dep.typeLiaison : null },
		departement: { nom: dep.nom, typeLiaison: dep.typeLiaison },
		since: `${period.from}-01-01`,
		indicators,
		sectors: sectorFigures
	});
	const shared =
		level === 'departement' ? null : await (options.gapSource ?? sharedGapAnalysis)(db, { level, code, from: period.from, to: period.to });
	let gap: PortraitGap;
	if (shared) {
		gap = {
			basis: 'gaps',
			indicators,
			score: shared.score,
			rank: shared.rank,
			peers: shared.peers,
			rank_basis: 'selon le score des manques',
			summary: shared.summary ?? written
		};
	} else if (level === 'departement') {
		gap = { basis: 'indicateurs', indicators, score: null, rank: null, peers: 0, rank_basis: null, summary: written };
	} else {
		const { rank, peers } = await rankByMissing(db, level, code, dep.code, period, indicators.reference_rate);
		gap = {
			basis: 'indicateurs',
			indicators,
			score: null,
			rank,
			peers,
			rank_basis: 'selon le nombre de structures manquantes',
			summary: written
		};
	}

	const accompanied = await accompaniedStructures(db, level, code, period);
	return {
		territory,
		reference: { level: 'departement', code: dep.code, nom: dep.nom, typeLiaison: dep.typeLiaison },
		period,
		figures,
		reference_figures: reference,
		sectors: sectorRows,
		families: familyRows,
		years,
		accompanied_structures: accompanied.names,
		accompanied_structures_count: accompanied.count,
		partners: await partnersOf(db, level, code),
		map: await mapOf(db, level, code, dep.code, period),
		gap,
		departement_gaps: level === 'departement' ? await departementGaps(db, period, options.priority ?? null) : null
	};
}
