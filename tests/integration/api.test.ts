// The JSON API, through the real built server, on each backend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends';
import { login, startServer, type RunningServer } from '../helpers/server';

describe.each(BACKENDS)('API on %s', (backend) => {
	let server: RunningServer;
	let headers: Record<string, string>;
	beforeAll(async () => {
		server = await startServer(backend);
		headers = { cookie: await login(server) };
	});
	afterAll(async () => server?.stop());

	it('answers 401 to an API call without a session, and sends a page visitor to the login form', async () => {
		const api = await fetch(`${server.url}/api/territories?level=zone`);
		expect(api.status).toBe(401);
		expect(await api.json()).toMatchObject({ error: { message: 'Connexion requise' } });
		const page = await fetch(`${server.url}/?t=zone:est`, { redirect: 'manual' });
		expect(page.status).toBe(303);
		expect(page.headers.get('location')).toBe('/login?suite=%2F%3Ft%3Dzone%3Aest');
	});

	it('GET /api/health reports the backend, the migration and the counts per level', async () => {
		const response = await fetch(`${server.url}/api/health`);
		expect(response.status).toBe(200);
		const body = await response.json();
		expect(body).toMatchObject({
			status: 'ok',
			backend,
			migration: expect.stringMatching(/^\d{4}_/),
			departement: '57',
			counts: { commune: 725, epci: 23, arrondissement: 5, zone: 4, departement: 1 }
		});
	});

	it('GET /api/territories?level=epci returns a GeoJSON FeatureCollection with the documented properties', async () => {
		const response = await fetch(`${server.url}/api/territories?level=epci`, { headers });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/geo\+json/);
		const fc = await response.json();
		expect(fc.type).toBe('FeatureCollection');
		expect(fc.features).toHaveLength(23);
		for (const f of fc.features) {
			expect(f.geometry.type).toBe('MultiPolygon');
			expect(Object.keys(f.properties)).toEqual(
				expect.arrayContaining(['code', 'nom', 'level', 'population', 'area_km2', 'density', 'zone'])
			);
		}
	});

	it('GET /api/territories/{level}/{code} returns one territory with members and parents', async () => {
		const response = await fetch(`${server.url}/api/territories/zone/sud`, { headers });
		expect(response.status).toBe(200);
		const feature = await response.json();
		expect(feature.properties).toMatchObject({ code: 'sud', nom: 'Sud', level: 'zone' });
		const epcis = feature.properties.members.filter((m: { level: string }) => m.level === 'epci').map((m: { nom: string }) => m.nom);
		expect(epcis).toEqual(['CC du Pays de Phalsbourg', 'CC du Saulnois', 'CC Sarrebourg Moselle Sud']);
		const commune = await (await fetch(`${server.url}/api/territories/commune/57630`, { headers })).json();
		expect(commune.properties.nom).toBe('Sarrebourg');
		expect(commune.properties.parents.map((p: { level: string; code: string }) => `${p.level}:${p.code}`)).toEqual([
			'epci:200068146',
			'arrondissement:575',
			'zone:sud',
			'departement:57'
		]);
	});

	it('answers 400 for an unknown level and 404 for an unknown code, with a JSON message', async () => {
		const bad = await fetch(`${server.url}/api/territories?level=canton`, { headers });
		expect(bad.status).toBe(400);
		expect(await bad.json()).toMatchObject({ error: { field: 'level', message: expect.stringContaining('niveau inconnu') } });
		const badPath = await fetch(`${server.url}/api/territories/region/44`, { headers });
		expect(badPath.status).toBe(400);
		const missing = await fetch(`${server.url}/api/territories/commune/99999`, { headers });
		expect(missing.status).toBe(404);
		expect(await missing.json()).toMatchObject({ error: { field: 'code' } });
	});

	it('edits an actor through the shared schema, refuses a stale version (409) and bad values (400)', async () => {
		const list = await (await fetch(`${server.url}/api/actors?kind=structure_ess&par=1`, { headers })).json();
		const id = list.rows[0].id;
		const before = await (await fetch(`${server.url}/api/actors/${id}`, { headers })).json();
		const patch = (body: unknown) =>
			fetch(`${server.url}/api/actors/${id}`, {
				method: 'PATCH',
				headers: { ...headers, 'content-type': 'application/json', origin: server.url },
				body: JSON.stringify(body)
			});
		const evil = `<script>alert(1)</script> Robert'); DROP TABLE actor;--`;
		const ok = await patch({ version: before.version, changes: { nom: evil, tags: ['prioritaire'] } });
		expect(ok.status).toBe(200);
		const saved = await ok.json();
		expect(saved.version).toBe(before.version + 1);
		const after = await (await fetch(`${server.url}/api/actors/${id}`, { headers })).json();
		expect(after.nom).toBe(evil);
		expect(after.tags).toEqual(['prioritaire']);

		const stale = await patch({ version: before.version, changes: { nom: 'Autre nom' } });
		expect(stale.status).toBe(409);
		expect((await stale.json()).error.message).toMatch(/modifiée entre-temps/);

		const bad = await patch({ version: saved.version, changes: { siret: '12345678901234' } });
		expect(bad.status).toBe(400);
		expect((await bad.json()).error.field).toBe('siret');
		const notEditable = await patch({ version: saved.version, changes: { source: 'sirene' } });
		expect(notEditable.status).toBe(400);
		expect((await (await fetch(`${server.url}/api/health`)).json()).status).toBe('ok');
	});

	it('POST /api/trips/optimize plans a day of visits from the office, and explains bad input', async () => {
		const post = (body: unknown) =>
			fetch(`${server.url}/api/trips/optimize`, {
				method: 'POST',
				headers: { ...headers, 'content-type': 'application/json', origin: server.url },
				body: JSON.stringify(body)
			});
		const ok = await post({
			start: [6.1727, 49.1197],
			stops: [
				{ id: 'sarrebourg', lon: 7.054, lat: 48.735 },
				{ id: 'chateau-salins', lon: 6.513, lat: 48.819, window: ['14:00', '16:00'] },
				{ id: 'dieuze', lon: 6.72, lat: 48.81 }
			]
		});
		expect(ok.status).toBe(200);
		const plan = await ok.json();
		expect([...plan.order].sort()).toEqual(['chateau-salins', 'dieuze', 'sarrebourg']);
		expect(plan.unplanned).toEqual([]);
		const visit = plan.schedule.find((s: { id: string }) => s.id === 'chateau-salins');
		expect(visit.arrive >= '14:00' && visit.arrive <= '16:00').toBe(true);
		expect(plan.legs[0].from).toBe('start');
		expect(plan.total_km).toBeGreaterThan(100);

		const bad = await post({ start: [6.17, 49.12], stops: [{ id: 'x', lon: 200, lat: 49 }], day: { start: '9h', end: '17:30' } });
		expect(bad.status).toBe(400);
		const body = await bad.json();
		expect(body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['stops.0.lon']));
		expect((await post({ start: [6.17, 49.12], stops: [] })).status).toBe(400);
	});
	it('GET /api/gaps ranks territories by gap score, splits by sector, exports the same rows as CSV, and explains bad parameters', async () => {
		const response = await fetch(`${server.url}/api/gaps?level=epci&from=2024&to=2026`, { headers });
		expect(response.status).toBe(200);
		const body = await response.json();
		expect(body.query).toMatchObject({ level: 'epci', by: 'territory', from: 2024, to: 2026 });
		expect(body.rows).toHaveLength(23);
		const scores = body.rows.map((r: { score: number }) => r.score);
		expect(scores).toEqual([...scores].sort((a, b) => b - a));
		expect(body.rows[0]).toMatchObject({ rank: 1, level: 'epci', reference: { structures: expect.any(Number) } });
		expect(Object.keys(body.rows[0])).toEqual(
			expect.arrayContaining(['code', 'nom', 'structures', 'accompanied', 'rate', 'structures_per_10k', 'expected', 'missing', 'score'])
		);

		const matrix = await (await fetch(`${server.url}/api/gaps?level=epci&by=sector&zone=est,sud`, { headers })).json();
		expect(matrix.rows.length).toBeGreaterThan(23);
		expect(matrix.rows.every((r: { sector: string | null }) => r.sector !== null)).toBe(true);

		const csv = await fetch(`${server.url}/api/gaps/export?level=epci&from=2024&to=2026`, { headers });
		expect(csv.headers.get('content-type')).toContain('text/csv');
		const lines = (await csv.text())
			.replace(/^\uFEFF/, '')
			.trim()
			.split('\r\n');
		expect(lines[0]).toMatch(/^Rang;Code;Territoire;/);
		expect(lines).toHaveLength(24);
		expect(lines[1].split(';').slice(0, 2)).toEqual(['1', body.rows[0].code]);

		for (const [query, message] of [
			['level=canton', /level/],
			['level=epci&from=2026&to=2024', /from/],
			['level=epci&sector=piraterie', /secteur inconnu/],
			['level=arrondissement&zone=est', /zone/],
			['level=epci&niveau=epci', /paramètre inconnu : niveau/],
			['level=epci&from=20x4', /from/]
		] as const) {
			const bad = await fetch(`${server.url}/api/gaps?${query}`, { headers });
			expect(bad.status, query).toBe(400);
			expect((await bad.json()).error.message, query).toMatch(message);
		}
		expect((await fetch(`${server.url}/api/gaps?level=epci`)).status).toBe(401);
	});
});
