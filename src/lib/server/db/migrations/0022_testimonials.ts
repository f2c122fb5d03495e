// Testimonials of accompanied structures (issue 17). The team asks for one with a link (only the
// token's SHA-256 is stored, like share links; it expires and serves once); the person writes it
// without an account, with explicit consents per channel and for showing names. The team
// moderates: `soumis` → `accepte` | `refuse`, and an accepted one may be `retire` later, which
// removes it from every channel at once (each channel reads the status, nothing is copied).
// Also: whether a structure agreed to be shown as accompanied on the public map (default no).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE actor ADD COLUMN public_accompaniment_consent boolean NOT NULL DEFAULT false`.execute(db);
	await sql`
		CREATE TABLE testimonial_request (
			id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			actor_id integer NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
			token_hash text NOT NULL UNIQUE,
			created_by integer REFERENCES app_user (id) ON DELETE SET NULL,
			created_at timestamptz NOT NULL DEFAULT now(),
			expires_at timestamptz NOT NULL,
			used_at timestamptz
		)`.execute(db);
	await sql`
		CREATE TABLE testimonial (
			id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			actor_id integer NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
			request_id integer UNIQUE REFERENCES testimonial_request (id) ON DELETE SET NULL,
			texte text NOT NULL CHECK (length(texte) BETWEEN 1 AND 3000),
			personne_nom text NOT NULL,
			personne_role text NOT NULL,
			photo bytea,
			photo_width integer,
			photo_height integer,
			consent_site boolean NOT NULL,
			consent_newsletter boolean NOT NULL,
			consent_portrait boolean NOT NULL,
			show_structure boolean NOT NULL,
			show_person boolean NOT NULL,
			status text NOT NULL DEFAULT 'soumis' CHECK (status IN ('soumis', 'accepte', 'refuse', 'retire')),
			submitted_at timestamptz NOT NULL DEFAULT now(),
			moderated_at timestamptz,
			moderated_by integer REFERENCES app_user (id) ON DELETE SET NULL,
			version integer NOT NULL DEFAULT 1
		)`.execute(db);
	await sql`CREATE INDEX testimonial_status ON testimonial (status)`.execute(db);
	await sql`CREATE INDEX testimonial_actor ON testimonial (actor_id)`.execute(db);
	// Portraits and the public map read accepted testimonials: their caches follow the data version.
	await sql`SELECT maillage_track_data_version('testimonial'::regclass)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TABLE testimonial`.execute(db);
	await sql`DROP TABLE testimonial_request`.execute(db);
	await sql`ALTER TABLE actor DROP COLUMN public_accompaniment_consent`.execute(db);
}
