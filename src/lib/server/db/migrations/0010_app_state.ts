// The application's own state, in one row: for now, what became of the demo territory. The first
// start of a brand-new database loads it once; after that only `demo --reset` brings it back, so
// a `demo --clear` lasts across imports and restarts (issue 12, item 2).
// Also: whether an actor's ESS sector was given explicitly (a file's « secteur » column, an edit),
// in which case it wins over the one derived from its NAF code and is never re-derived (item 10).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`
		CREATE TABLE app_state (
			singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
			-- never: not settled yet (brand-new database); loaded; cleared (demo --clear);
			-- declined (MAILLAGE_DEMO=off, or real data already there, on the first start)
			demo text NOT NULL CHECK (demo IN ('never', 'loaded', 'cleared', 'declined')),
			demo_changed_at timestamptz
		)`.execute(db);
	// An existing database: the state follows from what is there. Demo actors: loaded. No demo
	// but other actors than the collectivités, or actor ids handed out beyond the actors left
	// (the demo was loaded, then cleared): cleared. Otherwise nothing ever happened: never.
	await sql`
		WITH seen AS (
			SELECT
				EXISTS (SELECT 1 FROM actor WHERE source = 'demo') AS demo,
				EXISTS (SELECT 1 FROM actor WHERE source NOT IN ('demo', 'cog')) AS real,
				coalesce((SELECT last_value FROM pg_sequences WHERE sequencename = 'actor_id_seq' AND schemaname = current_schema()), 0)
					> coalesce((SELECT max(id) FROM actor), 0) AS deleted
		)
		INSERT INTO app_state (demo, demo_changed_at)
		SELECT CASE WHEN demo THEN 'loaded' WHEN real OR deleted THEN 'cleared' ELSE 'never' END,
			CASE WHEN demo OR real OR deleted THEN now() END
		FROM seen`.execute(db);

	await sql`ALTER TABLE actor ADD COLUMN secteur_source text NOT NULL DEFAULT 'naf' CHECK (secteur_source IN ('naf', 'explicite'))`.execute(
		db
	);
	// A sector that is not the one of the actor's NAF code was set by hand.
	await sql`
		UPDATE actor a SET secteur_source = 'explicite'
		WHERE a.secteur IS NOT NULL
			AND a.secteur IS DISTINCT FROM (SELECT s.secteur FROM naf_sector s WHERE s.division = left(a.naf, 2))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE actor DROP COLUMN secteur_source`.execute(db);
	await sql`DROP TABLE app_state`.execute(db);
}
