// Starts the built Maillage server (adapter-node) on a free port against a database of its own:
// a copy of the run's seeded database when there is one (a warm start), else an empty one.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import type { Kysely } from 'kysely';
import { openDatabase, type Backend } from '../../src/lib/server/db/client';
import type { Database } from '../../src/lib/server/db/schema';
import { createTestDatabase, pgliteDirectory, SERVER_URL } from './backends';
import { MIRROR } from './config';
import { COORDINATOR_URL, ensureBuilt, register, seedTemplate, unregister } from './coordinator';
import { adminQuery, clonePgliteDirectory, cloneServerDatabase, databaseName, serverStage, serverUrlFor } from './seed';

/** The first administrator every test server starts with. */
export const ADMIN = { email: 'admin@maillage.test', password: 'mot-de-passe-de-test-1' };

export interface RunningServer {
	url: string;
	backend: Backend;
	/** Everything the server printed so far. */
	output(): string;
	/**
	 * Runs `fn` on the server's database, opened independently of the app. PGlite is one process
	 * only: on that backend the server is stopped meanwhile, and started again after (same URL).
	 */
	withDatabase<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T>;
	stop(): Promise<void>;
	/** Whether the server process is still there. */
	running(): boolean;
	/** Sends `signal` and waits for the exit: how it ended and how long after the signal (the database is kept). */
	signal(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
	/** Starts the server again on the same database and port (after `signal`). */
	start(): Promise<void>;
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
		server.on('error', reject);
	});
}

/** Live test servers of this process, stopped if the process exits without stopping them. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function watch(child: ChildProcess) {
	live.add(child);
	child.once('exit', () => live.delete(child));
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		const killAll = () => {
			for (const running of live) running.kill('SIGKILL');
		};
		process.once('exit', killAll);
		// Vitest stops a worker with SIGTERM: the servers go with it (and the worker too, unless
		// someone else, Playwright, listens for SIGTERM and lets vitest finish the job).
		process.once('SIGTERM', () => {
			killAll();
			if (process.listenerCount('SIGTERM') === 0) process.exit(143);
		});
	}
}

/**
 * What a server started with `env` needs before it can start: the app built (once per run) and
 * the seeded database it will start from (once per run). Minutes on a loaded machine the first
 * time, nothing afterwards: a caller with its own time limit per attempt waits for this first.
 */
export async function serverPrerequisites(backend: Backend, env: Record<string, string | undefined> = {}): Promise<void> {
	if (!COORDINATOR_URL) return;
	const stage = serverStage(env);
	await Promise.all([ensureBuilt(), stage ? seedTemplate(backend, stage) : null]);
}

interface ServerDatabase {
	url: string | null;
	pgliteDir: string;
	drop(): Promise<void>;
}

/**
 * The server's own database: a copy of the run's seeded database it would otherwise build at its
 * first start (territories, collectivités, demo unless MAILLAGE_DEMO=off), so that it starts warm;
 * an empty one when `env` changes what it would build, or outside a test run.
 */
