// Territory reference: communes, EPCI, arrondissements, strategic zones and the département,
// each with its boundary (PostGIS MultiPolygon, WGS 84) and a label point.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`CREATE EXTENSION IF NOT EXISTS postgis`.execute(db);
	await sql`
		CREATE TABLE territory (
			level text NOT NULL CHECK (level IN ('commune', 'epci', 'arrondissement', 'zone', 'departement')),
			code text NOT NULL,
			nom text NOT NULL,
			population integer,
			area_km2 double precision,
			epci_code text,
			arrondissement_code text,
			zone_code text,
			departement_code text NOT NULL,
			codes_postaux text[] NOT NULL DEFAULT '{}',
			details jsonb NOT NULL DEFAULT '{}',
			geom geometry(MultiPolygon, 4326),
			label_point geometry(Point, 4326),
			updated_at timestamptz NOT NULL DEFAULT now(),
			PRIMARY KEY (level, code)
		)`.execute(db);
	await sql`CREATE INDEX territory_geom_gist ON territory USING gist (geom)`.execute(db);
	await sql`CREATE INDEX territory_commune_epci ON territory (epci_code) WHERE level = 'commune'`.execute(db);
	await sql`CREATE INDEX territory_commune_zone ON territory (zone_code) WHERE level = 'commune'`.execute(db);
	await sql`
		CREATE TABLE territory_import (
			id serial PRIMARY KEY,
			departement_code text NOT NULL,
			started_at timestamptz NOT NULL,
			finished_at timestamptz,
			sources jsonb NOT NULL DEFAULT '[]',
			report jsonb NOT NULL DEFAULT '{}',
			changed integer NOT NULL DEFAULT 0
		)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP TABLE territory_import`.execute(db);
	await sql`DROP TABLE territory`.execute(db);
}
