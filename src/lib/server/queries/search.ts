// As-you-type search over actors (name, sigle, SIRET/SIREN, postal code) and territories,
// accent- and case-insensitive and tolerant of typos (trigram word similarity, GIN indexes).
import { sql, type Kysely } from 'kysely';
import type { SearchResult } from '../../dto/search';
import type { Database } from '../db/schema';

/** How close a typed word must be to a word of the name (0–1); pg_trgm's default is 0.6. */
const WORD_SIMILARITY = 0.35;
const LIMIT = 8;
/**
 * Candidates read from the trigram GiST index in distance order (KNN), then ranked exactly: a
 * bounded read whatever the number of matches. Wide enough that ties on similarity still end in
 * the existing order (shortest name first).
 */
const CANDIDATES = 64;

export async function search(db: Kysely<Database>, raw: string, departement: string): Promise<SearchResult> {
	const q = raw.trim();
	if (q.length < 2) return { actors: [], territories: [] };
	const digits = q.replace(/[\s.]/g, '');
	if (/^\d{5,14}$/.test(digits)) return searchDigits(db, digits, departement);
	return db.transaction().execute(async (tx) => {
		// SET LOCAL: the threshold applies to this transaction only, so the `<%` operator can use the index.
		await sql`SELECT set_config('pg_trgm.word_similarity_threshold', ${String(WORD_SIMILARITY)}, true)`.execute(tx);
		const actors = await sql<SearchResult['actors'][number]>`
			WITH candidate AS (
				SELECT id, word_similarity(maillage_normalize(${q}), search_text) AS similarity FROM actor
				WHERE maillage_normalize(${q}) <% search_text
				ORDER BY maillage_normalize(${q}) <<-> search_text
				LIMIT ${CANDIDATES}
			)
			SELECT a.id, a.nom, a.sigle, a.kind, a.siret, t.nom AS commune, ST_X(a.geom) AS lon, ST_Y(a.geom) AS lat
			FROM candidate c JOIN actor a ON a.id = c.id JOIN territory t ON t.level = 'commune' AND t.code = a.commune_code
			ORDER BY c.similarity DESC, length(a.nom), a.id
			LIMIT ${LIMIT}`.execute(tx);
		const territories = await sql<SearchResult['territories'][number]>`
			SELECT level, code, nom FROM territory
			WHERE departement_code = ${departement} AND level IN ('commune', 'epci', 'zone', 'arrondissement')
				AND maillage_normalize(${q}) <% maillage_normalize(nom)
			ORDER BY word_similarity(maillage_normalize(${q}), maillage_normalize(nom)) DESC,
				CASE level WHEN 'zone' THEN 0 WHEN 'epci' THEN 1 WHEN 'arrondissement' THEN 2 ELSE 3 END, length(nom)
			LIMIT ${LIMIT}`.execute(tx);
		return { actors: actors.rows, territories: territories.rows };
	});
}

async function searchDigits(db: Kysely<Database>, digits: string, departement: string): Promise<SearchResult> {
	const actors = await sql<SearchResult['actors'][number]>`
		SELECT a.id, a.nom, a.sigle, a.kind, a.siret, t.nom AS commune, ST_X(a.geom) AS lon, ST_Y(a.geom) AS lat
		FROM actor a JOIN territory t ON t.level = 'commune' AND t.code = a.commune_code
		WHERE a.id IN (
			(SELECT id FROM actor WHERE siret LIKE ${digits + '%'} ORDER BY nom, id LIMIT ${LIMIT})
			UNION (SELECT id FROM actor WHERE siren = ${digits.slice(0, 9)} ORDER BY nom, id LIMIT ${LIMIT})
			UNION (SELECT id FROM actor WHERE code_postal = ${digits} ORDER BY nom, id LIMIT ${LIMIT}))
		ORDER BY a.nom, a.id LIMIT ${LIMIT}`.execute(db);
	const territories = await sql<SearchResult['territories'][number]>`
		SELECT level, code, nom FROM territory
		WHERE departement_code = ${departement} AND ((level = 'commune' AND (code = ${digits} OR ${digits} = ANY (codes_postaux))) OR (level = 'epci' AND code = ${digits}))
		ORDER BY nom LIMIT ${LIMIT}`.execute(db);
	return { actors: actors.rows, territories: territories.rows };
}
