import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { api, ApiError, isAbort } from '../../src/lib/api-client';

// A small real HTTP server answering like the API does.
let server: Server;
let base: string;
beforeAll(async () => {
	server = createServer((req, res) => {
		const send = (status: number, body: string, type = 'application/json') => res.writeHead(status, { 'content-type': type }).end(body);
		if (req.url === '/ok') return send(200, JSON.stringify({ rows: [1, 2] }));
		if (req.url === '/empty') return res.writeHead(204).end();
		if (req.url === '/refused') return send(400, JSON.stringify({ error: { message: 'Le nom est obligatoire.', field: 'nom' } }));
		if (req.url === '/taken')
			return send(409, JSON.stringify({ error: { message: 'Un parcours est déjà ouvert.', field: 'actor_id' }, existing_id: 7 }));
		if (req.url === '/flat') return send(400, JSON.stringify({ error: 'Date dans le futur.', field: 'date' }));
		if (req.url === '/html') return send(502, '<h1>Bad gateway</h1>', 'text/html');
		if (req.url === '/echo') {
			let data = '';
			req.on('data', (c) => (data += c));
			req.on('end', () => send(200, JSON.stringify({ method: req.method, type: req.headers['content-type'], body: JSON.parse(data) })));
			return;
		}
		if (req.url === '/slow') return void setTimeout(() => send(200, '{}'), 2000);
		send(404, JSON.stringify({ error: { message: 'Introuvable' } }));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('client API calls', () => {
	it('reads the JSON of a good answer, and null for an empty one', async () => {
		expect(await api(`${base}/ok`)).toEqual({ rows: [1, 2] });
		expect(await api(`${base}/empty`)).toBeNull();
	});

	it('sends `json` as a JSON body', async () => {
		expect(await api(`${base}/echo`, { method: 'PATCH', json: { version: 3 } })).toEqual({
			method: 'PATCH',
			type: 'application/json',
			body: { version: 3 }
		});
	});

	it('turns an error answer into an ApiError with the server’s message and field', async () => {
		const error = await api(`${base}/refused`).catch((e) => e);
		expect(error).toBeInstanceOf(ApiError);
		expect(error).toMatchObject({ message: 'Le nom est obligatoire.', status: 400, field: 'nom' });
	});

	it('keeps the whole error answer, for what an answer adds (the record already there)', async () => {
		const error = (await api(`${base}/taken`).catch((e: unknown) => e)) as ApiError;
		expect(error).toMatchObject({ status: 409, field: 'actor_id', message: 'Un parcours est déjà ouvert.' });
		expect(error.body).toMatchObject({ existing_id: 7 });
	});

	it('reads the flat error shape too', async () => {
		await expect(api(`${base}/flat`)).rejects.toMatchObject({ message: 'Date dans le futur.', status: 400, field: 'date' });
	});

	it('fetches with the fetch it is given (a load function’s)', async () => {
		const seen: string[] = [];
		const own: typeof fetch = (input, init) => {
			seen.push(String(input));
			return fetch(input, init);
		};
		expect(await api(`${base}/ok`, { fetch: own })).toEqual({ rows: [1, 2] });
		expect(seen).toEqual([`${base}/ok`]);
	});

	it('falls back to « Erreur <status> » when the answer is not the API’s', async () => {
		await expect(api(`${base}/html`)).rejects.toMatchObject({ message: 'Erreur 502', status: 502, field: undefined });
	});

	it('says in French when the server cannot be reached', async () => {
		const error = (await api('http://127.0.0.1:9/nowhere').catch((e: unknown) => e)) as ApiError;
		expect(error).toMatchObject({ name: 'ApiError', status: 0 });
		expect(error.message).toMatch(/Serveur injoignable/);
	});

	it('lets an abort through as an abort (not shown to the user)', async () => {
		const controller = new AbortController();
		const pending = api(`${base}/slow`, { signal: controller.signal }).catch((e) => e);
		controller.abort();
		const error = await pending;
		expect(isAbort(error)).toBe(true);
		expect(error).not.toBeInstanceOf(ApiError);
	});
});
