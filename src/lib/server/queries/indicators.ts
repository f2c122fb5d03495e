// The DLA's yearly indicators per territory (issue 15): one SQL pass over the dated steps of the
// parcours of the ESS structures (queries/accompanied.ts names the steps), grouped by territory
// and calendar year; the pure helpers of domain/indicators fill the years where nothing happened
// and derive the rate. The counting rules are those of domain/indicators/definitions.ts:
// - structures are counted once per territory, year and step (count DISTINCT), whatever the
//   number of their parcours; a structure is « accompanied » in a year when any step is dated in it;
// - jobs concerned, budget and days belong to the ingénierie step (the year it started), jobs
//   consolidated to the suivi / consolidation step;
// - a structure is placed by its current commune (actor.commune_code): one that moved counts, for
//   every year, where it is now.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { fillYears, type IndicatorRow, type IndicatorTerritory, type YearCounts } from '../../domain/indicators/years';
import type { TerritoryLevel } from '../../domain/territory/levels';
import type { Database } from '../db/schema';
import { accompanimentNamedStepDays, dayInYears } from './accompanied';
import { enteredParcoursAfter, rencontreAttendances } from './events';
import { byNom } from './territories';

export type { IndicatorRow } from '../../domain/indicators/years';

export interface IndicatorInput {
	level: TerritoryLevel;
	de: number;
	a: number;
	secteur: readonly string[];
}

/** The column of a commune row that names its territory at `level`. */
function levelColumn(level: TerritoryLevel): RawBuilder<unknown> {
	return level === 'commune' ? sql.ref('c.code') : sql.ref(`c.${level}_code`);
}

/** The active ESS structures of the département with their territory at `level` (a FROM-able CTE body). */
export function essStructures(level: TerritoryLevel, departement: string, secteur: readonly string[]): RawBuilder<unknown> {
	const sectorFilter = secteur.length ? sql`AND a.secteur IN (${sql.join([...secteur])})` : sql``;
	return sql`
		SELECT a.id, ${levelColumn(level)} AS code
		FROM actor a
		JOIN territory c ON c.level = 'commune' AND c.code = a.commune_code
		WHERE a.kind = 'structure_ess' AND c.departement_code = ${departement} ${sectorFilter}`;
}

/** The territories of the level, with their ESS structures (stock, today). */
async function territoriesWithStructures(db: Kysely<Database>, input: IndicatorInput, departement: string): Promise<IndicatorTerritory[]> {
	const { rows } = await sql<IndicatorTerritory>`
		WITH ess AS (${essStructures(input.level, departement, input.secteur)}),
		per_territory AS (SELECT code, count(*)::int AS n FROM ess GROUP BY code)
		SELECT t.code, t.nom, coalesce(p.n, 0)::int AS structures_ess
		FROM territory t LEFT JOIN per_territory p ON p.code = t.code
		WHERE t.level = ${input.level}
			AND ${input.level === 'departement' ? sql`t.code = ${departement}` : sql`t.departement_code = ${departement}`}
		ORDER BY t.code`.execute(db);
	return rows;
}

