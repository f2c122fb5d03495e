// Events of the DLA (issue 16, « Rencontres »): territorial meetings, information sessions,
// workshops, presentations to a collectivité, other actors' events. An event targets a territory
// (a zone, EPCI or communes: the territory codes) and has an invitation list, one line per person
// invited (a contact of the actor) or per actor without contact; each line records whether that
// person registered and came. Attendance feeds the contact log (source `rencontre`), not a column.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`
		CREATE TABLE rencontre (
			id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			titre text NOT NULL CHECK (length(titre) BETWEEN 1 AND 200),
			kind text NOT NULL CHECK (kind IN ('rencontre_territoriale', 'information_dla', 'atelier_thematique', 'presentation_collectivite', 'evenement_externe')),
			date date NOT NULL,
			heure_debut text NOT NULL CHECK (heure_debut ~ '^[0-2][0-9]:[0-5][0-9]$'),
			heure_fin text CHECK (heure_fin ~ '^[0-2][0-9]:[0-5][0-9]$'),
			lieu_actor_id integer REFERENCES actor (id) ON DELETE SET NULL,
			lieu_adresse text,
			geom geometry(Point, 4326),
			territoire_level text CHECK (territoire_level IN ('zone', 'epci', 'commune')),
			territoire_codes text[] NOT NULL DEFAULT '{}',
			themes text[] NOT NULL DEFAULT '{}',
			secteurs text[] NOT NULL DEFAULT '{}',
			organisateur_id integer REFERENCES actor (id) ON DELETE SET NULL,
			co_organisateurs integer[] NOT NULL DEFAULT '{}',
			status text NOT NULL DEFAULT 'projet' CHECK (status IN ('projet', 'confirme', 'tenu', 'annule')),
			notes text,
			created_by integer REFERENCES app_user (id) ON DELETE SET NULL,
			version integer NOT NULL DEFAULT 1,
			created_at timestamptz NOT NULL DEFAULT now(),
			updated_at timestamptz NOT NULL DEFAULT now()
		)`.execute(db);
	await sql`CREATE INDEX rencontre_date ON rencontre (date)`.execute(db);
	await sql`
		CREATE TABLE rencontre_invite (
			id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			rencontre_id integer NOT NULL REFERENCES rencontre (id) ON DELETE CASCADE,
			actor_id integer NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
			-- A person erased on request (RGPD) takes their lines along.
			contact_id integer REFERENCES contact (id) ON DELETE CASCADE,
			-- A person written on the sign-in sheet who is no contact of the actor.
			personne text CHECK (length(personne) <= 200),
			origine text NOT NULL DEFAULT 'filtre' CHECK (origine IN ('filtre', 'manuel', 'emargement')),
			inscrit boolean NOT NULL DEFAULT false,
			present boolean NOT NULL DEFAULT false,
			created_at timestamptz NOT NULL DEFAULT now()
		)`.execute(db);
	await sql`
		CREATE UNIQUE INDEX rencontre_invite_line
			ON rencontre_invite (rencontre_id, actor_id, coalesce(contact_id, 0), coalesce(lower(personne), ''))`.execute(db);
	await sql`CREATE INDEX rencontre_invite_actor ON rencontre_invite (actor_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TABLE rencontre_invite`.execute(db);
	await sql`DROP TABLE rencontre`.execute(db);
}
