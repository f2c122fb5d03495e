// Actors of the territory (ESS structures, collectivités, partners, initiatives), their contact
// persons (personal data), the DLA's accompaniments and the contact log; import runs and the
// rows they rejected. An actor's territory is derived from its commune code, never copied.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	// ESS sector of a NAF division: editable data (data/sectors.json), synchronised at start.
	await sql`
		CREATE TABLE naf_sector (
			division text PRIMARY KEY CHECK (division ~ '^[0-9]{2}$'),
			secteur text NOT NULL
		)`.execute(db);

	await sql`
		CREATE TABLE actor (
			id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			kind text NOT NULL CHECK (kind IN ('structure_ess', 'collectivite', 'partenaire', 'initiative')),
			nom text NOT NULL CHECK (length(trim(nom)) > 0),
			sigle text,
			siren text CHECK (siren ~ '^[0-9]{9}$'),
			siret text CHECK (siret ~ '^[0-9]{14}$'),
			rna text CHECK (rna ~ '^W[0-9A-Z]{9}$'),
			categorie_juridique text CHECK (categorie_juridique ~ '^[0-9]{4}$'),
			famille_juridique text,
			naf text CHECK (naf ~ '^[0-9]{2}\\.[0-9]{2}[A-Z]$'),
			secteur text,
			tranche_effectifs text,
			employeur boolean,
			ess boolean,
			date_creation date,
			adresse text,
			code_postal text,
			commune_level text NOT NULL GENERATED ALWAYS AS ('commune') STORED,
			commune_code text NOT NULL,
			geom geometry(Point, 4326),
			precision text CHECK (precision IN ('adresse', 'lambert93', 'commune')),
			tags text[] NOT NULL DEFAULT '{}',
			notes text,
			source text NOT NULL,
			source_id text,
			version integer NOT NULL DEFAULT 1,
			created_at timestamptz NOT NULL DEFAULT now(),
			updated_at timestamptz NOT NULL DEFAULT now(),
			FOREIGN KEY (commune_level, commune_code) REFERENCES territory (level, code),
			CHECK ((geom IS NULL) = (precision IS NULL))
		)`.execute(db);
	await sql`CREATE UNIQUE INDEX actor_source_key ON actor (source, source_id) WHERE source_id IS NOT NULL`.execute(db);
	await sql`CREATE UNIQUE INDEX actor_siret_key ON actor (siret) WHERE siret IS NOT NULL`.execute(db);
	await sql`CREATE INDEX actor_geom_gist ON actor USING gist (geom)`.execute(db);
	await sql`CREATE INDEX actor_commune ON actor (commune_code)`.execute(db);
	await sql`CREATE INDEX actor_kind_secteur ON actor (kind, secteur)`.execute(db);
	await sql`CREATE INDEX actor_siren ON actor (siren)`.execute(db);
	await sql`CREATE INDEX actor_tags ON actor USING gin (tags)`.execute(db);

	// Contact persons: personal data (RGPD), kept with the legal basis of their processing.
	await sql`
		CREATE TABLE contact (
			id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			actor_id integer NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
			nom text NOT NULL,
			role text,
			email text,
			telephone text,
			base_legale text NOT NULL,
			created_at timestamptz NOT NULL DEFAULT now(),
			updated_at timestamptz NOT NULL DEFAULT now()
		)`.execute(db);
	await sql`CREATE INDEX contact_actor ON contact (actor_id)`.execute(db);

	await sql`
		CREATE TABLE accompaniment (
			id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			actor_id integer NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
			stage text NOT NULL CHECK (stage IN ('accueil', 'diagnostic', 'plan', 'ingenierie', 'suivi', 'oriente', 'abandon', 'non_eligible')),
			date_accueil date,
			date_diagnostic date,
			date_plan date,
			date_ingenierie date,
			date_suivi date,
			date_fin date,
			ingenierie_type text CHECK (ingenierie_type IN ('individuelle', 'collective')),
			themes text[] NOT NULL DEFAULT '{}',
			prestataire_id integer REFERENCES actor (id) ON DELETE SET NULL,
			prestataire_nom text,
			budget_eur numeric(12, 2) CHECK (budget_eur >= 0),
			jours numeric(7, 2) CHECK (jours >= 0),
			emplois_cdi integer CHECK (emplois_cdi >= 0),
			emplois_cdd integer CHECK (emplois_cdd >= 0),
			emplois_consolides integer CHECK (emplois_consolides >= 0),
			next_followup date,
			notes text,
			source text NOT NULL,
			source_id text,
			version integer NOT NULL DEFAULT 1,
			created_at timestamptz NOT NULL DEFAULT now(),
			updated_at timestamptz NOT NULL DEFAULT now()
		)`.execute(db);
	await sql`CREATE UNIQUE INDEX accompaniment_source_key ON accompaniment (source, source_id) WHERE source_id IS NOT NULL`.execute(db);
	await sql`CREATE INDEX accompaniment_actor ON accompaniment (actor_id)`.execute(db);

	await sql`
		CREATE TABLE contact_log (
			id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			actor_id integer NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
			date date NOT NULL,
			type text NOT NULL CHECK (type IN ('visite', 'appel', 'courriel', 'reunion', 'evenement')),
			who text,
			note text,
			source text NOT NULL,
			source_id text,
			created_at timestamptz NOT NULL DEFAULT now()
		)`.execute(db);
	await sql`CREATE UNIQUE INDEX contact_log_source_key ON contact_log (source, source_id) WHERE source_id IS NOT NULL`.execute(db);
	await sql`CREATE INDEX contact_log_actor_date ON contact_log (actor_id, date DESC)`.execute(db);

	await sql`
		CREATE TABLE import_run (
			id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			format text NOT NULL,
			file_name text NOT NULL,
			dry_run boolean NOT NULL DEFAULT false,
			started_at timestamptz NOT NULL DEFAULT now(),
			finished_at timestamptz,
			summary jsonb NOT NULL DEFAULT '{}',
			error text
		)`.execute(db);
	await sql`
		CREATE TABLE import_rejection (
			import_run_id integer NOT NULL REFERENCES import_run (id) ON DELETE CASCADE,
			line integer NOT NULL,
			column_name text,
			reason text NOT NULL,
			raw jsonb
		)`.execute(db);
	await sql`CREATE INDEX import_rejection_run ON import_rejection (import_run_id, line)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	for (const table of ['import_rejection', 'import_run', 'contact_log', 'accompaniment', 'contact', 'actor', 'naf_sector']) {
		await sql`DROP TABLE ${sql.table(table)}`.execute(db);
	}
}
