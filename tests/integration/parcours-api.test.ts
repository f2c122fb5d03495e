// The parcours endpoints through the built server, on each backend: opening (201, then 409 with the
// running parcours' id), a refused move naming its field, a version conflict, « À faire », the
// funnel, the export, the calendar feed (parsed, then 404 once revoked) and a reader kept to reading.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayIn } from '../../src/lib/domain/parcours/calendar';
import { BACKENDS } from '../helpers/backends';
import { login, readerSession, startServer, type RunningServer } from '../helpers/server';

describe.each(BACKENDS)('parcours API on %s', (backend) => {
	let server: RunningServer;
	let admin: string;
	let reader: string;
	let actorId: number;
	let actorNom: string;

	const call = (method: string, path: string, cookie: string | null, body?: unknown) =>
		fetch(`${server.url}${path}`, {
			method,
			redirect: 'manual',
			headers: { ...(cookie ? { cookie } : {}), origin: server.url, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body)
		});

	beforeAll(async () => {
		server = await startServer(backend);
		admin = await login(server);
		reader = await readerSession(server, admin);
		const list = await (await call('GET', '/api/actors?kind=structure_ess&statut=jamais&par=1', admin)).json();
		({ id: actorId, nom: actorNom } = list.rows[0]);
	});
	afterAll(async () => server?.stop());

	it('opens a parcours, refuses a second one with its id, moves it and checks the version', async () => {
		const today = todayIn();
		const opened = await call('POST', '/api/accompaniments', admin, { actor_id: actorId });
		expect(opened.status).toBe(201);
		const { id, version } = await opened.json();
		expect(version).toBe(1);
		const again = await call('POST', '/api/accompaniments', admin, { actor_id: actorId });
		const conflict = await again.json();
		expect({ status: again.status, field: conflict.error.field, existing_id: conflict.existing_id }).toEqual({
			status: 409,
			field: 'actor_id',
			existing_id: id
		});
		expect(conflict.error.existing_id).toBe(id);
		const bad = await call('POST', '/api/accompaniments', admin, { actor_id: 'abc' });
		expect([bad.status, (await bad.json()).error.field]).toEqual([400, 'actor_id']);

		const refused = await call('POST', `/api/accompaniments/${id}/steps`, admin, { version: 1, stage: 'plan', date: today });
		const refusal = (await refused.json()).error;
		expect([refused.status, refusal.field]).toEqual([400, 'stage']);
		expect(refusal.message).toMatch(/sans diagnostic/);
		const future = await call('POST', `/api/accompaniments/${id}/steps`, admin, {
			version: 1,
			stage: 'diagnostic',
			date: addDays(today, 1)
		});
		expect([future.status, (await future.json()).error.field]).toEqual([400, 'date']);
		const moved = await call('POST', `/api/accompaniments/${id}/steps`, admin, {
			version: 1,
			stage: 'diagnostic',
			date: today,
			note: 'Diagnostic'
		});
		expect(await moved.json()).toEqual({ version: 2, stage: 'diagnostic' });
		const stale = await call('POST', `/api/accompaniments/${id}/steps`, admin, { version: 1, stage: 'abandon', date: today });
		expect([stale.status, (await stale.json()).error.field]).toEqual([409, 'version']);

		const edited = await call('PATCH', `/api/accompaniments/${id}`, admin, {
			version: 2,
			changes: { next_followup: addDays(today, 10), themes: ['Numérique'] }
		});
		expect(await edited.json()).toEqual({ version: 3 });
		const staleEdit = await call('PATCH', `/api/accompaniments/${id}`, admin, { version: 2, changes: { notes: 'x' } });
		expect(staleEdit.status).toBe(409);
		const notEditable = await call('PATCH', `/api/accompaniments/${id}`, admin, { version: 3, changes: { stage: 'suivi' } });
		expect([notEditable.status, (await notEditable.json()).error.field]).toEqual([400, 'stage']);

		const detail = await (await call('GET', `/api/accompaniments/${id}`, admin)).json();
		expect(detail).toMatchObject({
			id,
			version: 3,
			stage: 'diagnostic',
			actor_id: actorId,
			themes: ['Numérique'],
			next_followup: addDays(today, 10)
		});
		expect(detail.steps.map((s: { stage: string }) => s.stage)).toEqual(['accueil', 'diagnostic']);
		const board = await (await call('GET', `/api/parcours?owner=moi`, admin)).json();
		expect(board.rows.map((r: { id: number }) => r.id)).toContain(id);
		const badQuery = await call('GET', '/api/parcours?etat=fini', admin);
		expect([badQuery.status, (await badQuery.json()).error.field]).toEqual([400, 'etat']);
		const todo = await (await call('GET', '/api/parcours/a-faire?owner=moi', admin)).json();
		expect(todo.followups).toContainEqual(
			expect.objectContaining({ accompaniment_id: id, kind: 'suivi', due: addDays(today, 10), overdue: false })
		);
		const funnel = await (await call('GET', '/api/parcours/funnel?level=epci', admin)).json();
		expect(funnel.departement.reached.diagnostic).toBeGreaterThanOrEqual(1);
		expect(funnel.rows.length).toBeGreaterThan(10);
		const csv = await call('GET', '/api/parcours/export?format=csv&etat=tous', admin);
		expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
		expect(await csv.text()).toContain(actorNom);
		const xlsx = await call('GET', '/api/parcours/export?format=xlsx', admin);
		expect(
			Buffer.from(await xlsx.arrayBuffer())
				.subarray(0, 2)
				.toString()
		).toBe('PK');
		const contact = await call('POST', `/api/actors/${actorId}/contacts`, admin, { date: today, type: 'appel', note: 'Relance' });
		expect(contact.status).toBe(201);
	});

	it('serves the officer’s follow-ups as a calendar feed until the link is revoked', async () => {
		const today = todayIn();
		const { url } = await (await call('POST', '/api/compte/calendrier', admin)).json();
		expect(url).toMatch(new RegExp(`^${server.url}/calendrier/[\\w-]{43}$`));
		const feed = await fetch(url);
		expect(feed.status).toBe(200);
		expect(feed.headers.get('content-type')).toMatch(/text\/calendar/);
		const ics = (await feed.text()).replace(/\r\n[ \t]/g, '');
		const events = ics
			.split('BEGIN:VEVENT')
			.slice(1)
			.map((block) => ({ start: /DTSTART;VALUE=DATE:(\d{8})/.exec(block)?.[1], summary: /\r\nSUMMARY:(.*)\r\n/.exec(block)?.[1] }));
		expect(events).toContainEqual({ start: addDays(today, 10).replaceAll('-', ''), summary: `Suivi : ${actorNom}` });
		expect((await call('DELETE', '/api/compte/calendrier', admin)).status).toBe(204);
		expect((await fetch(url)).status).toBe(404);
		expect((await fetch(`${server.url}/calendrier/inconnu`)).status).toBe(404);
	});

	it('keeps a reader to reading', async () => {
		expect((await call('GET', '/api/parcours', reader)).status).toBe(200);
		for (const [method, path, body] of [
			['POST', '/api/accompaniments', { actor_id: actorId }],
			['POST', `/api/accompaniments/1/steps`, { version: 1, stage: 'abandon', date: '2026-01-01' }],
			['PATCH', `/api/accompaniments/1`, { version: 1, changes: {} }],
			['POST', `/api/actors/${actorId}/contacts`, { date: '2026-01-01', type: 'appel' }],
			['POST', '/api/ingenieries-collectives', { titre: 'x' }]
		] as const) {
			expect({ path, status: (await call(method, path, reader, body)).status }).toEqual({ path, status: 403 });
		}
		expect((await call('GET', '/api/parcours', null)).status).toBe(401);
	});
});
