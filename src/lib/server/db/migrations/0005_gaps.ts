// Gap analysis: the distance from a territory (or a structure) to the nearest structure the DLA
// accompanied must use an index. A `geom::geography` cast in the query bypasses the GiST index of
// `geom` (minutes instead of a second at 200,000 points), so the geography is stored beside the
// geometry, kept in step by the database, and indexed itself: `ORDER BY geog <-> point LIMIT 1`
// (index-assisted KNN on geography) and `ST_DWithin(geog, point, metres)` both use it.
// https://postgis.net/docs/geometry_distance_knn.html · https://postgis.net/docs/ST_DWithin.html
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE actor ADD COLUMN geog geography(Point, 4326) GENERATED ALWAYS AS (geom::geography) STORED`.execute(db);
	await sql`CREATE INDEX actor_geog_gist ON actor USING gist (geog)`.execute(db);
	// The gap matrix reads every stage date of the accompaniments of a period, by actor.
	await sql`CREATE INDEX accompaniment_actor_dates ON accompaniment (actor_id) INCLUDE (date_accueil, date_diagnostic, date_plan, date_ingenierie, date_suivi, emplois_cdi, emplois_cdd)`.execute(
		db
	);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP INDEX accompaniment_actor_dates`.execute(db);
	await sql`DROP INDEX actor_geog_gist`.execute(db);
	await sql`ALTER TABLE actor DROP COLUMN geog`.execute(db);
}
