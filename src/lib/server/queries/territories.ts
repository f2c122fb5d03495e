// Queries of the territory aggregate: GeoJSON collections per level, one territory with its
// members, and counts. GeoJSON is assembled in PostGIS and passed through as text.
import { sql, type Kysely } from 'kysely';
import type { Database, TerritoryLevel } from '../db/schema';
import { accompanimentHasStepInYears } from './accompanied';

// Sorting by name happens here, not in SQL: PGlite and the server do not share a collation.
const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });
export const byNom = (a: { nom: string }, b: { nom: string }) => collator.compare(a.nom, b.nom);

/** Coordinates at 5 decimals (≈ 1 m), as precise as the source files. */
const PRECISION = 5;

/**
 * Where a territory's name is written on the map. EPCI and zones: the pole of inaccessibility (the
 * centre of the largest circle inside), so that the name has room around it and stays inside an
 * elongated or hollow shape; communes: the point on surface stored at import (cheaper for 725, and
 * labelled only close up).
 */
const labelPoint = sql`CASE WHEN t.level IN ('epci', 'zone') THEN (ST_MaximumInscribedCircle(t.geom)).center ELSE t.label_point END`;

const featureProperties = sql`json_build_object(
	'code', t.code, 'nom', t.nom, 'level', t.level, 'population', t.population,
	'area_km2', round(t.area_km2::numeric, 2)::float8,
	'density', CASE WHEN t.area_km2 > 0 THEN round((t.population / t.area_km2)::numeric, 1)::float8 END,
	'epci', t.epci_code, 'arrondissement', t.arrondissement_code, 'zone', t.zone_code,
	'departement', t.departement_code, 'codes_postaux', to_json(t.codes_postaux),
	'epci_type', t.details->>'epci_type',
	'has_outside_members', (t.details->>'has_outside_members')::boolean,
	'label', ST_AsGeoJSON(${labelPoint}, ${sql.lit(PRECISION)})::json->'coordinates'
)`;

export async function territoryCollection(db: Kysely<Database>, level: TerritoryLevel, departement: string): Promise<string> {
	const { rows } = await sql<{ fc: string }>`
		SELECT json_build_object(
			'type', 'FeatureCollection',
			'features', coalesce(json_agg(json_build_object(
				'type', 'Feature',
				'id', t.code,
				'geometry', ST_AsGeoJSON(t.geom, ${sql.lit(PRECISION)})::json,
				'properties', ${featureProperties}
			) ORDER BY t.code), '[]'::json)
		)::text AS fc
		FROM territory t
		WHERE t.level = ${level} AND t.departement_code = ${departement}`.execute(db);
	return rows[0].fc;
}

export interface TerritoryMember {
	level: TerritoryLevel;
	code: string;
	nom: string;
	in_departement: boolean;
}

export async function territoryFeature(db: Kysely<Database>, level: TerritoryLevel, code: string) {
	const { rows } = await sql<{
		feature: Record<string, unknown> & { properties: Record<string, unknown> };
		details: Record<string, unknown>;
	}>`
		SELECT json_build_object(
			'type', 'Feature', 'id', t.code,
			'geometry', ST_AsGeoJSON(t.geom, ${sql.lit(PRECISION)})::json,
			'bbox', json_build_array(ST_XMin(t.geom), ST_YMin(t.geom), ST_XMax(t.geom), ST_YMax(t.geom)),
			'properties', ${featureProperties}
		) AS feature, t.details
		FROM territory t WHERE t.level = ${level} AND t.code = ${code}`.execute(db);
	if (!rows.length) return null;
	const { feature, details } = rows[0];
	feature.properties.members = await membersOf(db, level, code, details);
	feature.properties.parents = await parentsOf(db, feature.properties);
	return feature;
}

