// A realistic trip day against each backend: the trips list, the trip page and the roadmap count
// the same planned visits and stops to plan; nights in the best town near the stops; real road
// times from an OSRM-compatible service (a small stub HTTP server started here, speaking the OSRM
// API), and the estimate when the service fails or is too slow, with why.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRoadmap, roadmapCounts } from '../../src/lib/domain/trips/roadmap';
import { tripSettings } from '../../src/lib/domain/trips/settings';
import { tripCreateSchema } from '../../src/lib/schemas/trip';
import { upsertActors } from '../../src/lib/server/queries/actors';
import { createTrip, getTrip, listTrips, optimizeTrip } from '../../src/lib/server/queries/trips';
import { BACKENDS, openSeededTestDatabase } from '../helpers/backends';
import { actorFixture, actorIdsBySourceId } from '../helpers/fixtures';

const BASE = { label: 'COJEP, Metz', lon: 6.1727, lat: 49.1197 };
const WHO = { id: 0, email: 'cm@maillage.test' };
const actor = actorFixture((n) => ({ adresse: `${n} rue de la Sarre`, code_postal: '57200' }));
const settings = (over: Record<string, unknown> = {}) =>
	tripSettings(tripCreateSchema.parse({ name: 'Sarreguemines — sport', date_start: '2026-12-01', ...over }), BASE);

/** Fifteen structures in and around Sarreguemines (57631), 65 km east of Metz. */
const SARREGUEMINES = Array.from({ length: 15 }, (_, i) => ({
	n: i + 1,
	lon: 7.05 + (i % 5) * 0.01,
	lat: 49.1 + Math.floor(i / 5) * 0.008
}));

/**
 * An OSRM stand-in on a local port: `table` answers 12 minutes and 9 km between any two distinct
 * points, `route` the points themselves as the line. `mode` makes it fail or hang.
 */
function osrmStub() {
	const state = { mode: 'ok' as 'ok' | 'error' | 'slow', requests: [] as string[] };
	const server = http.createServer((req, res) => {
		state.requests.push(req.url ?? '');
		const url = new URL(req.url ?? '/', 'http://stub');
		const match = /^\/(table|route)\/v1\/driving\/(.+)$/.exec(url.pathname);
		if (state.mode === 'slow') return void setTimeout(() => res.end('{}'), 3000);
		res.setHeader('content-type', 'application/json');
		if (!match || state.mode === 'error') {
			res.statusCode = 400;
			return void res.end(JSON.stringify({ code: 'InvalidQuery', message: 'Query string malformed' }));
		}
		const points = decodeURIComponent(match[2])
			.split(';')
			.map((p) => p.split(',').map(Number));
		if (match[1] === 'table') {
			const square = (value: number) => points.map((_, i) => points.map((__, j) => (i === j ? 0 : value)));
			return void res.end(JSON.stringify({ code: 'Ok', durations: square(720), distances: square(9000) }));
		}
		res.end(JSON.stringify({ code: 'Ok', routes: [{ geometry: { type: 'LineString', coordinates: points }, distance: 1, duration: 1 }] }));
	});
	return { server, state };
}

