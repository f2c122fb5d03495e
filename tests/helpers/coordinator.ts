// The test run's coordinator (tests/global-setup.ts), seen from a test worker: it builds the app
// and seeds the databases once per run, on first demand, and cleans up after the run whatever
// state the workers died in. Outside vitest (benches, scripts) there is none: the helpers then
// build nothing and seed their own databases, as they always did.
import http from 'node:http';
import type { Backend } from '../../src/lib/server/db/client';
import type { SeedStage, SeedTemplate } from './seed';

/** Set by the global setup for the workers it starts. */
export const COORDINATOR_URL = process.env.MAILLAGE_TEST_COORDINATOR || null;
/** A directory of this test run, removed after it (PGlite copies live there). */
export const RUN_DIR = process.env.MAILLAGE_TEST_RUN_DIR || null;

export interface Registration {
	/** A process to stop after the run (a test server). */
	pid?: number;
	/** A PostgreSQL database to drop after the run. */
	database?: string;
}

/** Asks the coordinator; no time limit of our own: a build or a seed on a loaded machine takes minutes. */
function ask<T>(route: string, body: object): Promise<T> {
	if (!COORDINATOR_URL) throw new Error('pas de coordinateur de tests (MAILLAGE_TEST_COORDINATOR)');
	const payload = JSON.stringify(body);
	return new Promise((resolve, reject) => {
		const request = http.request(
			`${COORDINATOR_URL}${route}`,
			{ method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
			(response) => {
				let text = '';
				response.setEncoding('utf8');
				response.on('data', (chunk) => (text += chunk));
				response.on('end', () => {
					const answer = text ? JSON.parse(text) : {};
					if (response.statusCode !== 200) reject(new Error(`coordinateur de tests, ${route} : ${answer.error ?? response.statusCode}`));
					else resolve(answer as T);
				});
			}
		);
		request.on('error', reject);
		request.end(payload);
	});
}

/** The app built for this run (once, whoever asks first). */
export async function ensureBuilt(): Promise<void> {
	await ask('/build', {});
}

/** The seeded template of a stage on a backend, made once per run. */
export function seedTemplate(backend: Backend, stage: SeedStage): Promise<SeedTemplate> {
	return ask<SeedTemplate>('/seed', { backend, stage });
}

/** Something the run's teardown must clean up if the test could not. */
export async function register(what: Registration): Promise<void> {
	if (COORDINATOR_URL) await ask('/register', what);
}

export async function unregister(what: Registration): Promise<void> {
	if (COORDINATOR_URL) await ask('/unregister', what);
}
