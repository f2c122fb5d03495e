// Hostile and impossible input through the built server, on each backend (issue 12, items 6, 7, 9):
// a JSON body sent without its length is cut at 1 Mo on the bytes received; ids past PostgreSQL's
// `integer` are a 400 on every route that takes one (they were a 500); a moved actor must stay in
// its commune; trip dates are calendar days, without time or zone. The server runs as `node
// build/index.js` without BODY_SIZE_LIMIT, uploads limited to 2 Mo, in a temporary folder of
// its own (TMPDIR) where the upload files are watched.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends';
import { login, startServer, type RunningServer } from '../helpers/server';

const TOO_BIG = 2_147_483_648; // 2³¹: one past the largest PostgreSQL integer
const MAX_ID = 2_147_483_647;

interface ChunkedAnswer {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: string;
	/** Bytes the client had handed to the socket when the answer arrived. */
	sentBeforeAnswer: number;
}

/** POSTs `total` bytes of JSON-looking text in chunks, without Content-Length, stopping once answered. */
function postChunked(
	base: string,
	path: string,
	cookie: string,
	total: number,
	chunk = 64 * 1024,
	options: { head?: string; tail?: string; [header: string]: string | undefined } = {}
): Promise<ChunkedAnswer> {
	const { head = '{"stops":[], "pad":"', tail = '"}', ...headers } = options;
	return new Promise((resolve, reject) => {
		const url = new URL(path, base);
		let sent = 0;
		let answered: number | null = null;
		const request = http.request(
			url,
			{
				method: 'POST',
				headers: { cookie, 'content-type': 'application/json', ...headers, 'transfer-encoding': 'chunked' } as http.OutgoingHttpHeaders
			},
			(response) => {
				answered = sent;
				let body = '';
				response.setEncoding('utf8');
				response.on('data', (d) => (body += d));
				response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body, sentBeforeAnswer: answered! }));
			}
		);
		// The server may close the connection once it has answered: that is the point.
		request.on('error', (error) => (answered === null ? reject(error) : undefined));
		const piece = Buffer.alloc(chunk, 0x61);
		const writeNext = () => {
			if (answered !== null || request.destroyed) return;
			if (sent === 0) {
				request.write(head);
				sent += head.length;
			}
			if (sent >= total) {
				request.end(tail);
				return;
			}
			request.write(piece, () => {
				sent += piece.length;
				setTimeout(writeNext, 5);
			});
		};
		writeNext();
	});
}

