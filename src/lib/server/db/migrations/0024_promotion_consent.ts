// Promotion, second part (issue 17):
// - One consent to show a structure as accompanied, with its date, source and who recorded it.
//   0021 (`publication_nom`, newsletter) and 0022 (`public_accompaniment_consent`, public map)
//   had added a flag each for the same agreement, and only the second could be set from the app:
//   they become one (`publication_nom`), an agreement given under either kept.
// - A sent newsletter keeps its resolved blocks (`resolved`): its web version is rendered from
//   them at each read, so that a testimonial withdrawn since leaves it too.
// - The sender of an issue holds a lease on its row (`sender_run`, renewed in `sender_seen_at`):
//   a second sender started on the same issue, in this process or another, does not run.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`
		ALTER TABLE actor
			ADD COLUMN publication_nom_at timestamptz,
			ADD COLUMN publication_nom_source text CHECK (length(publication_nom_source) BETWEEN 1 AND 200),
			ADD COLUMN publication_nom_by integer REFERENCES app_user (id) ON DELETE SET NULL`.execute(db);
	await sql`
		UPDATE actor SET publication_nom = true, publication_nom_source = 'accord enregistré avant la date (migration 0024)'
		WHERE publication_nom OR public_accompaniment_consent`.execute(db);
	await sql`ALTER TABLE actor DROP COLUMN public_accompaniment_consent`.execute(db);
	await sql`
		ALTER TABLE newsletter
			ADD COLUMN resolved jsonb,
			ADD COLUMN sender_run text,
			ADD COLUMN sender_seen_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE newsletter DROP COLUMN resolved, DROP COLUMN sender_run, DROP COLUMN sender_seen_at`.execute(db);
	await sql`ALTER TABLE actor ADD COLUMN public_accompaniment_consent boolean NOT NULL DEFAULT false`.execute(db);
	await sql`UPDATE actor SET public_accompaniment_consent = publication_nom`.execute(db);
	await sql`ALTER TABLE actor DROP COLUMN publication_nom_at, DROP COLUMN publication_nom_source, DROP COLUMN publication_nom_by`.execute(
		db
	);
}
