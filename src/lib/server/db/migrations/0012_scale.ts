// Scale (100,000 actors and more): bounded searches.
// - Trigram GiST index on the search text: it answers `<%` like the GIN one did, and also orders by
//   distance (`<<->`, KNN), so a search reads its best few candidates instead of ranking every
//   match ("saint avold" matched 17,583 rows). The GIN index goes: one trigram index to maintain
//   on import is enough.
// - Prefix and exact look-ups by identifier: SIRET prefix (text_pattern_ops, whatever the
//   database's collation), postal code.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`CREATE INDEX actor_search_trgm_gist ON actor USING gist (search_text gist_trgm_ops)`.execute(db);
	await sql`DROP INDEX actor_search_trgm`.execute(db);
	await sql`CREATE INDEX actor_siret_prefix ON actor (siret text_pattern_ops)`.execute(db);
	await sql`CREATE INDEX actor_code_postal ON actor (code_postal)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP INDEX actor_code_postal`.execute(db);
	await sql`DROP INDEX actor_siret_prefix`.execute(db);
	await sql`CREATE INDEX actor_search_trgm ON actor USING gin (search_text gin_trgm_ops)`.execute(db);
	await sql`DROP INDEX actor_search_trgm_gist`.execute(db);
}
