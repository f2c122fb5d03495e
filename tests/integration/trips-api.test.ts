// The trip endpoints through the built server, on each backend: a trip from an explorer filter (a
// gap link), bad input answered with the field in French, reordering, exports, the visit report,
// suggestions, and a reader kept to reading (403 on every trip mutation, no personal data).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends';
import { login, readerSession, startServer, type RunningServer } from '../helpers/server';

const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

describe.each(BACKENDS)('trip API on %s', (backend) => {
	let server: RunningServer;
	let admin: string;
	let reader: string;
	let filter: string;
	let tripId: number;

	const call = (method: string, path: string, cookie: string, body?: unknown) =>
		fetch(`${server.url}${path}`, {
			method,
			redirect: 'manual',
			headers: { cookie, origin: server.url, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
		});

	beforeAll(async () => {
		server = await startServer(backend);
		admin = await login(server);
		reader = await readerSession(server, admin);
		// A gap-like filter: never-accompanied structures of one EPCI of the Sud zone, 3 to 60 of them.
		const facets = await (await call('GET', '/api/actors/facets?kind=structure_ess&statut=jamais&zone=sud', admin)).json();
		const [epci] = Object.entries(facets.facets.epci as Record<string, number>)
			.filter(([, n]) => n >= 3 && n <= 60)
			.sort((a, b) => a[1] - b[1]);
		filter = `kind=structure_ess&statut=jamais&epci=${epci[0]}`;
	});
	afterAll(async () => server?.stop());

	it('refuses bad input with a French message naming the field', async () => {
		const cases: [unknown, string, RegExp][] = [
			[{ date_start: '2026-12-01' }, 'name', /nom de la tournée obligatoire/],
			[{ name: 'T', date_start: '31/02/2026' }, 'date_start', /date de début/],
			[{ name: 'T', date_start: '2026-12-02', date_end: '2026-12-01' }, 'date_end', /avant la date de début/],
			[{ name: 'T', date_start: '2026-12-01', lunch_start: '12:00', lunch_end: '25h' }, 'lunch_end', /heure illisible/],
			[{ name: 'T', date_start: '2026-12-01', lunch_start: '07:00', lunch_end: '08:00' }, 'lunch_start', /hors de la journée/],
			[{ name: 'T', date_start: '2026-12-01', actor_ids: ['abc'] }, 'actor_ids', /nombre attendu/],
			[{ name: 'T', date_start: '2026-12-01', actor_ids: [999999] }, 'actor_ids', /inconnu/],
			[{ name: 'T', date_start: '2026-12-01', filtre: 'zone=sud&statut=jamais' }, 'filtre', /structures correspondent, 60 au plus/],
			[{ name: 'T', date_start: '2026-12-01', filtre: 'statut=pirate' }, 'filtre', /filtre : statut/]
		];
		for (const [body, field, message] of cases) {
			const response = await call('POST', '/api/trips', admin, body);
			const error = (await response.json()).error;
			expect({ status: response.status, field: error.field }).toEqual({ status: 400, field });
			expect(error.message).toMatch(message);
		}
		expect((await call('POST', '/api/trips', admin, 'pas du JSON')).status).toBe(400);
	});

	it('creates a trip from a gap filter, optimised, and reorders it with times recomputed', async () => {
		const created = await call('POST', '/api/trips', admin, {
			name: 'Jamais accompagnées',
			date_start: '2026-12-01',
			date_end: '2026-12-03',
			filtre: filter
		});
		expect(created.status).toBe(201);
		({ id: tripId } = await created.json());
		const list = await (await call('GET', `/api/actors?${filter}&par=100`, admin)).json();
		const trip = await (await call('GET', `/api/trips/${tripId}`, admin)).json();
		expect(trip.stops.map((s: { actor_id: number }) => s.actor_id).sort()).toEqual(list.rows.map((r: { id: number }) => r.id).sort());
		expect(trip.stops.every((s: { dla_status: string }) => s.dla_status === 'jamais')).toBe(true);
		expect(trip.plan.order.length + trip.plan.unplanned.length).toBe(list.total);
		const day1: number[] = trip.stops.filter((s: { day: number }) => s.day === trip.plan.days[0].day).map((s: { id: number }) => s.id);
		expect(day1.length).toBeGreaterThan(1);
		const swapped = [day1[1], day1[0], ...day1.slice(2)];
		const others = trip.plan.days.slice(1).map((d: { order: string[] }) => d.order.map(Number));
		const reordered = await call('PUT', `/api/trips/${tripId}/order`, admin, { days: [swapped, ...others] });
		expect(reordered.status).toBe(200);
		const plan = await reordered.json();
		expect(plan.days[0].order.slice(0, 2)).toEqual(swapped.slice(0, 2).map(String));
		expect(plan.schedule[0].id).toBe(String(swapped[0]));

		const bad = await call('PUT', `/api/trips/${tripId}/order`, admin, { days: [[swapped[0], swapped[0]]] });
		expect(bad.status).toBe(400);
		expect((await bad.json()).error.message).toMatch(/apparaît deux fois/);
		const foreign = await call('PUT', `/api/trips/${tripId}/order`, admin, { days: [[123456789]] });
		expect((await foreign.json()).error).toMatchObject({ field: 'days', message: expect.stringMatching(/absent/) });
		const duration = await call('PATCH', `/api/trips/${tripId}/stops/${swapped[0]}`, admin, { duration_min: 2000 });
		expect((await duration.json()).error).toMatchObject({ field: 'duration_min', message: expect.stringMatching(/720/) });
		const window = await call('PATCH', `/api/trips/${tripId}/stops/${swapped[0]}`, admin, {
			duration_min: 45,
			window_start: '14:00',
			window_end: '10:00'
		});
		expect((await window.json()).error.field).toBe('window_end');
		expect((await call('POST', `/api/trips/${tripId}/optimize`, admin)).status).toBe(200);
		expect((await call('GET', '/api/trips/999999', admin)).status).toBe(404);
		expect((await call('GET', '/api/trips/abc', admin)).status).toBe(400);
	});

	it('creates a trip through the /trips form (an actor from its panel) and shows the form’s error on bad input', async () => {
		const post = (body: URLSearchParams) =>
			fetch(`${server.url}/trips?/create`, {
				method: 'POST',
				redirect: 'manual',
				headers: { ...FORM, origin: server.url, cookie: admin },
				body
			});
		const actorId = (await (await call('GET', `/api/actors?${filter}&par=1`, admin)).json()).rows[0].id;
		const created = await post(
			new URLSearchParams({
				name: 'Une visite',
				date_start: '2026-12-04',
				day_start: '09:00',
				day_end: '17:30',
				lunch_start: '12:00',
				lunch_end: '13:30',
				visit_min: '90',
				actor_ids: String(actorId)
			})
		);
		expect(created.status).toBe(303);
		const id = Number(created.headers.get('location')!.split('/').pop());
		const trip = await (await call('GET', `/api/trips/${id}`, admin)).json();
		expect(trip).toMatchObject({ name: 'Une visite', visit_min: 90, stops: [expect.objectContaining({ actor_id: actorId })] });
		expect(trip.plan.schedule[0].leave).toBeDefined();
		const bad = await post(new URLSearchParams({ name: 'x', date_start: '2026-12-04', lunch_start: '12:00', lunch_end: '' }));
		expect(bad.status).toBe(400);
		expect(await bad.text()).toContain('pause déjeuner : indiquez le début et la fin');
		expect((await call('DELETE', `/api/trips/${id}`, admin)).status).toBe(204);
	});

	it('exports GPX, ICS and CSV with their types and the planned visits', async () => {
		const trip = await (await call('GET', `/api/trips/${tripId}`, admin)).json();
		const planned = trip.plan.schedule.length;
		const gpx = await call('GET', `/trips/${tripId}/export.gpx`, admin);
		expect(gpx.headers.get('content-type')).toMatch(/gpx\+xml/);
		expect(gpx.headers.get('content-disposition')).toMatch(/tournee-\d+-jamais-accompagnees\.gpx/);
		expect(((await gpx.text()).match(/<rtept /g) ?? []).length).toBe(planned + 2 * trip.plan.days.length);
		const ics = await (await call('GET', `/trips/${tripId}/export.ics`, admin)).text();
		expect((ics.match(/BEGIN:VEVENT/g) ?? []).length).toBe(planned);
		const csv = await (await call('GET', `/trips/${tripId}/export.csv`, admin)).text();
		expect(csv.trim().split('\r\n')).toHaveLength(1 + trip.stops.length);
		const sheet = await call('GET', `/trips/${tripId}/feuille-de-route`, admin);
		expect(sheet.status).toBe(200);
		expect(await sheet.text()).toContain('Jour 1');
	});

	it('records a visit: bad status refused, a done visit logged as a contact', async () => {
		const trip = await (await call('GET', `/api/trips/${tripId}`, admin)).json();
		const stop = trip.stops[0];
		const bad = await call('POST', `/api/trips/${tripId}/stops/${stop.id}/visit`, admin, { status: 'peut-être' });
		expect((await bad.json()).error).toMatchObject({ field: 'status', message: expect.stringMatching(/fait, non_rencontre/) });
		const early = await call('POST', `/api/trips/${tripId}/stops/${stop.id}/visit`, admin, {
			status: 'non_rencontre',
			ouvrir_accompagnement: true
		});
		expect((await early.json()).error.field).toBe('ouvrir_accompagnement');
		const done = await call('POST', `/api/trips/${tripId}/stops/${stop.id}/visit`, admin, {
			status: 'fait',
			note: 'Très intéressés',
			date: '2026-12-01',
			ouvrir_accompagnement: true
		});
		expect(done.status).toBe(200);
		const actor = await (await call('GET', `/api/actors/${stop.actor_id}`, admin)).json();
		expect(actor.contact_log[0]).toMatchObject({ type: 'visite', date: '2026-12-01', note: 'Très intéressés' });
		expect(actor.accompaniments[0]).toMatchObject({ stage: 'accueil', date_accueil: '2026-12-01' });
		// A report from the field: its key is checked, and the report count it was made on.
		const badKey = await call('POST', `/api/trips/${tripId}/stops/${stop.id}/visit`, admin, { status: 'fait', cle: 'a b' });
		expect({ status: badKey.status, field: (await badKey.json()).error.field }).toEqual({ status: 400, field: 'cle' });
		const stale = await call('POST', `/api/trips/${tripId}/stops/${stop.id}/visit`, admin, {
			status: 'non_rencontre',
			version: 0,
			cle: 'rapport-du-terrain-1'
		});
		expect(stale.status).toBe(409);
		expect((await stale.json()).error).toMatchObject({ field: 'version', message: expect.stringMatching(/rapportée entre-temps/) });
		const sent = { status: 'fait', note: 'Rappeler en janvier', version: 1, cle: 'rapport-du-terrain-2' };
		const first = await call('POST', `/api/trips/${tripId}/stops/${stop.id}/visit`, admin, sent);
		expect(await first.json()).toMatchObject({ visit_version: 2, replayed: false });
		const again = await call('POST', `/api/trips/${tripId}/stops/${stop.id}/visit`, admin, sent);
		expect(await again.json()).toMatchObject({ visit_version: 2, replayed: true });
	});

	it('suggests structures for a territory and explains bad parameters', async () => {
		const bad = await call('GET', '/api/trips/suggest?territoire=canton:12', admin);
		expect((await bad.json()).error).toMatchObject({ field: 'territoire' });
		expect((await call('GET', '/api/trips/suggest?territoire=epci:000000000', admin)).status).toBe(404);
		const ok = await (await call('GET', '/api/trips/suggest?territoire=zone:sud&date=2026-12-01&max=6', admin)).json();
		expect(ok.stops.length).toBeGreaterThan(0);
		expect(ok.stops.length).toBeLessThanOrEqual(6);
		// 09:00–17:30 less an hour for lunch (taken wherever it fits): 450 minutes of driving and visits.
		expect(ok.drive_min + ok.stops.length * 60).toBeLessThanOrEqual(450);
	});

	it('keeps a reader to reading: 403 on every trip mutation, no contact persons', async () => {
		const stop = (await (await call('GET', `/api/trips/${tripId}`, reader)).json()).stops[0];
		expect(stop.contacts).toBeNull();
		const mutations: [string, string, unknown][] = [
			['POST', '/api/trips', { name: 'x', date_start: '2026-12-01' }],
			['PATCH', `/api/trips/${tripId}`, { name: 'x', date_start: '2026-12-01', version: 1 }],
			['DELETE', `/api/trips/${tripId}`, undefined],
			['POST', `/api/trips/${tripId}/stops`, { actor_ids: [stop.actor_id] }],
			['PATCH', `/api/trips/${tripId}/stops/${stop.id}`, { duration_min: 30 }],
			['DELETE', `/api/trips/${tripId}/stops/${stop.id}`, undefined],
			['POST', `/api/trips/${tripId}/stops/${stop.id}/visit`, { status: 'fait' }],
			['PUT', `/api/trips/${tripId}/order`, { days: [[stop.id]] }],
			['POST', `/api/trips/${tripId}/optimize`, undefined]
		];
		for (const [method, path, body] of mutations) {
			const response = await call(method, path, reader, body);
			expect({ method, path, status: response.status }).toEqual({ method, path, status: 403 });
		}
		const form = await fetch(`${server.url}/trips?/create`, {
			method: 'POST',
			redirect: 'manual',
			headers: { ...FORM, origin: server.url, cookie: reader },
			body: new URLSearchParams({ name: 'x', date_start: '2026-12-01' })
		});
		expect(form.status).toBe(403);
		expect((await call('GET', `/trips/${tripId}/export.csv`, reader)).status).toBe(200);
		// Still there, unchanged.
		expect((await (await call('GET', `/api/trips/${tripId}`, admin)).json()).name).toBe('Jamais accompagnées');
		expect((await call('DELETE', `/api/trips/${tripId}`, admin)).status).toBe(204);
	});
});
