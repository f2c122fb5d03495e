// Targets of the DLA's evaluation (issue 15): for a territory (a zone, an EPCI, the département…),
// an indicator of domain/indicators and a calendar year, the value aimed at. Edited by admins on
// /bilan/objectifs; while the table is empty the starting proposal of data/objectifs.json is shown.
// Targets feed no cached figure: not tracked by the data version.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`
		CREATE TABLE target (
			id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			level text NOT NULL CHECK (level IN ('commune', 'epci', 'arrondissement', 'zone', 'departement')),
			code text NOT NULL,
			indicator text NOT NULL,
			year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
			value numeric(14, 4) NOT NULL CHECK (value >= 0),
			updated_by integer REFERENCES app_user (id) ON DELETE SET NULL,
			updated_at timestamptz NOT NULL DEFAULT now(),
			UNIQUE (level, code, indicator, year),
			-- A territory dropped by a re-import (a zone removed from the zone file) takes its targets along.
			FOREIGN KEY (level, code) REFERENCES territory (level, code) ON DELETE CASCADE
		)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TABLE target`.execute(db);
}
