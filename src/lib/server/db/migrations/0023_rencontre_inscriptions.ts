// Online registration to an event (issue 16): the team creates a registration link for an event
// (only the token's SHA-256 is stored, like the testimonial and questionnaire links) and may revoke
// it; anyone with the link registers with a name, a structure (free text), an email and, if they
// wish, their consent to be contacted. One registration per event and address: registering again
// updates it. A registration whose address is a contact of an invited actor is matched to that
// actor, contact and invitation line (marked registered online).
// Attendance also feeds the yearly indicators (« issues de rencontres »): events and their lines
// now bump the data version, so that cached indicators follow them.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`
		CREATE TABLE rencontre_inscription_lien (
			id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			rencontre_id integer NOT NULL REFERENCES rencontre (id) ON DELETE CASCADE,
			token_hash text NOT NULL UNIQUE,
			created_by integer REFERENCES app_user (id) ON DELETE SET NULL,
			created_at timestamptz NOT NULL DEFAULT now(),
			revoked_at timestamptz
		)`.execute(db);
	// At most one live link per event: creating another revokes the previous one.
	await sql`CREATE UNIQUE INDEX rencontre_inscription_lien_live ON rencontre_inscription_lien (rencontre_id) WHERE revoked_at IS NULL`.execute(
		db
	);
	await sql`
		CREATE TABLE rencontre_inscription (
			id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			rencontre_id integer NOT NULL REFERENCES rencontre (id) ON DELETE CASCADE,
			lien_id integer REFERENCES rencontre_inscription_lien (id) ON DELETE SET NULL,
			nom text NOT NULL CHECK (length(nom) BETWEEN 1 AND 200),
			structure text NOT NULL CHECK (length(structure) BETWEEN 1 AND 200),
			email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
			consent_contact boolean NOT NULL,
			actor_id integer REFERENCES actor (id) ON DELETE SET NULL,
			contact_id integer REFERENCES contact (id) ON DELETE SET NULL,
			invite_id integer REFERENCES rencontre_invite (id) ON DELETE SET NULL,
			created_at timestamptz NOT NULL DEFAULT now(),
			updated_at timestamptz NOT NULL DEFAULT now()
		)`.execute(db);
	await sql`CREATE UNIQUE INDEX rencontre_inscription_email ON rencontre_inscription (rencontre_id, lower(email))`.execute(db);
	await sql`CREATE INDEX rencontre_inscription_lower_email ON rencontre_inscription (lower(email))`.execute(db);
	await sql`CREATE INDEX rencontre_inscription_invite ON rencontre_inscription (invite_id)`.execute(db);
	// A line may now come from an online registration.
	await sql`ALTER TABLE rencontre_invite DROP CONSTRAINT rencontre_invite_origine_check`.execute(db);
	await sql`
		ALTER TABLE rencontre_invite ADD CONSTRAINT rencontre_invite_origine_check
			CHECK (origine IN ('filtre', 'manuel', 'emargement', 'inscription'))`.execute(db);
	for (const table of ['rencontre', 'rencontre_invite']) await sql`SELECT maillage_track_data_version(${table}::regclass)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	for (const table of ['rencontre', 'rencontre_invite'])
		await sql`DROP TRIGGER IF EXISTS ${sql.id(`${table}_data_version`)} ON ${sql.table(table)}`.execute(db);
	await sql`DELETE FROM rencontre_invite WHERE origine = 'inscription'`.execute(db);
	await sql`ALTER TABLE rencontre_invite DROP CONSTRAINT rencontre_invite_origine_check`.execute(db);
	await sql`
		ALTER TABLE rencontre_invite ADD CONSTRAINT rencontre_invite_origine_check
			CHECK (origine IN ('filtre', 'manuel', 'emargement'))`.execute(db);
	await sql`DROP TABLE rencontre_inscription`.execute(db);
	await sql`DROP TABLE rencontre_inscription_lien`.execute(db);
}
