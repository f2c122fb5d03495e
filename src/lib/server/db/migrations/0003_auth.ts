// Accounts, sessions, password resets and the audit log.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`
		CREATE TABLE app_user (
			id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			email text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
			nom text NOT NULL DEFAULT '',
			role text NOT NULL CHECK (role IN ('admin', 'charge_mission', 'lecteur')),
			password_hash text NOT NULL,
			must_change_password boolean NOT NULL DEFAULT false,
			disabled boolean NOT NULL DEFAULT false,
			created_at timestamptz NOT NULL DEFAULT now(),
			updated_at timestamptz NOT NULL DEFAULT now()
		)`.execute(db);
	await sql`CREATE UNIQUE INDEX app_user_email_key ON app_user (email)`.execute(db);

	// Only a SHA-256 of the session token is stored: a database leak yields no usable cookie.
	await sql`
		CREATE TABLE user_session (
			token_hash text PRIMARY KEY,
			user_id integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
			created_at timestamptz NOT NULL DEFAULT now(),
			expires_at timestamptz NOT NULL,
			user_agent text
		)`.execute(db);
	await sql`CREATE INDEX user_session_user ON user_session (user_id)`.execute(db);

	await sql`
		CREATE TABLE password_reset (
			token_hash text PRIMARY KEY,
			user_id integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
			expires_at timestamptz NOT NULL,
			used_at timestamptz
		)`.execute(db);

	await sql`
		CREATE TABLE audit_log (
			id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			at timestamptz NOT NULL DEFAULT now(),
			user_id integer REFERENCES app_user (id) ON DELETE SET NULL,
			user_email text,
			action text NOT NULL,
			entity text NOT NULL,
			entity_id text,
			before jsonb,
			after jsonb
		)`.execute(db);
	await sql`CREATE INDEX audit_log_at ON audit_log (at DESC)`.execute(db);
	await sql`CREATE INDEX audit_log_entity ON audit_log (entity, entity_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	for (const table of ['audit_log', 'password_reset', 'user_session', 'app_user']) await sql`DROP TABLE ${sql.table(table)}`.execute(db);
}