/** Per territory and year where something happened: structures per step, jobs, budget, days. */
async function yearCounts(db: Kysely<Database>, input: IndicatorInput, departement: string): Promise<YearCounts[]> {
	const distinct = (filter: RawBuilder<unknown>) => sql`(count(DISTINCT e.id) FILTER (WHERE ${filter}))::int`;
	const step = (name: string) => sql`d.step = ${name}`;
	const { rows } = await sql<YearCounts>`
		WITH ess AS (${essStructures(input.level, departement, input.secteur)}),
		-- the parcours sharing each ingénierie collective, all of them (whatever the sector or place)
		members AS (
			SELECT ingenierie_collective_id AS id, count(*) AS n FROM accompaniment
			WHERE ingenierie_collective_id IS NOT NULL GROUP BY 1
		)
		SELECT e.code, extract(year FROM d.day)::int AS year,
			${distinct(step('accueil'))} AS accueillies,
			${distinct(step('diagnostic'))} AS diagnostics,
			${distinct(step('plan'))} AS plans,
			${distinct(step('ingenierie'))} AS ingenieries,
			${distinct(sql`${step('ingenierie')} AND ac.ingenierie_type = 'individuelle'`)} AS ingenieries_individuelles,
			${distinct(sql`${step('ingenierie')} AND ac.ingenierie_type = 'collective'`)} AS ingenieries_collectives,
			${distinct(step('suivi'))} AS suivis,
			count(DISTINCT e.id)::int AS accompagnees,
			(coalesce(sum(coalesce(ac.emplois_cdi, 0) + coalesce(ac.emplois_cdd, 0)) FILTER (WHERE ${step('ingenierie')}), 0))::int AS emplois_concernes,
			(coalesce(sum(ac.emplois_consolides) FILTER (WHERE ${step('suivi')}), 0))::int AS emplois_consolides,
			(coalesce(sum(coalesce(ac.budget_eur, ic.budget_eur / m.n)) FILTER (WHERE ${step('ingenierie')}), 0))::float8 AS budget_eur,
			(coalesce(sum(coalesce(ac.jours, ic.jours / m.n)) FILTER (WHERE ${step('ingenierie')}), 0))::float8 AS jours
		FROM ess e
		JOIN accompaniment ac ON ac.actor_id = e.id
		LEFT JOIN ingenierie_collective ic ON ic.id = ac.ingenierie_collective_id
		LEFT JOIN members m ON m.id = ac.ingenierie_collective_id
		CROSS JOIN LATERAL ${accompanimentNamedStepDays('ac')}
		WHERE ${dayInYears(input.de, input.a)}
		GROUP BY 1, 2`.execute(db);
	return rows;
}

/**
 * Per territory and year of an event: the structures that came to one (« rencontres »), and those
 * among them that entered a parcours within 12 months after (« issues de rencontres », events.ts).
 */
async function rencontreCounts(db: Kysely<Database>, input: IndicatorInput, departement: string): Promise<YearCounts[]> {
	const { rows } = await sql<YearCounts>`
		WITH ess AS (${essStructures(input.level, departement, input.secteur)}),
		came AS (${rencontreAttendances(`${input.de}-01-01`, `${input.a}-12-31`)})
		SELECT e.code, extract(year FROM c.date)::int AS year,
			count(DISTINCT e.id)::int AS rencontres_structures,
			(count(DISTINCT e.id) FILTER (WHERE ${enteredParcoursAfter('e.id', sql.ref('c.date'))}))::int AS issues_rencontres
		FROM ess e JOIN came c ON c.actor_id = e.id
		GROUP BY 1, 2`.execute(db);
	return rows;
}

/** One row per territory of the level and year of [de, a], zeros included. */
export async function indicatorRows(db: Kysely<Database>, input: IndicatorInput, departement: string): Promise<IndicatorRow[]> {
	const [territories, counts, rencontres] = await Promise.all([
		territoriesWithStructures(db, input, departement),
		yearCounts(db, input, departement),
		rencontreCounts(db, input, departement)
	]);
	return fillYears(input.level, territories, input.de, input.a, [...counts, ...rencontres]);
}

export interface IndicatorPlace {
	level: TerritoryLevel;
	code: string;
	nom: string;
}

/** The territories a target or a chart is set for: the département, its zones, then its EPCI. */
export async function targetTerritories(db: Kysely<Database>, departement: string): Promise<IndicatorPlace[]> {
	const { rows } = await sql<IndicatorPlace>`
		SELECT level, code, nom FROM territory
		WHERE (level = 'departement' AND code = ${departement}) OR (level IN ('zone', 'epci') AND departement_code = ${departement})
		`.execute(db);
	const rank = { departement: 0, zone: 1, epci: 2 } as Record<TerritoryLevel, number>;
	return rows.sort((a, b) => rank[a.level] - rank[b.level] || byNom(a, b));
}
