// Starts the built Maillage server (adapter-node) on a free port against a fresh database.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { openDatabase, type Backend } from '../../src/lib/server/db/client';
import type { Database } from '../../src/lib/server/db/schema';
import { createTestDatabase } from './backends';
import { MIRROR } from './config';

/** The first administrator every test server starts with. */
export const ADMIN = { email: 'admin@maillage.test', password: 'mot-de-passe-de-test-1' };

export interface RunningServer {
	url: string;
	backend: Backend;
	/** Everything the server printed so far. */
	output(): string;
	/**
	 * Runs `fn` on the server's database, opened independently of the app. PGlite is one process
	 * only: on that backend the server is stopped first (call this last).
	 */
	withDatabase<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T>;
	stop(): Promise<void>;
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

/** `env` overrides the server's environment; a key set to undefined is removed from it. */
export async function startServer(backend: Backend, env: Record<string, string | undefined> = {}): Promise<RunningServer> {
	if (!fs.existsSync('build/index.js')) throw new Error('build/index.js absent : lancez « npm run build » (le globalSetup des tests le fait)');
	const database = await createTestDatabase(backend, fs.mkdtempSync(path.join(os.tmpdir(), 'maillage-pglite-')));
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const merged: Record<string, string | undefined> = {
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
	const child: ChildProcess = spawn(process.execPath, ['build/index.js'], {
		env: Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined)),
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (chunk) => (output += chunk));
	child.stderr!.on('data', (chunk) => (output += chunk));

	const kill = async () => {
		if (child.exitCode === null) {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
		}
	};
	const stop = async () => {
		await kill();
		await database.drop();
		if (backend === 'pglite') fs.rmSync(database.pgliteDir, { recursive: true, force: true });
	};

	// A first start builds the territory and the demo: ~15 s alone, minutes on a loaded 2-core machine.
	const deadline = Date.now() + 600_000;
	while (!/Listening on/.test(output)) {
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
	const withDatabase = async <T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T> => {
		if (backend === 'pglite') await kill();
		const handle = await openDatabase({ databaseUrl: database.url, pgliteDir: database.pgliteDir });
		try {
			return await fn(handle.db);
		} finally {
			await handle.close();
		}
	};
	return { url, backend, output: () => output, withDatabase, stop };
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
