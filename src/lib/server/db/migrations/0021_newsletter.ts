// Promotion of the DLA (issue 17): saved audiences, consent per person and channel, the
// newsletter and its sends.
// - `actor.publication_nom`: the structure agreed to be named as accompanied (newsletter, public
//   pages); no by default.
// - `segment`: a named explorer filter plus contact rules; `last_member_ids` is the member list at
//   the last opening, to show who came and went since.
// - `contact_consent`: one row per contact person and channel, with its legal basis, date and
//   source; an unsubscription withdraws it. `unsubscription` keeps the SHA-256 of the address
//   (never the address) so that a withdrawal outlives the contact record: « for good ».
// - `newsletter` and `newsletter_delivery`: a delivery row per address, claimed in a transaction
//   before the message leaves and marked after, so that a send resumed after a crash never sends
//   twice. The unsubscribe token of each message is stored hashed, like the share links.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE actor ADD COLUMN publication_nom boolean NOT NULL DEFAULT false`.execute(db);
	await sql`
		CREATE TABLE segment (
			id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			nom text NOT NULL CHECK (length(nom) BETWEEN 1 AND 120),
			filter jsonb NOT NULL,
			roles text[] NOT NULL DEFAULT '{}',
			channel text CHECK (channel IN ('newsletter', 'evenements')),
			last_member_ids integer[],
			last_opened_at timestamptz,
			created_by integer REFERENCES app_user (id) ON DELETE SET NULL,
			created_at timestamptz NOT NULL DEFAULT now(),
			updated_at timestamptz NOT NULL DEFAULT now()
		)`.execute(db);
	await sql`
		CREATE TABLE contact_consent (
			id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			contact_id integer NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
			channel text NOT NULL CHECK (channel IN ('newsletter', 'evenements')),
			status text NOT NULL CHECK (status IN ('accorde', 'retire')),
			base_legale text NOT NULL CHECK (base_legale IN ('consentement', 'interet_legitime')),
			source text NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
			recorded_at timestamptz NOT NULL DEFAULT now(),
			UNIQUE (contact_id, channel)
		)`.execute(db);
	await sql`
		CREATE TABLE unsubscription (
			email_hash text NOT NULL,
			channel text NOT NULL CHECK (channel IN ('newsletter', 'evenements')),
			at timestamptz NOT NULL DEFAULT now(),
			PRIMARY KEY (email_hash, channel)
		)`.execute(db);
	await sql`
		CREATE TABLE newsletter (
			id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			titre text NOT NULL CHECK (length(titre) BETWEEN 1 AND 200),
			blocks jsonb NOT NULL DEFAULT '[]',
			status text NOT NULL DEFAULT 'brouillon' CHECK (status IN ('brouillon', 'envoi', 'envoye')),
			segment_id integer REFERENCES segment (id) ON DELETE SET NULL,
			web_key text NOT NULL UNIQUE,
			html text,
			mail_html text,
			sent_at timestamptz,
			created_by integer REFERENCES app_user (id) ON DELETE SET NULL,
			created_at timestamptz NOT NULL DEFAULT now(),
			updated_at timestamptz NOT NULL DEFAULT now()
		)`.execute(db);
	await sql`
		CREATE TABLE newsletter_delivery (
			id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			newsletter_id integer NOT NULL REFERENCES newsletter (id) ON DELETE CASCADE,
			email text NOT NULL,
			contact_id integer REFERENCES contact (id) ON DELETE SET NULL,
			status text NOT NULL DEFAULT 'a_envoyer'
				CHECK (status IN ('a_envoyer', 'en_cours', 'envoye', 'echec', 'rebond', 'incertain', 'desinscrit')),
			error text,
			unsubscribe_hash text UNIQUE,
			claimed_at timestamptz,
			done_at timestamptz
		)`.execute(db);
	await sql`CREATE UNIQUE INDEX newsletter_delivery_address ON newsletter_delivery (newsletter_id, lower(email))`.execute(db);
	await sql`CREATE INDEX newsletter_delivery_pending ON newsletter_delivery (newsletter_id, status, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	for (const table of ['newsletter_delivery', 'newsletter', 'unsubscription', 'contact_consent', 'segment']) {
		await sql`DROP TABLE IF EXISTS ${sql.table(table)}`.execute(db);
	}
	await sql`ALTER TABLE actor DROP COLUMN publication_nom`.execute(db);
}
