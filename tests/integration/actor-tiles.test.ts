// Actor tiles by each method on the same data (PGlite: the in-memory index, its PostGIS has no
// ST_AsMVT; PostgreSQL: ST_AsMVT and the in-memory index), decoded with @mapbox/vector-tile and
// checked against SQL written here for the same filter and tile.
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tileBounds, tilesCovering } from '../../src/lib/domain/actor-tiles';
import { parseActorFilter } from '../../src/lib/schemas/actor-filter';
import type { Database } from '../../src/lib/server/db/schema';
import { loadDemo } from '../../src/lib/server/demo/load';
import { syncNafSectors } from '../../src/lib/server/queries/actors';
import { sectorDivisions } from '../../src/lib/server/reference';
import { importTerritories } from '../../src/lib/server/territories/import';
import { actorTileBy } from '../../src/lib/server/tiles/actor-tiles';
import { actorTileFeatures } from '../helpers/tiles';
import { BACKENDS, openTestDatabase } from '../helpers/backends';
import { testConfig } from '../helpers/config';

const STATUSES = ['jamais', 'en_cours', 'accompagne', 'ancien', 'interrompu'] as const;
const filterOf = (query: string) => {
	const parsed = parseActorFilter(new URLSearchParams(query));
	if (!parsed.success) throw parsed.error;
	return parsed.data;
};
const MOSELLE = [5.85, 48.5, 7.7, 49.55];

/** Actors in the tiles covering Moselle at zoom z: clusters count their members. */
async function tally(db: Kysely<Database>, method: 'sql' | 'memory', query: string, z: number) {
	const sum = { total: 0, clusters: 0, statuses: Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<string, number> };
	for (const [x, y] of tilesCovering(z, MOSELLE)) {
		for (const f of actorTileFeatures(await actorTileBy(method, db, filterOf(query), z, x, y))) {
			const p = f.properties as Record<string, number | string | boolean>;
			if (p.point_count !== undefined) {
				sum.clusters++;
				sum.total += Number(p.point_count);
				for (const s of STATUSES) sum.statuses[s] += Number(p[s]);
			} else {
				sum.total++;
				if (p.kind === 'structure_ess') sum.statuses[p.status as string]++;
				expect(f.id).toBe(p.id);
			}
		}
	}
	return sum;
}

describe.each(BACKENDS)('actor tiles on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openTestDatabase>>;
	const methods = backend === 'postgresql' ? (['sql', 'memory'] as const) : (['memory'] as const);
	beforeAll(async () => {
		handle = await openTestDatabase(backend);
		await importTerritories(handle.db, testConfig());
		await syncNafSectors(handle.db, await sectorDivisions('data'));
		await loadDemo(handle.db, '57', new Date(), 57, { structures: 1200, initiatives: 60, accompaniments: 400 });
	});
	afterAll(async () => handle?.drop());

	const count = async (where: ReturnType<typeof sql>) =>
		(
			await sql<{ n: number }>`SELECT count(*)::int AS n FROM actor a JOIN territory t ON t.level = 'commune' AND t.code = a.commune_code
			WHERE a.geom IS NOT NULL AND ${where}`.execute(handle.db)
		).rows[0].n;
	const never = sql`a.kind = 'structure_ess' AND NOT EXISTS (SELECT 1 FROM accompaniment ac WHERE ac.actor_id = a.id)`;

	it.each(methods)('clusters by %s keep every filtered actor once, with the status mix', async (method) => {
		for (const z of [7, 9, 11]) {
			const all = await tally(handle.db, method, '', z);
			expect(all.clusters, `z${z}`).toBeGreaterThan(0);
			expect(all.total, `z${z}`).toBe(await count(sql`true`));
			expect(all.statuses.jamais, `z${z}`).toBe(await count(never));
			expect(STATUSES.reduce((n, s) => n + all.statuses[s], 0)).toBe(await count(sql`a.kind = 'structure_ess'`));
		}
		const sud = await tally(handle.db, method, 'zone=sud&kind=structure_ess', 9);
		expect(sud.total).toBe(await count(sql`t.zone_code = 'sud' AND a.kind = 'structure_ess'`));
		expect(sud.statuses.jamais).toBe(await count(sql`t.zone_code = 'sud' AND ${never}`));
	});

	it.each(methods)('beyond zoom 11, by %s, a tile holds exactly the actors inside it, each with its properties', async (method) => {
		const [z, x, y] = [13, 4236, 2809]; // Metz
		const features = actorTileFeatures(await actorTileBy(method, handle.db, filterOf(''), z, x, y));
		const [w, s, e, n] = tileBounds(z, x, y);
		const expected = (
			await sql<{ id: number; kind: string; precision: string }>`SELECT id, kind, precision FROM actor
			WHERE geom IS NOT NULL AND ST_X(geom) >= ${w} AND ST_X(geom) < ${e} AND ST_Y(geom) > ${s} AND ST_Y(geom) <= ${n} ORDER BY id`.execute(
				handle.db
			)
		).rows;
		expect(expected.length).toBeGreaterThan(3);
		expect(features.map((f) => f.id).sort((a, b) => Number(a) - Number(b))).toEqual(expected.map((r) => r.id));
		const byId = new Map(features.map((f) => [f.id, f.properties]));
		for (const r of expected) {
			expect(byId.get(r.id)!.kind).toBe(r.kind);
			expect(byId.get(r.id)!.precise).toBe(r.precision === 'commune' ? 0 : 1);
			expect(byId.get(r.id)!.point_count).toBeUndefined();
		}
		// Geometry: each feature decodes back inside its tile, near its actor.
		const point = features[0].toGeoJSON(x, y, z).geometry as import('geojson').Point;
		const row = (
			await sql<{ lon: number; lat: number }>`SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM actor WHERE id = ${features[0].id}`.execute(
				handle.db
			)
		).rows[0];
		expect(point.coordinates[0]).toBeCloseTo(row.lon, 3);
		expect(point.coordinates[1]).toBeCloseTo(row.lat, 3);
	});

	it('follows the data: a write gives new tiles', async () => {
		const [z, x, y] = [13, 4236, 2809];
		const before = actorTileFeatures(await actorTileBy(methods[0], handle.db, filterOf(''), z, x, y)).length;
		const victim = actorTileFeatures(await actorTileBy(methods[0], handle.db, filterOf(''), z, x, y))[0].id as number;
		await handle.db
			.updateTable('actor')
			.set({ geom: sql`ST_SetSRID(ST_MakePoint(7.5, 49.0), 4326)` })
			.where('id', '=', victim)
			.execute();
		expect(actorTileFeatures(await actorTileBy(methods[0], handle.db, filterOf(''), z, x, y)).length).toBe(before - 1);
	});
});