async function membersOf(
	db: Kysely<Database>,
	level: TerritoryLevel,
	code: string,
	details: Record<string, unknown>
): Promise<TerritoryMember[]> {
	if (level === 'commune') return [];
	if (level === 'epci') {
		const members = (details.members ?? []) as { code: string; nom: string; in_departement: boolean }[];
		return members.map((m) => ({ level: 'commune' as const, ...m })).sort(byNom);
	}
	const column = level === 'arrondissement' ? 'arrondissement_code' : level === 'zone' ? 'zone_code' : 'departement_code';
	const communes = await db
		.selectFrom('territory')
		.select(['code', 'nom'])
		.where('level', '=', 'commune')
		.where(column, '=', code)
		.execute();
	communes.sort(byNom);
	const members: TerritoryMember[] = communes.map((c) => ({ level: 'commune', code: c.code, nom: c.nom, in_departement: true }));
	if (level === 'zone') {
		const epcis = await db
			.selectFrom('territory')
			.select(['code', 'nom'])
			.where('level', '=', 'epci')
			.where('zone_code', '=', code)
			.execute();
		epcis.sort(byNom);
		members.unshift(...epcis.map((e) => ({ level: 'epci' as const, code: e.code, nom: e.nom, in_departement: true })));
	}
	return members;
}

/** Names of the territories above this one, for the side panel. */
async function parentsOf(db: Kysely<Database>, props: Record<string, unknown>) {
	const wanted: [TerritoryLevel, unknown][] = [
		['epci', props.epci],
		['arrondissement', props.arrondissement],
		['zone', props.zone],
		['departement', props.level === 'departement' ? null : props.departement]
	];
	const parents: { level: TerritoryLevel; code: string; nom: string }[] = [];
	for (const [level, code] of wanted) {
		if (typeof code !== 'string') continue;
		const row = await db
			.selectFrom('territory')
			.select(['code', 'nom'])
			.where('level', '=', level)
			.where('code', '=', code)
			.executeTakeFirst();
		if (row) parents.push({ level, ...row });
	}
	return parents;
}

/** The zones and EPCI of the département, for filters and forms. */
export async function zonesAndEpcis(db: Kysely<Database>, departement: string) {
	return db
		.selectFrom('territory')
		.select(['level', 'code', 'nom', 'zone_code'])
		.where('level', 'in', ['epci', 'zone'])
		.where('departement_code', '=', departement)
		.execute();
}

export async function lastTerritoryImport(db: Kysely<Database>, departement: string) {
	return db
		.selectFrom('territory_import')
		.select(['finished_at', 'changed', 'report'])
		.where('departement_code', '=', departement)
		.orderBy('id', 'desc')
		.limit(1)
		.executeTakeFirst();
}

export interface TerritoryStat {
	code: string;
	population: number | null;
	structures: number;
	accompanied: number;
	accompaniments: number;
}

/**
 * ESS figures per territory of a level over a period (years, inclusive): structures, structures
 * with a stage of accompaniment reached in the period, and those accompaniments.
 */
export async function territoryStats(
	db: Kysely<Database>,
	level: Exclude<TerritoryLevel, 'departement'>,
	departement: string,
	from: number,
	to: number
): Promise<TerritoryStat[]> {
	const column = level === 'commune' ? sql.ref('c.code') : sql.ref(`c.${level}_code`);
	const { rows } = await sql<TerritoryStat>`
		WITH in_period AS (
			SELECT ac.actor_id, count(*)::int AS n FROM accompaniment ac
			WHERE ${accompanimentHasStepInYears('ac', from, to)}
			GROUP BY ac.actor_id
		), per_territory AS (
			SELECT ${column} AS code, count(a.id)::int AS structures, count(p.actor_id)::int AS accompanied, coalesce(sum(p.n), 0)::int AS accompaniments
			FROM actor a
			JOIN territory c ON c.level = 'commune' AND c.code = a.commune_code
			LEFT JOIN in_period p ON p.actor_id = a.id
			WHERE a.kind = 'structure_ess'
			GROUP BY 1
		)
		SELECT t.code, t.population, coalesce(s.structures, 0) AS structures, coalesce(s.accompanied, 0) AS accompanied, coalesce(s.accompaniments, 0) AS accompaniments
		FROM territory t LEFT JOIN per_territory s ON s.code = t.code
		WHERE t.level = ${level} AND t.departement_code = ${departement}
		ORDER BY t.code`.execute(db);
	return rows;
}
