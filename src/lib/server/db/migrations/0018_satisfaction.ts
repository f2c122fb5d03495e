// The satisfaction questionnaire of issue 15: after an ingénierie, the team sends a structure a
// tokenised link (only its SHA-256 is stored, like calendar_token and portrait_share); the link
// expires, and carries one answer at most (the answer's columns stay null until then).
// Answers feed the annual report, not the cached indicators: not tracked by the data version.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`
		CREATE TABLE satisfaction_survey (
			id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			accompaniment_id integer NOT NULL REFERENCES accompaniment (id) ON DELETE CASCADE,
			token_hash text NOT NULL UNIQUE,
			created_by integer REFERENCES app_user (id) ON DELETE SET NULL,
			created_at timestamptz NOT NULL DEFAULT now(),
			expires_at timestamptz NOT NULL,
			answered_at timestamptz,
			note_diagnostic smallint CHECK (note_diagnostic BETWEEN 1 AND 5),
			note_prestataire smallint CHECK (note_prestataire BETWEEN 1 AND 5),
			note_dla smallint CHECK (note_dla BETWEEN 1 AND 5),
			effet_emplois boolean,
			effet_finances boolean,
			effet_gouvernance boolean,
			commentaire text,
			CHECK (answered_at IS NULL OR (note_diagnostic IS NOT NULL AND note_prestataire IS NOT NULL AND note_dla IS NOT NULL))
		)`.execute(db);
	await sql`CREATE INDEX satisfaction_survey_accompaniment ON satisfaction_survey (accompaniment_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TABLE satisfaction_survey`.execute(db);
}
