// The built server stops cleanly on SIGTERM and SIGINT, every time (issue 20): the request in flight
// is answered in full, the database is closed, and the process exits with code 0 within 10 s. Twenty
// stops in a row on PGlite (which once outlived the signal, its event loop kept alive by the
// embedded database), a few on the server; each start after a stop is a warm one.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends';
import { login, startServer, type RunningServer } from '../helpers/server';

const ROUNDS: Record<string, number> = { pglite: 20, postgresql: 4 };

/**
 * A request surely in flight when the signal comes: a trip to plan whose headers are sent first
 * (the server has taken it once `started` resolves), and whose body follows on `finish()`.
 */
function slowRequest(base: string, cookie: string) {
	const body = JSON.stringify({
		start: [6.1727, 49.1197],
		stops: [
			{ id: 'sarrebourg', lon: 7.054, lat: 48.735 },
			{ id: 'dieuze', lon: 6.72, lat: 48.81 }
		]
	});
	const url = new URL('/api/trips/optimize', base);
	const request = http.request(url, {
		method: 'POST',
		headers: { cookie, origin: base, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' }
	});
	const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
		request.on('response', (response) => {
			let text = '';
			response.setEncoding('utf8');
			response.on('data', (chunk) => (text += chunk));
			response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
			response.on('error', reject);
		});
		request.on('error', reject);
	});
	request.flushHeaders();
	// Time for the server to read the headers: from then on adapter-node counts the request as in flight.
	const started = new Promise((resolve) => setTimeout(resolve, 300));
	return { started, answer, finish: () => request.end(body) };
}

describe.each(BACKENDS)('stopping the server on %s', (backend) => {
	let server: RunningServer;
	let cookie: string;
	beforeAll(async () => {
		server = await startServer(backend);
		cookie = await login(server);
	});
	afterAll(async () => server?.stop());

	it(`answers the request in flight, closes the database and exits with 0 within 10 s, ${ROUNDS[backend]} times in a row`, async () => {
		const stops: { signal: NodeJS.Signals; code: number | null; ms: number }[] = [];
		for (let round = 0; round < ROUNDS[backend]; round++) {
			if (round > 0) await server.start();
			const signal: NodeJS.Signals = round % 2 === 0 ? 'SIGTERM' : 'SIGINT';
			const request = slowRequest(server.url, cookie);
			await request.started;
			const outputBefore = server.output().length;
			const exiting = server.signal(signal);
			await new Promise((resolve) => setTimeout(resolve, 200));
			request.finish();
			const [exit, answer] = await Promise.all([exiting, request.answer]);
			stops.push({ signal, code: exit.code, ms: Math.round(exit.ms) });
			expect(answer.status, `round ${round}`).toBe(200);
			expect(JSON.parse(answer.body).order, `round ${round}`).toHaveLength(2);
			expect(exit, `round ${round}: ${server.output().slice(outputBefore)}`).toMatchObject({ code: 0, signal: null });
			expect(exit.ms, `round ${round}`).toBeLessThan(10_000);
			expect(server.output().slice(outputBefore), `round ${round}`).toMatch(/arrêt \(SIG(TERM|INT)\) : base fermée en \d+ ms/);
		}
		console.log(`[maillage] arrêts ${backend} : ${stops.map((s) => `${s.signal} ${s.ms} ms`).join(', ')}`);
		// The next start finds the database as it was left: warm, nothing to rebuild.
		const from = server.output().length;
		await server.start();
		expect(server.output().slice(from)).not.toMatch(/base vide|référentiel territorial/);
		const health = await fetch(`${server.url}/api/health`);
		expect(health.status).toBe(200);
		// Twenty warm starts: ~2 min on an idle machine, much more on a loaded one.
	}, 1_800_000);
});
