// One counter for "the data changed": every write to a table whose content feeds a computed result
// (gaps, facets, portraits, indicators, tiles, shared PDFs) bumps it, through a statement-level
// trigger, so that a cache keyed by it can never serve figures older than the data. Sessions,
// audit entries and share links do not count: they change no figure.
// Later tables that feed figures call `maillage_track_data_version('table')` in their migration.
import { sql, type Kysely } from 'kysely';

const TRACKED = ['territory', 'naf_sector', 'actor', 'contact', 'accompaniment', 'contact_log', 'trip', 'trip_stop'];

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`
		CREATE TABLE data_version (
			singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
			version bigint NOT NULL DEFAULT 1,
			changed_at timestamptz NOT NULL DEFAULT now()
		)`.execute(db);
	await sql`INSERT INTO data_version DEFAULT VALUES`.execute(db);
	await sql`
		CREATE FUNCTION maillage_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			UPDATE data_version SET version = version + 1, changed_at = now();
			RETURN NULL;
		END $$`.execute(db);
	await sql`
		CREATE FUNCTION maillage_track_data_version(target regclass) RETURNS void LANGUAGE plpgsql AS $$
		BEGIN
			EXECUTE format(
				'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION maillage_bump_data_version()',
				target::text || '_data_version', target);
		END $$`.execute(db);
	for (const table of TRACKED) await sql`SELECT maillage_track_data_version(${table}::regclass)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	for (const table of TRACKED) await sql`DROP TRIGGER IF EXISTS ${sql.id(`${table}_data_version`)} ON ${sql.table(table)}`.execute(db);
	await sql`DROP FUNCTION maillage_track_data_version(regclass)`.execute(db);
	await sql`DROP FUNCTION maillage_bump_data_version()`.execute(db);
	await sql`DROP TABLE data_version`.execute(db);
}
