// Coverage gaps: where, and in which sectors, the DLA has not reached the ESS structures.
// The SQL counts (structures, employer ones, structures with an accompaniment stage reached in the
// period, jobs concerned) and measures distances to the nearest accompanied structure; the pure
// functions of domain/gaps derive rates, expected and missing accompaniments and the score.
//
// Distances go through `actor.geog` (geography, stored, migration 0005): the structures
// accompanied in the period are copied with it into a GiST-indexed temporary table, and the nearest
// one is an index-assisted KNN there (`ORDER BY geog <-> point LIMIT 1`); isolated structures are
// decided by the triangle inequality, or by an `ST_DWithin` probe of that index.
import { sql, type Kysely } from 'kysely';
import { DEFAULT_GAP_CONFIG, type GapConfig } from '../../domain/gaps/config';
import { gapIndicators, type GapIndicators } from '../../domain/gaps/indicators';
import { combineCounts, type CommunePart, type Counts, type CountRow } from '../../domain/gaps/counts';
import {
	codeList,
	figures,
	gapResult,
	type GapData,
	type GapDepartement,
	type GapQueryInput,
	type TerritoryRow
} from '../../domain/gaps/result';
import { territorySummary, type SectorFigures } from '../../domain/gaps/summary';
import { sectorLabel } from '../../domain/sectors';
import type { TerritoryLevel } from '../../domain/territory/levels';
import type { GapLevel } from '../../schemas/gap-query';
import type { GapRow, GapResult } from '../../domain/gaps/rows';
import type { Database } from '../db/schema';
import { cogDepartementInfo } from '../territories/cog';
import { accompanimentHasStepInYears } from './accompanied';

export type { GapReference, GapRow, GapResult } from '../../domain/gaps/rows';
export type { GapQueryInput } from '../../domain/gaps/result';

/** The column of a commune row that names its territory at `level`. */
function levelColumn(level: GapLevel) {
	return level === 'commune' ? sql.ref('c.code') : sql.ref(`c.${level}_code`);
}

/** Structures and employer ones per commune × sector: one scan of the actors (parallel on a server). */
async function structuresPerCommune(db: Kysely<Database>): Promise<CommunePart[]> {
	const { rows } = await sql<CommunePart>`
		SELECT a.commune_code AS commune, coalesce(a.secteur, '') AS sector,
			count(*)::int AS structures, (count(*) FILTER (WHERE a.employeur))::int AS structures_employeuses, 0 AS accompanied, 0 AS emplois
		FROM actor a
		WHERE a.kind = 'structure_ess'
		GROUP BY 1, 2`.execute(db);
	return rows;
}

/** Accompanied structures and jobs concerned per commune × sector, from the temporary table. */
async function accompaniedPerCommune(tx: Tx): Promise<CommunePart[]> {
	const { rows } = await sql<CommunePart>`
		SELECT commune_code AS commune, sector, 0 AS structures, 0 AS structures_employeuses, count(*)::int AS accompanied, sum(emplois)::int AS emplois
		FROM gap_accompanied
		GROUP BY 1, 2`.execute(tx);
	return rows;
}

/** commune → its territory at `level` (null: the département as a whole; the commune itself). */
async function communeParents(db: Kysely<Database>, level: GapLevel | null): Promise<Map<string, string | null> | null> {
	if (level === null || level === 'commune') return null;
	const rows = await db
		.selectFrom('territory')
		.select(['code', sql<string | null>`${sql.ref(`${level}_code`)}`.as('parent')])
		.where('level', '=', 'commune')
		.execute();
	return new Map(rows.map((c) => [c.code, c.parent]));
}

/** Structures, employer ones, accompanied ones (a stage in the period) and jobs concerned, per
 * territory of `level` × sector. `level` null: département only. */
async function countStructures(db: Kysely<Database>, level: GapLevel | null, from: number, to: number): Promise<Counts> {
	const [accompanied, structures, parents] = await Promise.all([
		withAccompanied(db, from, to, accompaniedPerCommune),
		structuresPerCommune(db),
		communeParents(db, level)
	]);
	return combineCounts(level, [...structures, ...accompanied], parents);
}

