// Search: accent- and case-insensitive, typo-tolerant (trigrams), for actors and territories.
// https://www.postgresql.org/docs/current/pgtrgm.html
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
	await sql`CREATE EXTENSION IF NOT EXISTS unaccent`.execute(db);
	// unaccent() is only STABLE (its dictionary could change); pinning the dictionary makes this
	// wrapper safe to declare IMMUTABLE, as indexes and generated columns require.
	await sql`
		CREATE FUNCTION maillage_normalize(value text) RETURNS text
		LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
		AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$`.execute(db);
	await sql`
		ALTER TABLE actor ADD COLUMN search_text text
		GENERATED ALWAYS AS (maillage_normalize(nom || ' ' || coalesce(sigle, ''))) STORED`.execute(db);
	await sql`CREATE INDEX actor_search_trgm ON actor USING gin (search_text gin_trgm_ops)`.execute(db);
	await sql`CREATE INDEX territory_search_trgm ON territory USING gin (maillage_normalize(nom) gin_trgm_ops)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP INDEX territory_search_trgm`.execute(db);
	await sql`ALTER TABLE actor DROP COLUMN search_text`.execute(db);
	await sql`DROP FUNCTION maillage_normalize(text)`.execute(db);
}
