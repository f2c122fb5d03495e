// Vector tiles of the filtered actors (/tiles/actors/{z}/{x}/{y}.pbf), clustered up to zoom 11
// with the DLA status mix of every cluster. The map then holds only the tiles in view instead of
// every actor as GeoJSON (16 s and 420 MB of browser work at 100,000 actors).
// - PostgreSQL: one SQL statement per tile, clustered on a grid and encoded by ST_AsMVT
//   (https://postgis.net/docs/ST_AsMVT.html).
// - PGlite: its PostGIS has no ST_AsMVT; the filtered actors are indexed once in memory by
//   supercluster (per filter and data version) and its tiles encoded by vt-pbf.
// Every actor lands in exactly one tile of a zoom level (no buffer): counts add up across tiles.
import { sql, type Kysely, type SqlBool } from 'kysely';
import Supercluster from 'supercluster';
import vtpbf from 'vt-pbf';
import { ACCOMPANIMENT_STATUSES, type AccompanimentStatus } from '../../domain/accompaniment-status';
import {
	ACTOR_TILE_LAYER,
	CLUSTER_MAX_ZOOM,
	CLUSTER_RADIUS_PX,
	TILE_EXTENT,
	sizeClass,
	statusMix,
	type ActorTilePoint
} from '../../domain/actor-tiles';
import type { ActorFilter } from '../../schemas/actor-filter';
import type { Backend } from '../db/client';
import type { Database } from '../db/schema';
import { DataVersionCache, dataVersion } from '../data-version';
import { todayIn } from '../../domain/parcours/calendar';
import { actorPoints, filteredActors, statusSql } from '../queries/actor-list';

/** Screen pixels per tile side in MapLibre: extent units per pixel follow. */
const TILE_PIXELS = 512;
/** Grid cell of the SQL clustering, in extent units: 64 px, a power of two so that cells never straddle tiles. */
const GRID_CELL = (TILE_EXTENT / TILE_PIXELS) * 64;

/**
 * A canonical key of a filter (list order does not matter), for caches. With the day: the status,
 * the time since the last contact and the parcours filters are counted from today.
 */
export function filterKey(filter: ActorFilter): string {
	return JSON.stringify([todayIn(), ...Object.entries(filter).map(([k, v]) => [k, Array.isArray(v) ? [...v].sort() : v])]);
}

type ActorIndex = Supercluster<ActorTilePoint, Record<AccompanimentStatus, number>>;
// Per database (a process with two, as the tests and benches have, never mixes them), per data version.
const caches = new WeakMap<Kysely<Database>, { tiles: DataVersionCache<Uint8Array>; indexes: DataVersionCache<ActorIndex> }>();
function cachesOf(db: Kysely<Database>) {
	let found = caches.get(db);
	if (!found) caches.set(db, (found = { tiles: new DataVersionCache(3000), indexes: new DataVersionCache(6) }));
	return found;
}

/**
 * The tile, built by the backend's method: ST_AsMVT on PostgreSQL, the in-memory index on PGlite.
 * `version`: the data version the caller has read (its ETag's), else read here.
 */
export async function actorTile(
	db: Kysely<Database>,
	backend: Backend,
	filter: ActorFilter,
	z: number,
	x: number,
	y: number,
	version?: number
): Promise<Uint8Array> {
	return actorTileBy(backend === 'postgresql' ? 'sql' : 'memory', db, filter, z, x, y, version);
}

/** The tile by a given method (the tests compare both on the same data). */
export async function actorTileBy(
	method: 'sql' | 'memory',
	db: Kysely<Database>,
	filter: ActorFilter,
	z: number,
	x: number,
	y: number,
	version?: number
): Promise<Uint8Array> {
	const at = version ?? (await dataVersion(db));
	const key = `${method}|${filterKey(filter)}|${z}/${x}/${y}`;
	return cachesOf(db).tiles.at(at, key, () => (method === 'sql' ? sqlTile(db, filter, z, x, y) : memoryTile(db, filter, z, x, y, at)));
}

