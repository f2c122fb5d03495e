// Share links of territory portraits: what a DLA officer sends to a mayor after a meeting. Like
// sessions, only a SHA-256 of the token is stored, so a database leak yields no working link.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`
		CREATE TABLE portrait_share (
			id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			token_hash text NOT NULL UNIQUE,
			level text NOT NULL CHECK (level IN ('commune', 'epci', 'arrondissement', 'zone', 'departement')),
			code text NOT NULL,
			period_from integer NOT NULL,
			period_to integer NOT NULL,
			created_by integer REFERENCES app_user (id) ON DELETE SET NULL,
			created_at timestamptz NOT NULL DEFAULT now(),
			expires_at timestamptz,
			revoked_at timestamptz,
			CHECK (period_from <= period_to),
			-- A territory dropped by a re-import (e.g. a zone removed from the zone file) takes its links along.
			FOREIGN KEY (level, code) REFERENCES territory (level, code) ON DELETE CASCADE
		)`.execute(db);
	await sql`CREATE INDEX portrait_share_territory ON portrait_share (level, code)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TABLE portrait_share`.execute(db);
}
