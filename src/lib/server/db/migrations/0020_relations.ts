// Who works with whom (issue 16): typed relations between actors, and the DLA's participations in
// the dynamics other actors run (an `initiative`: a PTCE, a tiers-lieu's network, a food plan).
// A relation is kept once per (from, to, type, source): re-importing a file or recomputing the
// relations derived from the parcours updates the row instead of adding one. `source` says who
// owns the row: `manuel` and `import` are the users', `parcours` (and `evenement`, once events
// land) are recomputed from their origin and replaced wholesale.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`
		CREATE TABLE actor_relation (
			id serial PRIMARY KEY,
			from_id integer NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
			to_id integer NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
			type text NOT NULL CHECK (type IN ('finance', 'accompagne', 'membre_de', 'partenaire_de', 'co_organise')),
			date_debut date,
			date_fin date,
			source text NOT NULL CHECK (source IN ('manuel', 'import', 'parcours', 'evenement')),
			note text,
			created_at timestamptz NOT NULL DEFAULT now(),
			updated_at timestamptz NOT NULL DEFAULT now(),
			CHECK (from_id <> to_id),
			CHECK (date_fin IS NULL OR date_debut IS NULL OR date_fin >= date_debut),
			UNIQUE (from_id, to_id, type, source)
		)`.execute(db);
	await sql`CREATE INDEX actor_relation_to ON actor_relation (to_id)`.execute(db);
	await sql`
		CREATE TABLE initiative_participation (
			id serial PRIMARY KEY,
			initiative_id integer NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
			date date NOT NULL,
			note text,
			user_id integer REFERENCES app_user (id) ON DELETE SET NULL,
			created_at timestamptz NOT NULL DEFAULT now()
		)`.execute(db);
	await sql`CREATE INDEX initiative_participation_initiative ON initiative_participation (initiative_id, date)`.execute(db);
	await sql`
		CREATE TABLE initiative_participation_actor (
			participation_id integer NOT NULL REFERENCES initiative_participation (id) ON DELETE CASCADE,
			actor_id integer NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
			PRIMARY KEY (participation_id, actor_id)
		)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TABLE initiative_participation_actor`.execute(db);
	await sql`DROP TABLE initiative_participation`.execute(db);
	await sql`DROP TABLE actor_relation`.execute(db);
}