async function sqlTile(db: Kysely<Database>, filter: ActorFilter, z: number, x: number, y: number): Promise<Uint8Array> {
	const envelope = sql`ST_TileEnvelope(${z}::int, ${x}::int, ${y}::int)`;
	const mercator = sql`ST_Transform(a.geom, 3857)`;
	// Tile coordinates by floor, not ST_AsMVTGeom's rounding: a point on a tile's edge belongs to one tile only.
	const points = (await filteredActors(db, filter)).where(sql<SqlBool>`a.geom && ST_Transform(${envelope}, 4326)`).select([
		'a.id',
		'a.kind',
		sql<string>`CASE WHEN a.kind = 'structure_ess' THEN ${statusSql} ELSE 'autre' END`.as('status'),
		sql<number>`CASE WHEN a.tranche_effectifs IS NULL OR a.tranche_effectifs IN ('NN', '00') THEN 0
				WHEN a.tranche_effectifs IN ('01', '02', '03') THEN 1 WHEN a.tranche_effectifs IN ('11', '12') THEN 2 ELSE 3 END`.as('size'),
		sql<number>`CASE WHEN a.precision = 'commune' THEN 0 ELSE 1 END`.as('precise'),
		sql<number>`floor((ST_X(${mercator}) - ST_XMin(${envelope})) * ${TILE_EXTENT} / (ST_XMax(${envelope}) - ST_XMin(${envelope})))::int`.as(
			'px'
		),
		sql<number>`floor((ST_YMax(${envelope}) - ST_Y(${mercator})) * ${TILE_EXTENT} / (ST_YMax(${envelope}) - ST_YMin(${envelope})))::int`.as(
			'py'
		)
	]);
	const inside = sql`px >= 0 AND px < ${TILE_EXTENT} AND py >= 0 AND py < ${TILE_EXTENT}`;
	let query;
	if (z > CLUSTER_MAX_ZOOM) {
		query = sql<{ mvt: Uint8Array }>`WITH p AS (${points})
			SELECT ST_AsMVT(f, ${ACTOR_TILE_LAYER}, ${TILE_EXTENT}, 'g', 'fid') AS mvt
			FROM (SELECT id AS fid, id, kind, status, size, precise, ST_MakePoint(px, py) AS g FROM p WHERE ${inside}) f`;
	} else {
		// A cell holding one actor shows that actor; more make a cluster at their mean position.
		const counts = ACCOMPANIMENT_STATUSES.map((s) => sql`count(*) FILTER (WHERE status = ${s})::int AS ${sql.ref(s)}`);
		const mix = ACCOMPANIMENT_STATUSES.map((s) => sql`CASE WHEN n > 1 THEN ${sql.ref(s)} END AS ${sql.ref(s)}`);
		const single = ['id', 'kind', 'status', 'size', 'precise'].map((c) => sql`CASE WHEN n = 1 THEN ${sql.ref(c)} END AS ${sql.ref(c)}`);
		query = sql<{ mvt: Uint8Array }>`WITH p AS (${points}),
			c AS (
				SELECT count(*)::int AS n, min(id) AS id, min(kind) AS kind, min(status) AS status, min(size) AS size, min(precise) AS precise,
					${sql.join(counts)}, round(avg(px)) AS ax, round(avg(py)) AS ay
				FROM p WHERE ${inside} GROUP BY px / ${GRID_CELL}, py / ${GRID_CELL}
			)
			SELECT ST_AsMVT(f, ${ACTOR_TILE_LAYER}, ${TILE_EXTENT}, 'g', 'fid') AS mvt
			FROM (
				SELECT CASE WHEN n = 1 THEN id END AS fid, ${sql.join(single)},
					CASE WHEN n > 1 THEN true END AS cluster, CASE WHEN n > 1 THEN n END AS point_count,
					CASE WHEN n > 1 THEN (CASE WHEN n >= 10000 THEN round(n / 1000.0)::text || 'k' WHEN n >= 1000 THEN trim_scale(round(n / 1000.0, 1))::text || 'k' ELSE n::text END) END AS point_count_abbreviated,
					CASE WHEN n > 1 THEN ${Math.min(z + 2, CLUSTER_MAX_ZOOM + 1)}::int END AS expansion_zoom,
					${sql.join(mix)},
					ST_MakePoint(ax, ay) AS g
				FROM c
			) f`;
	}
	const { rows } = await query.execute(db);
	return rows[0]?.mvt ?? new Uint8Array();
}

async function memoryTile(
	db: Kysely<Database>,
	filter: ActorFilter,
	z: number,
	x: number,
	y: number,
	version: number
): Promise<Uint8Array> {
	const index = await cachesOf(db).indexes.at(version, filterKey(filter), async () => {
		const points = await actorPoints(db, filter);
		const features = points.id.map((id, i) => ({
			type: 'Feature' as const,
			id,
			geometry: { type: 'Point' as const, coordinates: [points.lon[i], points.lat[i]] },
			properties: {
				id,
				kind: points.kind[i],
				status: (points.kind[i] === 'structure_ess' ? points.status[i] : 'autre') as ActorTilePoint['status'],
				size: sizeClass(points.tranche[i]),
				precise: (points.precision[i] === 'commune' ? 0 : 1) as 0 | 1
			}
		}));
		return new Supercluster<ActorTilePoint, Record<AccompanimentStatus, number>>({
			radius: (CLUSTER_RADIUS_PX * TILE_EXTENT) / TILE_PIXELS,
			extent: TILE_EXTENT,
			maxZoom: CLUSTER_MAX_ZOOM,
			map: (p) => statusMix(p.status),
			reduce: (total, p) => {
				for (const s of ACCOMPANIMENT_STATUSES) total[s] += p[s];
			}
		}).load(features);
	});
	const tile = index.getTile(z, x, y);
	if (!tile) return new Uint8Array();
	// supercluster repeats features near the edges in the neighbouring tiles: keep each in its own tile.
	const features = tile.features.filter((f) => {
		const [[px, py]] = f.geometry as unknown as [[number, number]];
		return px >= 0 && px < TILE_EXTENT && py >= 0 && py < TILE_EXTENT;
	});
	for (const f of features) {
		const tags = f.tags as Record<string, unknown>;
		if (tags.cluster) {
			tags.expansion_zoom = index.getClusterExpansionZoom(tags.cluster_id as number);
			delete tags.cluster_id;
			delete f.id;
		}
	}
	if (!features.length) return new Uint8Array();
	return vtpbf.fromGeojsonVt({ [ACTOR_TILE_LAYER]: { features } } as never, { version: 2, extent: TILE_EXTENT });
}
