// Login attempts, counted in the database: each attempt reserves its place with one atomic
// upsert before any password is checked, so that parallel requests cannot slip past the limit.
// Sign-in bookkeeping, not data: no figure depends on it (no data-version trigger).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`
		CREATE TABLE login_attempt (
			key text PRIMARY KEY,
			attempts integer NOT NULL CHECK (attempts >= 0),
			window_start timestamptz NOT NULL
		)`.execute(db);
	// Expired windows are swept by age.
	await sql`CREATE INDEX login_attempt_window_start ON login_attempt (window_start)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TABLE login_attempt`.execute(db);
}