describe.each(BACKENDS)('a realistic trip day on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openSeededTestDatabase>>;
	let actorIds: number[];
	beforeAll(async () => {
		handle = await openSeededTestDatabase(backend, { territories: true });
		await upsertActors(
			handle.db,
			SARREGUEMINES.map((s) =>
				actor(s.n, { nom: `Club sportif ${s.n}`, commune_code: '57631', lon: s.lon, lat: s.lat, precision: 'adresse' })
			)
		);
		const bySource = await actorIdsBySourceId(handle.db);
		actorIds = SARREGUEMINES.map((s) => bySource[`t${s.n}`]);
	});
	afterAll(async () => handle?.drop());

	it('counts the same planned visits and stops to plan in the list, the trip page and the roadmap', async () => {
		// One day for fifteen one-hour visits 65 km away: some fit, the others wait for another day.
		const id = await createTrip(handle.db, settings({ lunch_start: '11:45', lunch_end: '14:00' }), actorIds, WHO);
		const trip = (await getTrip(handle.db, id))!;
		const counts = roadmapCounts(buildRoadmap(trip.plan, trip.stops, trip));
		expect(counts.planned).toBe(trip.plan!.schedule.length);
		expect(counts.planned).toBeGreaterThanOrEqual(5);
		expect(counts.planned + counts.to_plan).toBe(15);
		expect(counts.to_plan).toBeGreaterThan(0);
		const listed = (await listTrips(handle.db)).find((t) => t.id === id)!;
		expect(listed).toMatchObject({ stops: 15, planned: counts.planned, to_plan: counts.to_plan });
		// A flexible lunch: no visit waits for a lunch slot.
		expect(trip.plan!.schedule.every((v) => v.wait_min === 0)).toBe(true);
		expect(trip.plan!.days[0].lunch).not.toBeNull();
	});

	it('sleeps in the best town near the stops on a trip of three days, and compares with coming home', async () => {
		const id = await createTrip(handle.db, settings({ date_end: '2026-12-03', overnight: 'meilleure_commune' }), actorIds, WHO);
		const trip = (await getTrip(handle.db, id))!;
		const plan = trip.plan!;
		expect(trip.overnight).toBe('meilleure_commune');
		expect(plan.overnight).not.toBeNull();
		expect(plan.overnight!.without.nights).toBe(0);
		if (plan.overnight!.chosen) {
			expect(plan.overnight!.with.nights).toBe(plan.days.length - 1);
			for (const day of plan.days.slice(0, -1)) expect(day.night!.label.length).toBeGreaterThan(1);
			expect(plan.days.at(-1)!.night).toBeNull();
		}
		expect(plan.schedule.length).toBe(15);
		const listed = (await listTrips(handle.db)).find((t) => t.id === id)!;
		expect(listed).toMatchObject({ planned: 15, to_plan: 0 });
	});

	describe('with a routing service', () => {
		const { server, state } = osrmStub();
		beforeAll(async () => {
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			process.env.MAILLAGE_ROUTING_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
			process.env.MAILLAGE_ROUTING_TIMEOUT_MS = '1000';
		});
		afterAll(async () => {
			delete process.env.MAILLAGE_ROUTING_URL;
			delete process.env.MAILLAGE_ROUTING_TIMEOUT_MS;
			await new Promise((resolve) => server.close(resolve));
		});

		it('plans on the service’s road times and draws its route lines', async () => {
			state.mode = 'ok';
			state.requests.length = 0;
			const id = await createTrip(handle.db, settings(), actorIds.slice(0, 4), WHO);
			const plan = (await getTrip(handle.db, id))!.plan!;
			expect(plan.routing).toEqual({ source: 'service', problem: null });
			for (const leg of plan.legs) expect(leg).toMatchObject({ min: 12, km: 9 });
			expect(plan.days[0].geometry).toHaveLength(6);
			expect(state.requests.some((r) => r.startsWith('/table/v1/driving/'))).toBe(true);
			expect(state.requests.some((r) => r.startsWith('/route/v1/driving/'))).toBe(true);
		});

		it('falls back to the estimate, and says why, when the service errs or is too slow', async () => {
			const id = await createTrip(handle.db, settings(), actorIds.slice(0, 4), WHO);
			state.mode = 'error';
			let plan = (await optimizeTrip(handle.db, id, WHO))!;
			expect(plan.routing).toEqual({ source: 'estimate', problem: 'service d’itinéraires erreur InvalidQuery : Query string malformed' });
			expect(plan.legs.some((leg) => leg.min !== 12)).toBe(true);
			expect(plan.days[0].geometry).toBeUndefined();
			state.mode = 'slow';
			plan = (await optimizeTrip(handle.db, id, WHO))!;
			expect(plan.routing).toEqual({ source: 'estimate', problem: 'service d’itinéraires pas de réponse en 1 s' });
			expect(plan.schedule).toHaveLength(4);
		});
	});
});