type Tx = Kysely<Database>;

/**
 * Runs `fn` with the structures accompanied in the period in a temporary table (`gap_accompanied`,
 * dropped at commit: commune, sector, jobs concerned and location, GiST-indexed). They are few next
 * to all the structures: they are reached from the accompaniments of the period by primary key,
 * counted from there, and a KNN probe or an ST_DWithin against their small index stops after a
 * handful of rows, where the same probe on the index of every actor walked thousands of
 * unaccompanied neighbours first. `analyse`: statistics for the isolated structures' join (the
 * nearest-distance probes need none: an `ORDER BY <-> LIMIT 1` always takes the index).
 */
async function withAccompanied<T>(db: Kysely<Database>, from: number, to: number, fn: (tx: Tx) => Promise<T>, analyse = false): Promise<T> {
	return db.transaction().execute(async (tx) => {
		// By primary key, whatever the planner estimates: allowed a hash or merge join, it scans all
		// the actors to join the few percent accompanied (at 1,000,000 structures with 42,400
		// accompanied, the scan doubles the matrix's time). For this statement only.
		await sql`SET LOCAL enable_hashjoin = off`.execute(tx);
		await sql`SET LOCAL enable_mergejoin = off`.execute(tx);
		await sql`CREATE TEMPORARY TABLE gap_accompanied ON COMMIT DROP AS
			SELECT a.id, a.commune_code, coalesce(a.secteur, '') AS sector, p.emplois, a.geog
			FROM (
				SELECT ac.actor_id, sum(coalesce(ac.emplois_cdi, 0) + coalesce(ac.emplois_cdd, 0)) AS emplois
				FROM accompaniment ac
				WHERE ${accompanimentHasStepInYears('ac', from, to)}
				GROUP BY ac.actor_id
			) p
			JOIN actor a ON a.id = p.actor_id
			WHERE a.kind = 'structure_ess'`.execute(tx);
		await sql`RESET enable_hashjoin`.execute(tx);
		await sql`RESET enable_mergejoin`.execute(tx);
		await sql`CREATE INDEX ON gap_accompanied USING gist (geog)`.execute(tx);
		if (analyse) await sql`ANALYZE gap_accompanied`.execute(tx);
		return fn(tx);
	});
}

function territoriesWithDistanceSql(level: GapLevel, departement: string, zones: string[]) {
	const zoneFilter =
		zones.length === 0 ? sql`` : level === 'zone' ? sql`AND t.code IN (${sql.join(zones)})` : sql`AND t.zone_code IN (${sql.join(zones)})`;
	return sql`
		SELECT t.code, t.nom, t.population,
			(SELECT ST_Distance(g.geog, t.label_point::geography) / 1000
				FROM gap_accompanied g
				WHERE g.geog IS NOT NULL
				ORDER BY g.geog <-> t.label_point::geography
				LIMIT 1) AS distance_km
		FROM territory t
		WHERE t.level = ${level} AND t.departement_code = ${departement} ${zoneFilter}`;
}

/**
 * The territories of a level with their population (sum of the département's communes) and the
 * distance from their label point to the nearest structure accompanied in the period: one KNN
 * probe of the accompanied structures' index per territory.
 */
async function territoriesWithDistance(tx: Tx, level: GapLevel, departement: string, zones: string[]): Promise<TerritoryRow[]> {
	const { rows } = await sql<TerritoryRow>`${territoriesWithDistanceSql(level, departement, zones)}`.execute(tx);
	return rows;
}

