// The real server, on both backends: every dynamic response compressed (gzip and brotli decoded
// here), cacheable ones answered 304 while the data version holds and refreshed after a write, and
// the actors' vector tiles (decoded with @mapbox/vector-tile) adding up to what SQL, written here,
// counts for the same filter and tile.
import http from 'node:http';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tileBounds, tilesCovering } from '../../src/lib/domain/actor-tiles';
import { actorTileFeatures } from '../helpers/tiles';
import { BACKENDS } from '../helpers/backends';
import { login, startServer, type RunningServer } from '../helpers/server';

interface Raw {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
}
/** A GET through node:http, which (unlike fetch) leaves the body encoded as it came. */
function get(url: string, headers: Record<string, string> = {}): Promise<Raw> {
	return new Promise((resolve, reject) => {
		http
			.get(url, { headers }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
				res.on('error', reject);
			})
			.on('error', reject);
	});
}
function decoded(r: Raw): Buffer {
	const encoding = r.headers['content-encoding'];
	if (encoding === 'br') return zlib.brotliDecompressSync(r.body);
	if (encoding === 'gzip') return zlib.gunzipSync(r.body);
	return r.body;
}

const STATUSES = ['jamais', 'en_cours', 'accompagne', 'ancien', 'interrompu'];

describe.each(BACKENDS)('compression, ETags and tiles on %s', (backend) => {
	let server: RunningServer;
	let cookie: string;
	const auth = () => ({ cookie });
	beforeAll(async () => {
		server = await startServer(backend);
		cookie = await login(server);
	});
	afterAll(async () => server?.stop());

	it('compresses dynamic responses by Accept-Encoding (brotli first, gzip, none) and says it varies', async () => {
		const plain = await get(`${server.url}/api/actors/points`, auth());
		expect(plain.status).toBe(200);
		expect(plain.headers['content-encoding']).toBeUndefined();
		expect(plain.headers.vary).toMatch(/accept-encoding/i);
		const points = JSON.parse(plain.body.toString());
		expect(points.id.length).toBeGreaterThan(3000);

		const gz = await get(`${server.url}/api/actors/points`, { ...auth(), 'accept-encoding': 'gzip' });
		expect(gz.headers['content-encoding']).toBe('gzip');
		expect(gz.headers.vary).toMatch(/accept-encoding/i);
		expect(gz.headers['content-length']).toBeUndefined();
		expect(gz.body.length).toBeLessThan(plain.body.length / 3);
		expect(JSON.parse(decoded(gz).toString())).toEqual(points);

		const br = await get(`${server.url}/api/actors/points`, { ...auth(), 'accept-encoding': 'gzip, deflate, br' });
		expect(br.headers['content-encoding']).toBe('br');
		expect(JSON.parse(decoded(br).toString())).toEqual(points);
		// br refused: gzip.
		expect(
			(await get(`${server.url}/api/actors/points`, { ...auth(), 'accept-encoding': 'br;q=0, gzip' })).headers['content-encoding']
		).toBe('gzip');

		// Pages and other APIs too.
		const pageBr = await get(`${server.url}/`, { ...auth(), 'accept-encoding': 'br' });
		expect(pageBr.status).toBe(200);
		expect(pageBr.headers['content-encoding']).toBe('br');
		expect(decoded(pageBr).toString()).toMatch(/<html/);
		const territories = await get(`${server.url}/api/territories?level=commune`, { ...auth(), 'accept-encoding': 'gzip' });
		expect(territories.headers['content-encoding']).toBe('gzip');
		expect(JSON.parse(decoded(territories).toString()).features).toHaveLength(725);
	});

	it('answers 304 to a matching If-None-Match until a write moves the data version', async () => {
		const urls = [
			'/api/actors/points?zone=sud',
			'/api/actors/facets?zone=sud',
			'/api/gaps?level=epci',
			'/api/territories?level=epci',
			'/api/territories/stats?level=epci',
			'/tiles/actors/8/132/87.pbf?kind=structure_ess'
		];
		const etags: Record<string, string> = {};
		for (const url of urls) {
			const first = await get(`${server.url}${url}`, auth());
			expect(first.status, url).toBe(200);
			expect(first.headers.etag, url).toMatch(/^W\/"\d+-[\w-]+"$/);
			expect(first.headers['cache-control'], url).toBe('private, no-cache');
			etags[url] = first.headers.etag!;
			const again = await get(`${server.url}${url}`, { ...auth(), 'if-none-match': etags[url] });
			expect(again.status, url).toBe(304);
			expect(again.body.length).toBe(0);
			expect(again.headers.etag).toBe(etags[url]);
		}
		// Another query is another resource.
		expect(
			(await get(`${server.url}/api/actors/points?zone=nord`, { ...auth(), 'if-none-match': etags['/api/actors/points?zone=sud'] })).status
		).toBe(200);

		// A write (moving an actor) changes every tag, and the new content shows the change.
		const before = JSON.parse((await get(`${server.url}/api/actors/points?zone=sud`, auth())).body.toString());
		const id = before.id[0];
		const actor = await (await fetch(`${server.url}/api/actors/${id}`, { headers: auth() })).json();
		const patched = await fetch(`${server.url}/api/actors/${id}`, {
			method: 'PATCH',
			headers: { ...auth(), 'content-type': 'application/json', origin: server.url },
			body: JSON.stringify({ version: actor.version, changes: { lon: before.lon[0] + 0.01, lat: before.lat[0], precision: 'adresse' } })
		});
		expect(patched.status).toBe(200);
		for (const url of urls) {
			const after = await get(`${server.url}${url}`, { ...auth(), 'if-none-match': etags[url] });
			expect(after.status, url).toBe(200);
			expect(after.headers.etag).not.toBe(etags[url]);
		}
		const moved = JSON.parse((await get(`${server.url}/api/actors/points?zone=sud`, auth())).body.toString());
		expect(moved.lon[0]).toBeCloseTo(before.lon[0] + 0.01, 4);
	});

	it('serves vector tiles whose clusters and actors add up to what SQL counts for the same filter and tile', async () => {
		const moselle = [5.85, 48.5, 7.7, 49.55];
		const filters = ['', 'zone=sud&kind=structure_ess', 'statut=jamais,en_cours'];
		const sums: Record<string, { total: number; kinds: Record<string, number>; statuses: Record<string, number> }> = {};
		for (const filter of filters) {
			const sum = { total: 0, kinds: {} as Record<string, number>, statuses: Object.fromEntries(STATUSES.map((s) => [s, 0])) };
			let clusters = 0;
			for (const [x, y] of tilesCovering(8, moselle)) {
				const tile = await get(`${server.url}/tiles/actors/8/${x}/${y}.pbf?${filter}`, { ...auth(), 'accept-encoding': 'gzip' });
				expect(tile.status).toBe(200);
				expect(tile.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
				for (const f of actorTileFeatures(decoded(tile))) {
					const p = f.properties as Record<string, number | string | boolean>;
					if (p.point_count !== undefined) {
						clusters++;
						sum.total += Number(p.point_count);
						for (const s of STATUSES) sum.statuses[s] += Number(p[s]);
						expect(STATUSES.reduce((n, s) => n + Number(p[s]), 0)).toBeLessThanOrEqual(Number(p.point_count));
						expect(Number(p.expansion_zoom)).toBeGreaterThan(8);
						expect(f.id).toBeUndefined();
					} else {
						sum.total += 1;
						sum.kinds[p.kind as string] = (sum.kinds[p.kind as string] ?? 0) + 1;
						if (p.kind === 'structure_ess') sum.statuses[p.status as string] += 1;
						else expect(p.status).toBe('autre');
						expect(f.id).toBe(p.id);
					}
				}
			}
			expect(clusters, filter).toBeGreaterThan(0);
			sums[filter] = sum;
		}

		// At zoom 13 single actors, each with its id, kind, status, size and precision, in its own tile.
		const [z, x, y] = [13, 4236, 2809]; // Metz
		const metz = actorTileFeatures(decoded(await get(`${server.url}/tiles/actors/${z}/${x}/${y}.pbf`, auth())));
		expect(metz.length).toBeGreaterThan(5);
		expect(metz.every((f) => (f.properties as Record<string, unknown>).point_count === undefined)).toBe(true);
		const metzById = Object.fromEntries(metz.map((f) => [f.id, f.properties]));

		// SQL of the test's own, on the database the server used (the server stops on PGlite).
		const [w, s, e, n] = tileBounds(z, x, y);
		const counted = await server.withDatabase(async (db) => {
			const byKind = async (where: ReturnType<typeof sql>) =>
				Object.fromEntries(
					(
						await sql<{
							kind: string;
							n: number;
						}>`SELECT a.kind, count(*)::int AS n FROM actor a JOIN territory t ON t.level = 'commune' AND t.code = a.commune_code
						WHERE a.geom IS NOT NULL AND ${where} GROUP BY a.kind`.execute(db)
					).rows.map((r) => [r.kind, r.n])
				);
			const never = async (where: ReturnType<typeof sql>) =>
				(
					await sql<{
						n: number;
					}>`SELECT count(*)::int AS n FROM actor a JOIN territory t ON t.level = 'commune' AND t.code = a.commune_code
					WHERE a.geom IS NOT NULL AND a.kind = 'structure_ess' AND NOT EXISTS (SELECT 1 FROM accompaniment ac WHERE ac.actor_id = a.id) AND ${where}`.execute(
						db
					)
				).rows[0].n;
			const inMetz = (
				await sql<{ id: number; kind: string; precision: string }>`SELECT id, kind, precision FROM actor
				WHERE geom IS NOT NULL AND ST_X(geom) >= ${w} AND ST_X(geom) < ${e} AND ST_Y(geom) > ${s} AND ST_Y(geom) <= ${n} ORDER BY id`.execute(db)
			).rows;
			return {
				all: await byKind(sql`true`),
				allNever: await never(sql`true`),
				sud: await byKind(sql`t.zone_code = 'sud' AND a.kind = 'structure_ess'`),
				sudNever: await never(sql`t.zone_code = 'sud'`),
				inMetz
			};
		});
		const total = (kinds: Record<string, number>) => Object.values(kinds).reduce((a, b) => a + b, 0);
		expect(sums[''].total).toBe(total(counted.all));
		expect(sums[''].statuses.jamais).toBe(counted.allNever);
		expect(STATUSES.reduce((k, st) => k + sums[''].statuses[st], 0)).toBe(counted.all.structure_ess);
		expect(sums['zone=sud&kind=structure_ess'].total).toBe(counted.sud.structure_ess);
		expect(sums['zone=sud&kind=structure_ess'].statuses.jamais).toBe(counted.sudNever);
		// Only never-accompanied and ongoing structures (the filter lets other kinds through: they have no accompaniment).
		const chosen = sums['statut=jamais,en_cours'];
		expect(chosen.total).toBeLessThan(sums[''].total);
		expect(chosen.statuses.jamais).toBe(counted.allNever);
		expect(chosen.statuses.accompagne + chosen.statuses.ancien + chosen.statuses.interrompu).toBe(0);

		expect(
			Object.keys(metzById)
				.map(Number)
				.sort((a, b) => a - b)
		).toEqual(counted.inMetz.map((r) => r.id));
		for (const r of counted.inMetz) {
			expect(metzById[r.id].kind).toBe(r.kind);
			expect(metzById[r.id].precise).toBe(r.precision === 'commune' ? 0 : 1);
		}
	}, 240_000); // PGlite builds each filter's cluster index in memory on its first tile: a minute on a loaded machine
});
