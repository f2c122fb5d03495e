// The public map (/public, /embed): the département's ESS structures with the facts of the public
// registers only — name, commune, sector, legal family — never a contact, note, owner or
// accompaniment detail. That a structure was accompanied by the DLA is shown only when it agreed
// (`actor.publication_nom`, with its date and source since 0024), by the shared « accompanied » rule, any year.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { structureHasAccompanimentInYears } from './accompanied';

/** The first year the DLA's follow-up can hold (the programme started in 2002). */
const FIRST_YEAR = 2002;
const PRECISION = 5;

/**
 * A GeoJSON FeatureCollection as text: short property names keep it light (`n` name, `c`
 * commune, `s` sector code, `f` legal family, `a` accompanied and agreed to say so).
 */
export async function publicStructures(db: Kysely<Database>, departement: string, year = new Date().getFullYear()): Promise<string> {
	const { rows } = await sql<{ fc: string }>`
		SELECT json_build_object(
			'type', 'FeatureCollection',
			'features', coalesce(json_agg(json_build_object(
				'type', 'Feature',
				'geometry', ST_AsGeoJSON(a.geom, ${sql.lit(PRECISION)})::json,
				'properties', json_build_object(
					'n', a.nom,
					'c', c.nom,
					's', a.secteur,
					'f', a.famille_juridique,
					'a', a.publication_nom AND ${structureHasAccompanimentInYears('a.id', FIRST_YEAR, year)}
				)
			) ORDER BY a.nom, a.id), '[]'::json)
		)::text AS fc
		FROM actor a JOIN territory c ON c.level = 'commune' AND c.code = a.commune_code
		WHERE a.kind = 'structure_ess' AND a.geom IS NOT NULL AND c.departement_code = ${departement}`.execute(db);
	return rows[0].fc;
}

/** The EPCI outlines, simplified: a light background that situates the points without tiles. */
export async function publicOutlines(db: Kysely<Database>, departement: string): Promise<string> {
	const { rows } = await sql<{ fc: string }>`
		SELECT json_build_object(
			'type', 'FeatureCollection',
			'features', coalesce(json_agg(json_build_object(
				'type', 'Feature',
				'geometry', ST_AsGeoJSON(ST_SimplifyPreserveTopology(t.geom, 0.002), 4)::json,
				'properties', json_build_object('nom', t.nom)
			) ORDER BY t.code), '[]'::json)
		)::text AS fc
		FROM territory t
		WHERE t.level = 'epci' AND t.departement_code = ${departement}`.execute(db);
	return rows[0].fc;
}