async function serverDatabase(backend: Backend, env: Record<string, string | undefined>): Promise<ServerDatabase> {
	const stage = COORDINATOR_URL ? serverStage(env) : null;
	if (!stage) {
		const database = await createTestDatabase(backend, pgliteDirectory());
		return {
			...database,
			drop: async () => {
				await database.drop();
				if (backend === 'pglite') fs.rmSync(database.pgliteDir, { recursive: true, force: true });
			}
		};
	}
	const template = await seedTemplate(backend, stage);
	if (template.backend === 'pglite') {
		const dir = pgliteDirectory();
		fs.rmSync(dir, { recursive: true, force: true });
		clonePgliteDirectory(template.dir, dir);
		return { url: null, pgliteDir: dir, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
	}
	if (!SERVER_URL) throw new Error('TEST_DATABASE_URL non défini');
	const name = databaseName('maillage_test');
	await register({ database: name });
	await cloneServerDatabase(SERVER_URL, template.database, name);
	return {
		url: serverUrlFor(SERVER_URL, name),
		pgliteDir: pgliteDirectory(),
		drop: async () => {
			await adminQuery(SERVER_URL!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			await unregister({ database: name });
		}
	};
}

/** `env` overrides the server's environment; a key set to undefined is removed from it. */
export async function startServer(backend: Backend, env: Record<string, string | undefined> = {}): Promise<RunningServer> {
	if (COORDINATOR_URL) await ensureBuilt();
	if (!fs.existsSync('build/index.js'))
		throw new Error('build/index.js absent : lancez « npm run build » (le globalSetup des tests le fait)');
	const database = await serverDatabase(backend, env);
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	let output = '';
	let child: ChildProcess;

	const spawnServer = () => {
		const childEnv: Record<string, string | undefined> = {
			...process.env,
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: url,
			MAILLAGE_DATA_MIRROR: MIRROR,
			MAILLAGE_PGLITE_DIR: database.pgliteDir,
			DATABASE_URL: database.url ?? '',
			MAILLAGE_ADMIN_EMAIL: ADMIN.email,
			MAILLAGE_ADMIN_PASSWORD: ADMIN.password,
			...env
		};
		for (const key of Object.keys(childEnv)) if (childEnv[key] === undefined) delete childEnv[key];
		child = spawn(process.execPath, ['build/index.js'], {
			env: childEnv as NodeJS.ProcessEnv,
			stdio: ['ignore', 'pipe', 'pipe']
		});
		watch(child);
		child.stdout!.on('data', (chunk) => (output += chunk));
		child.stderr!.on('data', (chunk) => (output += chunk));
		void register({ pid: child.pid }).catch(() => {});
	};

	const kill = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
		}
		await unregister({ pid: child.pid }).catch(() => {});
	};
	const stop = async () => {
		await kill();
		await database.drop();
	};

	const listening = async () => {
		// A first start builds the territory and the demo: ~15 s alone, minutes on a loaded 2-core machine.
		const deadline = Date.now() + 600_000;
		const from = output.length;
		while (!/Listening on/.test(output.slice(from))) {
			if (child.exitCode !== null) {
				await stop();
				throw new Error(`Le serveur s’est arrêté (code ${child.exitCode}) :\n${output}`);
			}
			if (Date.now() > deadline) {
				await stop();
				throw new Error(`Le serveur n’a pas démarré en 600 s :\n${output}`);
			}
			await new Promise((r) => setTimeout(r, 100));
		}
	};

	spawnServer();
	await listening();
	const withDatabase = async <T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T> => {
		// PGlite is one process only: the server steps aside, then starts again on the same port.
		if (backend === 'pglite') await kill();
		const handle = await openDatabase({ databaseUrl: database.url, pgliteDir: database.pgliteDir });
		try {
			return await fn(handle.db);
		} finally {
			await handle.close();
			if (backend === 'pglite') {
				spawnServer();
				await listening();
			}
		}
	};
	const signal = async (name: NodeJS.Signals) => {
		const t0 = performance.now();
		const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) =>
			// 'close', not 'exit': the process's last lines have been read from its pipes by then.
			child.once('close', (code, by) => resolve({ code, signal: by, ms: performance.now() - t0 }))
		);
		child.kill(name);
		const result = await exited;
		await unregister({ pid: child.pid }).catch(() => {});
		return result;
	};
	const start = async () => {
		spawnServer();
		await listening();
	};
	return {
		url,
		backend,
		output: () => output,
		withDatabase,
		stop,
		running: () => child.exitCode === null && child.signalCode === null,
		signal,
		start
	};
}

/** Signs in through the login form (as a browser would) and returns the session cookie. */
export async function login(server: RunningServer, email = ADMIN.email, password = ADMIN.password): Promise<string> {
	const response = await fetch(`${server.url}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: server.url },
		body: new URLSearchParams({ email, password })
	});
	const cookie = response.headers.get('set-cookie')?.match(/maillage_session=[^;]+/)?.[0];
	if (response.status !== 303 || !cookie) throw new Error(`Connexion de ${email} refusée (HTTP ${response.status})`);
	return cookie;
}

/** Posts a form of the app as a browser would (same origin), with a session cookie. */
export function postForm(server: RunningServer, path: string, cookie: string, body: Record<string, string>): Promise<Response> {
	return fetch(`${server.url}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: server.url, cookie },
		body: new URLSearchParams(body)
	});
}

/**
 * A reader's session, through the screens: the administrator opens the account, the reader signs in
 * with the one-time password and chooses their own, then signs in again.
 */
export async function readerSession(server: RunningServer, admin: string, email = 'lecteur@maillage.test'): Promise<string> {
	const created = await postForm(server, '/admin/utilisateurs?/create', admin, { email, nom: 'Lecteur', role: 'lecteur' });
	const oneTime = (await created.text()).match(/à transmettre : ([\w-]+)/)![1];
	const first = await login(server, email, oneTime);
	await postForm(server, '/compte?/password', first, {
		current: oneTime,
		password: 'lecteur-mot-de-passe',
		confirm: 'lecteur-mot-de-passe'
	});
	return login(server, email, 'lecteur-mot-de-passe');
}
