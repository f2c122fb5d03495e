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
import { adminQuery, SEED_STAGES, seedStage, type SeedStage, type SeedTemplate } from './helpers/seed';
import type { Registration } from './helpers/coordinator';

// Each test project (unit-integration, browser) and the root run the global setup, all in
// vitest's main process: the first starts the coordinator, the others find it running.
const state = globalThis as typeof globalThis & { maillageCoordinator?: Coordinator };

const SERVER_URL = process.env.TEST_DATABASE_URL?.trim() || null;

class Coordinator {
	readonly runId = `${process.pid}_${Date.now().toString(36)}`;
	readonly runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'maillage-test-'));
	private build: Promise<void> | null = null;
	private seeds = new Map<string, Promise<SeedTemplate>>();
	private pids = new Set<number>();
	private databases = new Set<string>();
	private http = http.createServer((request, response) => void this.answer(request, response));

	async listen(): Promise<string> {
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
			await new Promise<void>((resolve, reject) => {
				const child = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
				child.on('error', reject);
				child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build : code ${code}`))));
			});
			// The command line, as `npm run build` makes it (build/cli.js), after the app's build which empties build/.
			await new Promise<void>((resolve, reject) => {
				const child = spawn(
					process.execPath,
					['node_modules/vite/bin/vite.js', 'build', '--config', 'vite.cli.config.ts', '--logLevel', 'error'],
					{ stdio: 'inherit' }
				);
				child.on('error', reject);
				child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build (CLI) : code ${code}`))));
			});
			console.log(`[maillage] app built for the server tests in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
		})();
		return this.build;
	}

	seed(backend: Backend, stage: SeedStage): Promise<SeedTemplate> {
		const key = `${backend}:${stage}`;
		let made = this.seeds.get(key);
		if (!made) {
			made = (async () => {
				const index = SEED_STAGES.indexOf(stage);
				if (index < 0) throw new Error(`étape inconnue : ${stage}`);
				const previous = index > 0 ? await this.seed(backend, SEED_STAGES[index - 1]) : null;
				const t0 = Date.now();
				const template = await seedStage(backend, stage, previous, { workDir: this.runDir, serverUrl: SERVER_URL, runId: this.runId });
				if (template.backend === 'postgresql') this.databases.add(template.database);
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