/** The upload folders of the server: `maillage-uploads-<pid>-XXXXXX/<token>/fichier`. */
function uploads(tmp: string): { folder: string; token: string; files: string[] }[] {
	return fs
		.readdirSync(tmp)
		.filter((name) => name.startsWith('maillage-uploads-'))
		.flatMap((root) =>
			fs
				.readdirSync(path.join(tmp, root))
				.map((token) => ({ folder: path.join(tmp, root, token), token, files: fs.readdirSync(path.join(tmp, root, token)) }))
		);
}

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe.each(BACKENDS)('request limits and impossible values on %s', (backend) => {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'maillage-limits-'));
	// Left by a server that died: swept at start. The folder of a running process is not.
	const deadPid = spawnSync('true').pid!;
	const leftover = path.join(tmp, `maillage-uploads-${deadPid}-abcdef`);
	const alive = path.join(tmp, `maillage-uploads-${process.pid}-abcdef`);
	let server: RunningServer;
	let cookie: string;
	let actor: { id: number; version: number; lon: number; lat: number; commune_code: string; commune: string };
	let tripId: number;
	let stopId: number;

	const call = (method: string, path: string, body?: unknown) =>
		fetch(`${server.url}${path}`, {
			method,
			redirect: 'manual',
			headers: { cookie, origin: server.url, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body)
		});

	beforeAll(async () => {
		for (const folder of [leftover, alive]) {
			fs.mkdirSync(path.join(folder, 'jeton-de-fichier-abandonne-0123'), { recursive: true });
			fs.writeFileSync(path.join(folder, 'jeton-de-fichier-abandonne-0123', 'fichier'), 'nom;siret\nPersonne;1\n');
		}
		server = await startServer(backend, { BODY_SIZE_LIMIT: undefined, TMPDIR: tmp, MAILLAGE_UPLOAD_MAX_MO: '2' });
		cookie = await login(server);
		const list = await (await call('GET', '/api/actors?kind=structure_ess&par=5&tri=nom')).json();
		const details = await Promise.all(list.rows.map(async (r: { id: number }) => (await call('GET', `/api/actors/${r.id}`)).json()));
		actor = details.find((a) => a.lon !== null && a.precision !== 'commune') ?? details.find((a) => a.lon !== null);
		const created = await call('POST', '/api/trips', {
			name: 'Limites',
			date_start: '2026-06-02',
			actor_ids: details.map((a) => a.id).slice(0, 3)
		});
		expect(created.status).toBe(201);
		tripId = (await created.json()).id;
		const trip = await (await call('GET', `/api/trips/${tripId}`)).json();
		stopId = trip.stops[0].id;
	}, 700_000);
	afterAll(async () => {
		await server?.stop();
		fs.rmSync(tmp, { recursive: true, force: true });
	});

	it('stops reading a chunked JSON body past 1 Mo and answers 413 in French', async () => {
		const answer = await postChunked(server.url, '/api/trips/optimize', cookie, 2 * 1024 * 1024);
		expect(answer.status).toBe(413);
		expect(JSON.parse(answer.body).error.message).toMatch(/trop volumineuse : 1 Mo au plus/);
		// Answered while the client was still sending: the server did not read the 2 Mo first.
		expect(answer.sentBeforeAnswer).toBeLessThan(2 * 1024 * 1024);
		expect(answer.headers.connection).toBe('close');
		// Every JSON endpoint goes through the same reader.
		for (const [path, method] of [
			[`/api/trips`, 'POST'],
			[`/api/actors/${actor.id}`, 'PATCH'],
			[`/api/trips/${tripId}/stops`, 'POST']
		] as const) {
			const big = await fetch(`${server.url}${path}`, {
				method,
				headers: { cookie, 'content-type': 'application/json' },
				body: JSON.stringify({ pad: 'a'.repeat(1024 * 1024 + 10) })
			});
			expect(big.status, `${method} ${path}`).toBe(413);
		}
		// The server is still fine.
		expect((await call('GET', '/api/health')).status).toBe(200);
	});

	it('caps the stops of a trip with a clear 400', async () => {
		const stops = Array.from({ length: 301 }, (_, i) => ({ id: `s${i}`, lon: 6 + (i % 50) / 100, lat: 49 + Math.floor(i / 50) / 100 }));
		const response = await call('POST', '/api/trips/optimize', { stops });
		expect(response.status).toBe(400);
		expect((await response.json()).error.message).toMatch(/trop d’arrêts \(301\) : 300 au plus/);
		const order = await call('PUT', `/api/trips/${tripId}/order`, { days: [Array.from({ length: 101 }, (_, i) => i + 1)] });
		expect(order.status).toBe(400);
		expect((await order.json()).error.message).toMatch(/100 arrêts au plus/);
	});

	it('answers 400 for an id past 2³¹−1 or malformed, and 404 for a well-formed unknown one, on every route', async () => {
		const paths = (id: string | number, stop: string | number = stopId) =>
			[
				['GET', `/api/actors/${id}`],
				['PATCH', `/api/actors/${id}`, { version: 1, changes: { nom: 'x' } }],
				['GET', `/api/trips/${id}`],
				['PATCH', `/api/trips/${id}`, { name: 'x', date_start: '2026-06-02', version: 1 }],
				['DELETE', `/api/trips/${id}`],
				['POST', `/api/trips/${id}/stops`, { actor_ids: [actor.id] }],
				['PUT', `/api/trips/${id}/order`, { days: [[stopId]] }],
				['POST', `/api/trips/${id}/optimize`],
				['PATCH', `/api/trips/${tripId}/stops/${stop}`, { duration_min: 30 }],
				['DELETE', `/api/trips/${tripId}/stops/${stop}`],
				['POST', `/api/trips/${tripId}/stops/${stop}/visit`, { status: 'fait' }],
				['GET', `/trips/${id}`],
				['GET', `/trips/${id}/feuille-de-route`],
				['GET', `/trips/${id}/export.csv`],
				['GET', `/trips/${id}/export.gpx`],
				['GET', `/trips/${id}/export.ics`]
			] as const;
		for (const bad of [TOO_BIG, '99999999999999999999', '1e3', '-1', '0', '01', 'abc']) {
			for (const [method, path, body] of paths(bad, bad)) {
				// The stop routes take a valid trip and a bad stop; the others a bad trip or actor.
				const response = await call(method, path, body);
				expect(response.status, `${method} ${path}`).toBe(400);
			}
		}
		for (const [method, path, body] of paths(MAX_ID, MAX_ID)) {
			const response = await call(method, path, body);
			expect(response.status, `${method} ${path}`).toBe(404);
		}
		// Ids inside bodies: actor_ids, version, stop ids of an order.
		const bodies = [
			['POST', '/api/trips', { name: 'x', date_start: '2026-06-02', actor_ids: [TOO_BIG] }, 'actor_ids'],
			['POST', `/api/trips/${tripId}/stops`, { actor_ids: [TOO_BIG] }, 'actor_ids'],
			['PATCH', `/api/trips/${tripId}`, { name: 'x', date_start: '2026-06-02', version: TOO_BIG }, 'version'],
			['PUT', `/api/trips/${tripId}/order`, { days: [[TOO_BIG]], version: 1 }, 'days'],
			['PUT', `/api/trips/${tripId}/order`, { days: [[stopId]], version: TOO_BIG }, 'version'],
			['PATCH', `/api/actors/${actor.id}`, { version: TOO_BIG, changes: { nom: 'x' } }, 'version']
		] as const;
		for (const [method, path, body, field] of bodies) {
			const response = await call(method, path, body);
			expect(response.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
			const error = (await response.json()).error;
			expect(error.field).toBe(field);
			expect(error.message).toMatch(/entier de 1 à 2147483647 attendu/);
		}
		// An unknown actor within range in a body is the query's 400 naming it, as before.
		const unknown = await call('POST', `/api/trips/${tripId}/stops`, { actor_ids: [MAX_ID] });
		expect(unknown.status).toBe(400);
		expect((await unknown.json()).error.message).toMatch(/inconnu/);
	});

	it('refuses a point moved out of the actor’s commune, naming the field, and accepts one inside', async () => {
		const current = await (await call('GET', `/api/actors/${actor.id}`)).json();
		for (const [lon, lat, field] of [
			[-1, -1, 'lon'],
			[current.lat, current.lon, 'lon'], // longitude and latitude swapped
			[current.lon + 0.5, current.lat, 'lon']
		] as const) {
			const response = await call('PATCH', `/api/actors/${actor.id}`, { version: current.version, changes: { lon, lat } });
			expect(response.status, `${lon},${lat}`).toBe(400);
			const error = (await response.json()).error;
			expect(error.field).toBe(field);
			expect(error.message).toMatch(
				new RegExp(
					`longitude : le point .* km de la commune ${current.commune.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(${current.commune_code}\\) ; 2 km au plus`
				)
			);
		}
		// Only the latitude changed: the message names it.
		const lat = await call('PATCH', `/api/actors/${actor.id}`, { version: current.version, changes: { lat: current.lat + 1 } });
		expect(lat.status).toBe(400);
		expect((await lat.json()).error).toMatchObject({ field: 'lat', message: expect.stringMatching(/^latitude : /) });
		// Nothing was written by the refused edits.
		expect((await (await call('GET', `/api/actors/${actor.id}`)).json()).version).toBe(current.version);
		// A few metres away, inside the commune (or within 2 km of its edge): saved.
		const moved = await call('PATCH', `/api/actors/${actor.id}`, {
			version: current.version,
			changes: { lon: current.lon + 0.0005, lat: current.lat + 0.0003 }
		});
		expect(moved.status).toBe(200);
		const after = await (await call('GET', `/api/actors/${actor.id}`)).json();
		expect(after.lon).toBeCloseTo(current.lon + 0.0005, 6);
		// Other fields of an actor are edited without the point being checked again.
		expect((await call('PATCH', `/api/actors/${actor.id}`, { version: after.version, changes: { sigle: 'LIM' } })).status).toBe(200);
	});

	it('takes trip dates as calendar days: a time or a time zone is refused with a message', async () => {
		for (const [body, field] of [
			[{ name: 'Z', date_start: '2026-06-02T10:00:00+02:00' }, 'date_start'],
			[{ name: 'Z', date_start: '2026-06-02T00:00:00Z' }, 'date_start'],
			[{ name: 'Z', date_start: '2026-06-02 10:00' }, 'date_start'],
			[{ name: 'Z', date_start: '2026-06-02', date_end: '2026-06-03T23:00:00-05:00' }, 'date_end'],
			[{ name: 'Z', date_start: '2026-06-02', day_start: '09:00+02:00' }, 'day_start'],
			[{ name: 'Z', date_start: '2026-06-02', day_end: '17:30:00' }, 'day_end']
		] as const) {
			const response = await call('POST', '/api/trips', { ...body, actor_ids: [actor.id] });
			expect(response.status, JSON.stringify(body)).toBe(400);
			const error = (await response.json()).error;
			expect(error.field).toBe(field);
			expect(error.message).toMatch(
				field.startsWith('date') ? /date du calendrier AAAA-MM-JJ \(sans heure ni fuseau horaire\)/ : /format attendu HH:MM/
			);
		}
		const visit = await call('POST', `/api/trips/${tripId}/stops/${stopId}/visit`, { status: 'fait', date: '2026-06-02T09:00:00+02:00' });
		expect(visit.status).toBe(400);
		expect((await visit.json()).error).toMatchObject({
			field: 'date',
			message: expect.stringMatching(/date de la visite : .*sans heure ni fuseau/)
		});
		const settings = await call('PATCH', `/api/trips/${tripId}`, { name: 'x', date_start: '2026-06-02T00:00:00Z', version: 1 });
		expect(settings.status).toBe(400);
		// A plain date still works.
		expect((await call('POST', '/api/trips', { name: 'Date simple', date_start: '2026-06-02', actor_ids: [actor.id] })).status).toBe(201);
	});

	const action = (name: string, body: FormData | URLSearchParams | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
		fetch(`${server.url}/import?/${name}`, {
			method: 'POST',
			body,
			headers: { cookie, origin: server.url, accept: 'application/json', ...headers },
			duplex: 'half'
		} as RequestInit);
	const csvFile = (text: string, name = 'structures.csv') => {
		const form = new FormData();
		form.set('file', new Blob([text]), name);
		return form;
	};
	const until = async (token: string, states: string[]) => {
		for (let i = 0; i < 600; i++) {
			const state = await (await fetch(`${server.url}/import/fichier/${token}/etat`, { headers: { cookie } })).json();
			if (states.includes(state.state)) return state;
			await new Promise((r) => setTimeout(r, 200));
		}
		throw new Error(`import ${token} toujours en cours`);
	};

	it('sweeps at start the upload folders a stopped server left, not those of a running one', () => {
		expect(fs.existsSync(leftover)).toBe(false);
		expect(fs.existsSync(alive)).toBe(true);
		expect(server.output()).toMatch(/1 dossier\(s\) d’import abandonné\(s\) supprimé\(s\)/);
		fs.rmSync(alive, { recursive: true });
	});

	it('takes a 1 Mo upload without BODY_SIZE_LIMIT, kept 0600 in a 0700 folder, and refuses one over MAILLAGE_UPLOAD_MAX_MO with its own message', async () => {
		const rows = ['nom;code_postal;commune'];
		for (let size = 0; size < 1024 * 1024; size += rows.at(-1)!.length + 1) rows.push(`Association numéro ${rows.length};57000;Metz`);
		const accepted = await action('inspect', csvFile(rows.join('\n')));
		const body = await accepted.json();
		expect(body.type, JSON.stringify(body).slice(0, 300)).toBe('success');
		const [upload] = uploads(tmp);
		expect(upload.files).toEqual(['fichier']);
		expect(mode(path.join(upload.folder, 'fichier'))).toBe(0o600);
		expect(mode(upload.folder)).toBe(0o700);
		expect(mode(path.dirname(upload.folder))).toBe(0o700);

		// Over the limit, with its length, under the server's ceiling (2 + 1 Mo): read to the end and
		// dropped, so that a browser sending the whole file gets the message, not a reset connection.
		const declared = await (await action('inspect', csvFile(Buffer.alloc(2.5 * 1024 * 1024, 0x41).toString()))).json();
		expect(declared.status).toBe(413);
		expect(declared.data).toMatch(/Fichier trop volumineux : 2 Mo au plus \(MAILLAGE_UPLOAD_MAX_MO\)/);
		// Past the ceiling, with its length: refused at once, the message still reaches fetch.
		const huge = await (await action('inspect', csvFile(Buffer.alloc(4 * 1024 * 1024, 0x41).toString()))).json();
		expect(huge.status).toBe(413);
		expect(huge.data).toMatch(/Fichier trop volumineux : 2 Mo au plus/);
		// Past the ceiling, without a length (chunked): adapter-node stops it, same message.
		const boundary = 'limite-de-test';
		const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="enorme.csv"\r\nContent-Type: text/csv\r\n\r\n`;
		const chunked = await postChunked(server.url, '/import?/inspect', cookie, 5 * 1024 * 1024, 64 * 1024, {
			'content-type': `multipart/form-data; boundary=${boundary}`,
			accept: 'application/json',
			origin: server.url,
			head,
			tail: `\r\n--${boundary}--\r\n`
		});
		expect(chunked.sentBeforeAnswer).toBeLessThan(5 * 1024 * 1024);
		const refused = JSON.parse(chunked.body);
		expect(refused.status).toBe(413);
		expect(refused.data).toMatch(/Fichier trop volumineux : 2 Mo au plus/);
		expect(uploads(tmp)).toHaveLength(1);
	});

	it('deletes an upload once its import is done, and once it failed; a dry run keeps it for the import that follows', async () => {
		for (const folder of uploads(tmp)) fs.rmSync(folder.folder, { recursive: true });
		const inspect = async (text: string) => {
			expect((await (await action('inspect', csvFile(text))).json()).type).toBe('success');
			const found = uploads(tmp).filter((u) => u.files.includes('fichier'));
			expect(found).toHaveLength(1);
			return found[0];
		};
		const run = (token: string, format: string, dryRun: boolean) =>
			action('run', new URLSearchParams({ token, format, dryRun: String(dryRun) }), {
				'content-type': 'application/x-www-form-urlencoded'
			});

		const done = await inspect('nom;code_postal;commune\nAssociation des limites;57000;Metz\n');
		expect((await (await run(done.token, 'csv', true)).json()).type).toBe('success');
		expect((await until(done.token, ['terminé', 'échec'])).dryRun).toBe(true);
		expect(fs.readdirSync(done.folder)).toContain('fichier');
		expect((await (await run(done.token, 'csv', false)).json()).type).toBe('success');
		expect((await until(done.token, ['terminé', 'échec'])).state).toBe('terminé');
		expect(fs.readdirSync(done.folder)).not.toContain('fichier');
		// The file is gone: running it again asks for a new upload.
		const again = await (await run(done.token, 'csv', false)).json();
		expect(again.status).toBe(404);
		expect(again.data).toMatch(/déposez-le à nouveau/);
		fs.rmSync(done.folder, { recursive: true });

		// Not a SIRENE file: the import fails, and the file goes too.
		const failed = await inspect('nom;code_postal;commune\nAssociation des limites;57000;Metz\n');
		expect((await (await run(failed.token, 'sirene', false)).json()).type).toBe('success');
		const state = await until(failed.token, ['terminé', 'échec']);
		expect(state.state).toBe('échec');
		expect(fs.existsSync(path.join(failed.folder, 'fichier'))).toBe(false);
	});
});
