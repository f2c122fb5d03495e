// Says plainly which database backends the suite runs against, and runs the test run's
// coordinator: a small HTTP service in vitest's main process that the workers ask for
//   - the app built for the server tests (`vite build`, once, when a first server is started:
//     a run of unit tests only builds nothing);
//   - seeded databases (tests/helpers/seed.ts): each stage made once, when first asked for, and
//     copied for every test that needs it;
// and that stops the servers and drops the databases the workers left behind.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Backend } from '../src/lib/server/db/client';
import { adminQuery, SEED_STAGES, type SeedStage, type SeedTemplate } from './helpers/seed';
import type { Registration } from './helpers/coordinator';

// Each test project (unit-integration, browser) and the root run the global setup, all in
// vitest's main process: the first starts the coordinator, the others find it running.
const state = globalThis as typeof globalThis & { maillageCoordinator?: Coordinator };

const SERVER_URL = process.env.TEST_DATABASE_URL?.trim() || null;
const BACKENDS: Backend[] = SERVER_URL ? ['pglite', 'postgresql'] : ['pglite'];

/** One stage made by tests/helpers/seed-run.ts in a child process (not on vitest's main thread). */
function seedInProcess(job: { backend: Backend; stage: SeedStage; previous: SeedTemplate | null; options: object }): Promise<SeedTemplate> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/seed-run.ts', JSON.stringify(job)], {
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		child.on('error', reject);
		child.on('exit', (code) => {
			const line = /^SEEDED (.+)$/m.exec(output);
			if (code === 0 && line) resolve(JSON.parse(line[1]));
			else reject(new Error(`ensemencement ${job.backend} « ${job.stage} » échoué (code ${code}) :\n${output.slice(-4000)}`));
		});
	});
}

