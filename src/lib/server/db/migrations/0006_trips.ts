// Prospecting trips: a named plan of visits (start and end point, dates, day window, lunch,
// default visit length) and its stops, each an actor visited on a day at a position, with the
// outcome of the visit once made. The optimised plan (legs, timetable, unplanned stops and why)
// is stored as computed, so the roadmap and the exports show what the officer saw.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`
		CREATE TABLE trip (
			id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			name text NOT NULL CHECK (length(trim(name)) > 0),
			start_label text NOT NULL,
			start_lon float8 NOT NULL CHECK (start_lon BETWEEN -180 AND 180),
			start_lat float8 NOT NULL CHECK (start_lat BETWEEN -90 AND 90),
			end_label text,
			end_lon float8 CHECK (end_lon BETWEEN -180 AND 180),
			end_lat float8 CHECK (end_lat BETWEEN -90 AND 90),
			date_start date NOT NULL,
			date_end date NOT NULL,
			day_start text NOT NULL CHECK (day_start ~ '^[0-2][0-9]:[0-5][0-9]$'),
			day_end text NOT NULL CHECK (day_end ~ '^[0-2][0-9]:[0-5][0-9]$'),
			lunch_start text CHECK (lunch_start ~ '^[0-2][0-9]:[0-5][0-9]$'),
			lunch_end text CHECK (lunch_end ~ '^[0-2][0-9]:[0-5][0-9]$'),
			visit_min integer NOT NULL DEFAULT 60 CHECK (visit_min BETWEEN 0 AND 720),
			plan jsonb,
			planned_at timestamptz,
			created_by integer REFERENCES app_user (id) ON DELETE SET NULL,
			version integer NOT NULL DEFAULT 1,
			created_at timestamptz NOT NULL DEFAULT now(),
			updated_at timestamptz NOT NULL DEFAULT now(),
			CHECK (date_end >= date_start),
			CHECK (day_end > day_start),
			CHECK ((lunch_start IS NULL) = (lunch_end IS NULL)),
			CHECK ((end_lon IS NULL) = (end_lat IS NULL))
		)`.execute(db);
	await sql`CREATE INDEX trip_date ON trip (date_start DESC)`.execute(db);

	await sql`
		CREATE TABLE trip_stop (
			id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			trip_id integer NOT NULL REFERENCES trip (id) ON DELETE CASCADE,
			actor_id integer NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
			position integer NOT NULL CHECK (position >= 0),
			day integer CHECK (day >= 1),
			duration_min integer CHECK (duration_min BETWEEN 0 AND 720),
			window_start text CHECK (window_start ~ '^[0-2][0-9]:[0-5][0-9]$'),
			window_end text CHECK (window_end ~ '^[0-2][0-9]:[0-5][0-9]$'),
			status text NOT NULL DEFAULT 'prevu' CHECK (status IN ('prevu', 'fait', 'non_rencontre')),
			note text,
			visited_at timestamptz,
			contact_log_id integer REFERENCES contact_log (id) ON DELETE SET NULL,
			accompaniment_id integer REFERENCES accompaniment (id) ON DELETE SET NULL,
			created_at timestamptz NOT NULL DEFAULT now(),
			updated_at timestamptz NOT NULL DEFAULT now(),
			UNIQUE (trip_id, actor_id),
			CHECK ((window_start IS NULL) = (window_end IS NULL))
		)`.execute(db);
	await sql`CREATE INDEX trip_stop_trip ON trip_stop (trip_id, position)`.execute(db);
	await sql`CREATE INDEX trip_stop_actor ON trip_stop (actor_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TABLE trip_stop`.execute(db);
	await sql`DROP TABLE trip`.execute(db);
}