/** The plan of the distance query (tests and bench check that it probes the index). */
export async function distancePlan(db: Kysely<Database>, level: GapLevel, from: number, to: number): Promise<string> {
	const departement = await departementOf(db);
	return withAccompanied(db, from, to, async (tx) => {
		const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN ${territoriesWithDistanceSql(level, departement.code, [])}`.execute(tx);
		return rows.map((r) => r['QUERY PLAN']).join('\n');
	});
}

/**
 * Per territory of `level`: located structures with no structure accompanied in the period within
 * `km`. Whole communes are decided at once by the triangle inequality on the sphere: with d the
 * distance from the commune's label point to the nearest accompanied structure and r the farthest
 * corner of the box around its structures, every structure of the commune has its nearest
 * accompanied structure between d − r and d + r away. A commune with d + r within `km` has no
 * isolated structure and is not read; only the structures of the communes where `km` falls in
 * between are probed one by one.
 */
async function isolatedStructures(tx: Tx, level: GapLevel, sectors: string[], km: number): Promise<Map<string, number>> {
	const metres = km * 1000;
	const sectorFilter = sectors.length ? sql`AND a.secteur IN (${sql.join(sectors)})` : sql``;
	// r is enlarged by 1 % and 50 m: the farthest point of a small lon/lat box is at a corner up to
	// a few metres on the sphere.
	await sql`CREATE TEMPORARY TABLE gap_reach ON COMMIT DROP AS
		WITH box AS (
			SELECT a.commune_code, ST_Extent(a.geom)::geometry AS extent
			FROM actor a
			WHERE a.kind = 'structure_ess' AND a.geom IS NOT NULL ${sectorFilter}
			GROUP BY 1
		)
		SELECT c.code AS commune, ${levelColumn(level)} AS code,
			(SELECT ST_Distance(g.geog, c.label_point::geography, false) FROM gap_accompanied g
				WHERE g.geog IS NOT NULL ORDER BY g.geog <-> c.label_point::geography LIMIT 1) AS d,
			(SELECT max(ST_Distance(c.label_point::geography, corner.geom::geography, false)) FROM ST_DumpPoints(box.extent) AS corner) * 1.01 + 50 AS r
		FROM territory c
		JOIN box ON box.commune_code = c.code
		WHERE c.level = 'commune'`.execute(tx);
	const { rows } = await sql<{ code: string; isolated: number }>`
		SELECT reach.code, count(*)::int AS isolated
		FROM (SELECT * FROM gap_reach WHERE d IS NULL OR d + r > ${metres}) reach
		JOIN actor a ON a.commune_code = reach.commune
		WHERE a.kind = 'structure_ess' AND a.geog IS NOT NULL ${sectorFilter}
			AND (reach.d IS NULL
				OR reach.d - reach.r > ${metres}
				OR NOT EXISTS (SELECT 1 FROM gap_accompanied g WHERE ST_DWithin(g.geog, a.geog, ${metres}, false)))
		GROUP BY 1`.execute(tx);
	return new Map(rows.map((r) => [r.code, r.isolated]));
}

async function departementOf(db: Kysely<Database>): Promise<GapDepartement> {
	const row = await db.selectFrom('territory').select(['code', 'nom', 'population']).where('level', '=', 'departement').executeTakeFirst();
	if (!row) throw new Error('Aucun département importé : lancez « npm run cli -- territories import »');
	const cog = await cogDepartementInfo(row.code).catch(() => ({ code: row.code, nom: row.nom, typeLiaison: null }));
	return { code: row.code, nom: cog.nom, typeLiaison: cog.typeLiaison, population: row.population };
}

async function loadGaps(
	db: Kysely<Database>,
	input: Omit<GapQueryInput, 'by'>,
	withIsolated: boolean,
	config: GapConfig
): Promise<GapData> {
	const { level, from, to } = input;
	const departement = await departementOf(db);
	const [{ territories, accompanied, isolated }, structures, parents] = await Promise.all([
		withAccompanied(
			db,
			from,
			to,
			async (tx) => ({
				territories: await territoriesWithDistance(tx, level, departement.code, codeList(input.zone)),
				accompanied: await accompaniedPerCommune(tx),
				isolated: withIsolated ? await isolatedStructures(tx, level, codeList(input.sector), config.white_zone.distance_km) : null
			}),
			withIsolated
		),
		structuresPerCommune(db),
		communeParents(db, level)
	]);
	return { departement, territories, counts: combineCounts(level, [...structures, ...accompanied], parents), isolated };
}

/** The gap rows of a query, ranked by score (rank 1: the biggest gap). */
export async function gapAnalysis(db: Kysely<Database>, input: GapQueryInput, config: GapConfig = DEFAULT_GAP_CONFIG): Promise<GapResult> {
	return gapResult(await loadGaps(db, input, input.by === 'territory', config), input, config);
}

/** The territory ranking and the territory × sector matrix of one query, from one reading. */
export async function gapRankingAndMatrix(
	db: Kysely<Database>,
	input: Omit<GapQueryInput, 'by'>,
	config: GapConfig = DEFAULT_GAP_CONFIG
): Promise<{ ranking: GapResult; matrix: GapResult }> {
	const data = await loadGaps(db, input, true, config);
	return {
		ranking: gapResult(data, { ...input, by: 'territory' }, config),
		matrix: gapResult({ ...data, isolated: null }, { ...input, by: 'sector' }, config)
	};
}

/** The rows alone (the portrait and the trips read them so). */
export async function gapRows(db: Kysely<Database>, input: GapQueryInput, config: GapConfig = DEFAULT_GAP_CONFIG): Promise<GapRow[]> {
	return (await gapAnalysis(db, input, config)).rows;
}

function indicatorsOf(row: GapRow, config: GapConfig): GapIndicators {
	const r = row.reference;
	return gapIndicators(
		{
			structures: row.structures,
			structures_employeuses: row.structures_employeuses,
			accompanied: row.accompanied,
			population: row.population,
			emplois_concernes: row.emplois_concernes,
			distance_km: row.distance_km
		},
		{
			structures: r.structures,
			structures_employeuses: r.structures_employeuses,
			accompanied: r.accompanied,
			population: r.population,
			emplois_concernes: r.emplois_concernes,
			distance_km: null
		},
		config
	);
}

export interface GapSummary {
	text: string;
	row: GapRow | null;
	sectors: SectorFigures[];
}

/**
 * The French summary of a territory's coverage (« Dans la CC du Saulnois, 84 structures de
 * l’ESS, dont 3 accompagnées depuis 2024… »), written only from its figures; null when the
 * territory is unknown. The département gets its own figures, without comparison.
 */
export async function gapSummary(
	db: Kysely<Database>,
	p: { level: TerritoryLevel; code: string; from: number; to: number },
	config: GapConfig = DEFAULT_GAP_CONFIG
): Promise<GapSummary | null> {
	const departement = await departementOf(db);
	let row: GapRow | null = null;
	let indicators: GapIndicators;
	let nom: string;
	let sectorCounts: CountRow[];
	if (p.level === 'departement') {
		if (p.code !== departement.code) return null;
		const counts = await countStructures(db, null, p.from, p.to);
		const total = figures(counts.overall, departement.population, null);
		indicators = gapIndicators(total, total, config);
		nom = departement.nom;
		sectorCounts = [...counts.sectors.values()];
	} else {
		const input = { level: p.level, by: 'territory' as const, from: p.from, to: p.to };
		const data = await loadGaps(db, input, true, config);
		row = gapResult(data, input, config).rows.find((r) => r.code === p.code) ?? null;
		if (!row) return null;
		indicators = indicatorsOf(row, config);
		nom = row.nom;
		sectorCounts = [...data.counts.cells.values()].filter((c) => c.code === p.code);
	}
	const sectors: SectorFigures[] = sectorCounts
		.filter((c) => c.sector)
		.map((c) => ({ code: c.sector!, label: sectorLabel(c.sector) ?? c.sector!, structures: c.structures, accompanied: c.accompanied }));
	const text = territorySummary(
		{
			territory: { level: p.level, nom, typeLiaison: p.level === 'departement' ? departement.typeLiaison : null },
			departement: { nom: departement.nom, typeLiaison: departement.typeLiaison },
			since: `${p.from}-01-01`,
			indicators,
			sectors
		},
		config
	);
	return { text, row, sectors };
}

/** Just the text (null when the territory is unknown). */
export async function gapSummaryText(
	db: Kysely<Database>,
	p: { level: TerritoryLevel; code: string; from: number; to: number },
	config: GapConfig = DEFAULT_GAP_CONFIG
): Promise<string | null> {
	return (await gapSummary(db, p, config))?.text ?? null;
}