class Coordinator {
	readonly runId = `${process.pid}_${Date.now().toString(36)}`;
	readonly runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'maillage-test-'));
	private build: Promise<void> | null = null;
	private seeds = new Map<string, Promise<SeedTemplate>>();
	private pids = new Set<number>();
	private databases = new Set<string>();
	private http = http.createServer((request, response) => void this.answer(request, response));

	async listen(): Promise<string> {
		// A build or a seed may take minutes on a loaded machine: no time limit on a request.
		this.http.requestTimeout = 0;
		this.http.headersTimeout = 0;
		this.http.keepAliveTimeout = 0;
		await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(this.http.address() as import('node:net').AddressInfo).port}`;
	}

	ensureBuilt(): Promise<void> {
		this.build ??= (async () => {
			if (process.env.MAILLAGE_SKIP_BUILD === '1') {
				if (!fs.existsSync('build/index.js'))
					throw new Error('MAILLAGE_SKIP_BUILD=1 mais build/index.js absent : lancez « npm run build »');
				console.log('[maillage] build skipped (MAILLAGE_SKIP_BUILD=1): server and browser tests use the existing build/');
				return;
			}
			const t0 = Date.now();
			// Built as `npm run build` builds it, for production. Vitest sets NODE_ENV=test, and a
			// build that inherits it resolves the `development` export condition: SvelteKit's `dev`
			// is then true in the server bundle, and the production-only code is dropped (the
			// server's clean stop on SIGTERM was, and the stop test failed on such builds only).
			const env = { ...process.env, NODE_ENV: 'production' };
			await new Promise<void>((resolve, reject) => {
				const child = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { stdio: 'inherit', env });
				child.on('error', reject);
				child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build : code ${code}`))));
			});
			// The command line, as `npm run build` makes it (build/cli.js), after the app's build which empties build/.
			await new Promise<void>((resolve, reject) => {
				const child = spawn(
					process.execPath,
					['node_modules/vite/bin/vite.js', 'build', '--config', 'vite.cli.config.ts', '--logLevel', 'error'],
					{ stdio: 'inherit', env }
				);
				child.on('error', reject);
				child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build (CLI) : code ${code}`))));
			});
			// The template of new PGlite databases, as `npm run build` makes it (kept across builds).
			await new Promise<void>((resolve, reject) => {
				const child = spawn(process.execPath, ['build/cli.js', 'pglite-template'], { stdio: 'inherit', env });
				child.on('error', reject);
				child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pglite-template : code ${code}`))));
			});
			console.log(`[maillage] app built for the server tests in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
		})();
		return this.build;
	}

	/**
	 * A stage asked for on one backend is started on the others too: the test files run on every
	 * backend (describe.each(BACKENDS)), and the server seeds its side while PGlite works here.
	 */
	seed(backend: Backend, stage: SeedStage): Promise<SeedTemplate> {
		for (const other of BACKENDS) if (other !== backend) this.seedOne(other, stage).catch(() => {});
		return this.seedOne(backend, stage);
	}

	private seedOne(backend: Backend, stage: SeedStage): Promise<SeedTemplate> {
		const key = `${backend}:${stage}`;
		let made = this.seeds.get(key);
		if (!made) {
			made = (async () => {
				const index = SEED_STAGES.indexOf(stage);
				if (index < 0) throw new Error(`étape inconnue : ${stage}`);
				const previous = index > 0 ? await this.seedOne(backend, SEED_STAGES[index - 1]) : null;
				const t0 = Date.now();
				// Dropped after the run even if its seeding fails halfway.
				if (backend === 'postgresql') this.databases.add(`maillage_seed_${this.runId}_${stage}`);
				const template = await seedInProcess({
					backend,
					stage,
					previous,
					options: { workDir: this.runDir, serverUrl: SERVER_URL, runId: this.runId }
				});
				console.log(`[maillage] seeded ${backend} « ${stage} » once for the run in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
				return template;
			})();
			this.seeds.set(key, made);
		}
		return made;
	}

	private async answer(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
		let body = '';
		for await (const chunk of request) body += chunk;
		try {
			const input = body ? JSON.parse(body) : {};
			let output: unknown = {};
			if (request.url === '/build') await this.ensureBuilt();
			else if (request.url === '/seed') output = await this.seed(input.backend, input.stage);
			else if (request.url === '/register') this.track(input, true);
			else if (request.url === '/unregister') this.track(input, false);
			else throw new Error(`route inconnue : ${request.url}`);
			response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(output));
		} catch (error) {
			response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: (error as Error).message }));
		}
	}

	private track(what: Registration, add: boolean) {
		if (what.pid) this.pids[add ? 'add' : 'delete'](what.pid);
		if (what.database) this.databases[add ? 'add' : 'delete'](what.database);
	}

	async close(): Promise<void> {
		this.http.close();
		for (const pid of this.pids) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
		// Let a seed still being made finish before its database is dropped.
		await Promise.allSettled(this.seeds.values());
		if (SERVER_URL) {
			for (const database of this.databases) {
				await adminQuery(SERVER_URL, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch((error) =>
					console.warn(`[maillage] base ${database} non supprimée : ${(error as Error).message}`)
				);
			}
		}
		fs.rmSync(this.runDir, { recursive: true, force: true });
	}
}

export default async function setup() {
	let coordinator = state.maillageCoordinator;
	let teardown: (() => Promise<void>) | undefined;
	if (!coordinator) {
		coordinator = state.maillageCoordinator = new Coordinator();
		if (SERVER_URL) {
			console.log(`[maillage] backends: PGlite (embedded) + PostgreSQL server (${SERVER_URL.replace(/:[^:@/]*@/, ':***@')})`);
		} else {
			console.log('[maillage] backends: PGlite (embedded) only — PostgreSQL server suite SKIPPED (TEST_DATABASE_URL not set)');
		}
		// The workers are started after the global setup and inherit its environment.
		process.env.MAILLAGE_TEST_COORDINATOR = await coordinator.listen();
		process.env.MAILLAGE_TEST_RUN_DIR = coordinator.runDir;
		const running = coordinator;
		teardown = async () => {
			await running.close();
			state.maillageCoordinator = undefined;
		};
	}
	return teardown;
}
