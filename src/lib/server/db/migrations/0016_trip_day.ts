// A realistic trip day (issue 18): lunch is a flexible break of `lunch_min` minutes taken inside
// the window lunch_start–lunch_end (no longer a fixed block); a trip of several days may sleep in
// the area — at a given place (`lieu`: a hotel, a partner's office) or in the best town for each
// night (`meilleure_commune`, chosen by the planner among the town centres near the stops).
// Existing trips keep their window and get the default hour for lunch inside it.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`
		ALTER TABLE trip
			ADD COLUMN lunch_min integer NOT NULL DEFAULT 60 CHECK (lunch_min BETWEEN 10 AND 180),
			ADD COLUMN overnight text NOT NULL DEFAULT 'non' CHECK (overnight IN ('non', 'lieu', 'meilleure_commune')),
			ADD COLUMN overnight_label text,
			ADD COLUMN overnight_lon float8 CHECK (overnight_lon BETWEEN -180 AND 180),
			ADD COLUMN overnight_lat float8 CHECK (overnight_lat BETWEEN -90 AND 90),
			ADD CONSTRAINT trip_overnight_place CHECK ((overnight = 'lieu') = (overnight_lon IS NOT NULL AND overnight_lat IS NOT NULL))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`
		ALTER TABLE trip
			DROP CONSTRAINT trip_overnight_place,
			DROP COLUMN overnight_lat,
			DROP COLUMN overnight_lon,
			DROP COLUMN overnight_label,
			DROP COLUMN overnight,
			DROP COLUMN lunch_min`.execute(db);
}
