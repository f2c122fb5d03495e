import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { importTerritories, type TerritoryImportReport } from '../../src/lib/server/territories/import';
import { territoryCollection, territoryFeature } from '../../src/lib/server/queries/territories';
import { BACKENDS, openTestDatabase } from '../helpers/backends';
import { testConfig } from '../helpers/config';

describe.each(BACKENDS)('territory import on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openTestDatabase>>;
	let first: TerritoryImportReport;

	beforeAll(async () => {
		handle = await openTestDatabase(backend);
		first = await importTerritories(handle.db, testConfig({ MAILLAGE_DEPARTEMENT: '57' }));
	});
	afterAll(async () => handle?.drop());

	it('imports Moselle: 725 communes, 23 EPCI, 5 arrondissements, 4 zones, 1 département', () => {
		expect(first.counts).toEqual({ commune: 725, epci: 23, arrondissement: 5, zone: 4, departement: 1 });
		expect(first.sources[0].verified).toBe(true);
	});

	it('gives every current commune a geometry, merging the polygons of communes nouvelles', async () => {
		expect(first.missing).toEqual([]);
		expect(first.unplaced).toEqual([]);
		expect(first.remapped).toContainEqual({ from: '57722', to: '57578', nom: 'Vionville' });
		const { rows } = await sql<{ n: number; invalid: number }>`
			SELECT count(*) FILTER (WHERE geom IS NULL) AS n, count(*) FILTER (WHERE NOT ST_IsValid(geom)) AS invalid
			FROM territory WHERE level = 'commune'`.execute(handle.db);
		expect(rows[0]).toEqual({ n: 0, invalid: 0 });
	});

	it('computes area, population and density that match the département', async () => {
		const dep = await handle.db.selectFrom('territory').selectAll().where('level', '=', 'departement').executeTakeFirstOrThrow();
		// Moselle: 6,216 km² (INSEE) and ≈ 1.05 M inhabitants.
		expect(dep.area_km2).toBeGreaterThan(6216 * 0.98);
		expect(dep.area_km2).toBeLessThan(6216 * 1.02);
		expect(dep.population).toBeGreaterThan(1_000_000);
		expect(dep.population).toBeLessThan(1_100_000);
		const { rows } = await sql<{ inside: number }>`
			SELECT count(*) AS inside FROM territory WHERE label_point IS NOT NULL AND ST_Intersects(label_point, geom)`.execute(handle.db);
		expect(rows[0].inside).toBe(725 + 23 + 5 + 4 + 1);
	});

	it('names an EPCI or a zone at its pole of inaccessibility: inside, and at least as far from the edge as the point on surface', async () => {
		for (const level of ['epci', 'zone'] as const) {
			const fc = JSON.parse(await territoryCollection(handle.db, level, '57')) as {
				features: { id: string; properties: { label: [number, number] } }[];
			};
			expect(fc.features).toHaveLength(level === 'epci' ? 23 : 4);
			const points = fc.features.map((f) => ({ code: f.id, lon: f.properties.label[0], lat: f.properties.label[1] }));
			const { rows } = await sql<{ code: string; inside: boolean; room: number; surface_room: number }>`
				SELECT t.code, ST_Intersects(p.geom, t.geom) AS inside,
					ST_Distance(p.geom, ST_Boundary(t.geom)) AS room, ST_Distance(t.label_point, ST_Boundary(t.geom)) AS surface_room
				FROM json_to_recordset(${JSON.stringify(points)}::json) AS l(code text, lon float8, lat float8)
				CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(l.lon, l.lat), 4326) AS geom) p
				JOIN territory t ON t.level = ${level} AND t.code = l.code`.execute(handle.db);
			expect(rows.filter((r) => !r.inside)).toEqual([]);
			// (GEOS finds the pole to a thousandth of the shape's extent: 0.001° of slack, ≈ 100 m.)
			expect(rows.filter((r) => r.room < r.surface_room - 1e-3)).toEqual([]);
		}
	});

	it('maps the EPCI onto the four strategic zones of the DLA', async () => {
		const zones = await handle.db.selectFrom('territory').select(['code', 'details']).where('level', '=', 'zone').orderBy('code').execute();
		expect(zones.map((z) => [z.code, z.details.epci_codes?.length])).toEqual([
			['est', 8],
			['metz', 6],
			['nord', 6],
			['sud', 3]
		]);
		const saulnois = await territoryFeature(handle.db, 'epci', '245701206');
		expect(saulnois?.properties).toMatchObject({ nom: 'CC du Saulnois', zone: 'sud', level: 'epci' });
		expect((saulnois?.properties.members as unknown[]).length).toBe(128);
	});

	it('keeps the full member list of an EPCI seated outside, with a flag', async () => {
		const mad = await territoryFeature(handle.db, 'epci', '200070738');
		const members = mad?.properties.members as { in_departement: boolean }[];
		expect(mad?.properties.has_outside_members).toBe(true);
		expect(members.length).toBe(47);
		expect(members.filter((m) => !m.in_departement).length).toBe(40);
	});

	it('serves a GeoJSON FeatureCollection per level', async () => {
		const fc = JSON.parse(await territoryCollection(handle.db, 'commune', '57'));
		expect(fc.type).toBe('FeatureCollection');
		expect(fc.features.length).toBe(725);
		const metz = fc.features.find((f: { properties: { code: string } }) => f.properties.code === '57463');
		expect(metz.properties).toMatchObject({ nom: 'Metz', level: 'commune', epci: '200039865', arrondissement: '579', zone: 'metz' });
		expect(metz.properties.population).toBeGreaterThan(110_000);
		expect(metz.properties.density).toBeCloseTo(metz.properties.population / metz.properties.area_km2, 0);
	});

	it('is idempotent: a second import changes nothing', async () => {
		const before = await sql<{ updated: string }>`SELECT max(updated_at)::text AS updated FROM territory`.execute(handle.db);
		const second = await importTerritories(handle.db, testConfig({ MAILLAGE_DEPARTEMENT: '57' }));
		expect(second.changed).toEqual({ commune: 0, epci: 0, arrondissement: 0, zone: 0, departement: 0 });
		expect(second.counts).toEqual(first.counts);
		const after = await sql<{ updated: string }>`SELECT max(updated_at)::text AS updated FROM territory`.execute(handle.db);
		expect(after.rows[0].updated).toBe(before.rows[0].updated);
	});
});

describe.each(BACKENDS)('another département by configuration (54) on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openTestDatabase>>;
	beforeAll(async () => {
		handle = await openTestDatabase(backend);
	});
	afterAll(async () => handle?.drop());

	it('imports Meurthe-et-Moselle with one zone per arrondissement', async () => {
		const report = await importTerritories(handle.db, testConfig({ MAILLAGE_DEPARTEMENT: '54' }));
		expect(report.counts.commune).toBe(591);
		expect(report.counts.epci).toBeGreaterThanOrEqual(17);
		expect(report.counts.arrondissement).toBe(4);
		expect(report.counts.zone).toBe(4);
		expect(report.missing).toEqual([]);
		expect(report.remapped).toContainEqual(expect.objectContaining({ from: '54506', to: '54557' }));
		expect(report.zoneSource).toMatch(/arrondissement/);
	});

	it('refuses a département whose boundary file is absent from the mirror, saying where it looked', async () => {
		await expect(importTerritories(handle.db, testConfig({ MAILLAGE_DEPARTEMENT: '67' }))).rejects.toThrow(
			/departements\/67-bas-rhin\/communes-67-bas-rhin\.geojson/
		);
	});
});
