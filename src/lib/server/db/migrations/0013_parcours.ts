// Parcours run day to day in Maillage (issue 14): who follows each parcours, what the diagnostic
// found, where it was referred, when the ingénierie ended, its documents; ingénieries collectives
// shared by several structures; the journal of moves (one row per step, backfilled from the stage
// dates of existing parcours); per-user calendar feed tokens (only their SHA-256 is stored).
import { sql, type Kysely } from 'kysely';

const STAGES = `'accueil', 'diagnostic', 'plan', 'ingenierie', 'suivi', 'oriente', 'abandon', 'non_eligible'`;

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`
		CREATE TABLE ingenierie_collective (
			id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			titre text NOT NULL CHECK (length(trim(titre)) > 0),
			theme text,
			prestataire_id integer REFERENCES actor (id) ON DELETE SET NULL,
			budget_eur numeric(12, 2) CHECK (budget_eur >= 0),
			jours numeric(7, 2) CHECK (jours >= 0),
			date_debut date NOT NULL,
			date_fin date CHECK (date_fin >= date_debut),
			version integer NOT NULL DEFAULT 1,
			created_at timestamptz NOT NULL DEFAULT now(),
			updated_at timestamptz NOT NULL DEFAULT now()
		)`.execute(db);

	await sql`
		ALTER TABLE accompaniment
			ADD COLUMN owner_id integer REFERENCES app_user (id) ON DELETE SET NULL,
			ADD COLUMN constats text,
			ADD COLUMN besoins text,
			ADD COLUMN oriente_vers text,
			ADD COLUMN date_fin_ingenierie date,
			ADD COLUMN documents jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(documents) = 'array'),
			ADD COLUMN ingenierie_collective_id integer REFERENCES ingenierie_collective (id) ON DELETE SET NULL`.execute(db);
	// The board's filters and « À faire »: open parcours, by owner, by prestataire, by collective.
	await sql`CREATE INDEX accompaniment_stage ON accompaniment (stage, actor_id)`.execute(db);
	await sql`CREATE INDEX accompaniment_owner ON accompaniment (owner_id) WHERE owner_id IS NOT NULL`.execute(db);
	await sql`CREATE INDEX accompaniment_prestataire ON accompaniment (prestataire_id) WHERE prestataire_id IS NOT NULL`.execute(db);
	await sql`CREATE INDEX accompaniment_collective ON accompaniment (ingenierie_collective_id) WHERE ingenierie_collective_id IS NOT NULL`.execute(
		db
	);
	await sql`CREATE INDEX accompaniment_next_followup ON accompaniment (next_followup) WHERE next_followup IS NOT NULL`.execute(db);

	await sql
		.raw(
			`
		CREATE TABLE accompaniment_step (
			id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			accompaniment_id integer NOT NULL REFERENCES accompaniment (id) ON DELETE CASCADE,
			stage text NOT NULL CHECK (stage IN (${STAGES})),
			date date NOT NULL,
			note text,
			user_id integer REFERENCES app_user (id) ON DELETE SET NULL,
			created_at timestamptz NOT NULL DEFAULT now()
		)`
		)
		.execute(db);
	await sql`CREATE INDEX accompaniment_step_parcours ON accompaniment_step (accompaniment_id, date)`.execute(db);
	// One step per stage date already known; an ended parcours also gets its end (its end date, or
	// failing that the latest stage date).
	await sql`
		INSERT INTO accompaniment_step (accompaniment_id, stage, date)
		SELECT a.id, s.stage, s.date
		FROM accompaniment a
		CROSS JOIN LATERAL (VALUES
			(1, 'accueil', a.date_accueil),
			(2, 'diagnostic', a.date_diagnostic),
			(3, 'plan', a.date_plan),
			(4, 'ingenierie', a.date_ingenierie),
			(5, 'suivi', a.date_suivi),
			(6, a.stage, CASE WHEN a.stage IN ('oriente', 'abandon', 'non_eligible')
				THEN coalesce(a.date_fin, greatest(a.date_accueil, a.date_diagnostic, a.date_plan, a.date_ingenierie, a.date_suivi)) END)
		) AS s(position, stage, date)
		WHERE s.date IS NOT NULL
		ORDER BY a.id, s.position`.execute(db);

	await sql`
		CREATE TABLE calendar_token (
			id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			user_id integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
			token_hash text NOT NULL UNIQUE,
			created_at timestamptz NOT NULL DEFAULT now(),
			revoked_at timestamptz
		)`.execute(db);
	await sql`CREATE UNIQUE INDEX calendar_token_active ON calendar_token (user_id) WHERE revoked_at IS NULL`.execute(db);

	// accompaniment is tracked since 0008; calendar tokens feed no figure.
	for (const table of ['ingenierie_collective', 'accompaniment_step']) {
		await sql`SELECT maillage_track_data_version(${table}::regclass)`.execute(db);
	}
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TABLE calendar_token`.execute(db);
	await sql`DROP TABLE accompaniment_step`.execute(db);
	for (const index of [
		'accompaniment_stage',
		'accompaniment_owner',
		'accompaniment_prestataire',
		'accompaniment_collective',
		'accompaniment_next_followup'
	]) {
		await sql`DROP INDEX ${sql.id(index)}`.execute(db);
	}
	await sql`
		ALTER TABLE accompaniment
			DROP COLUMN owner_id, DROP COLUMN constats, DROP COLUMN besoins, DROP COLUMN oriente_vers,
			DROP COLUMN date_fin_ingenierie, DROP COLUMN documents, DROP COLUMN ingenierie_collective_id`.execute(db);
	await sql`DROP TABLE ingenierie_collective`.execute(db);
}
