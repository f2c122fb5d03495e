// The database backends a test runs against: the embedded PGlite always, the PostgreSQL server
// when TEST_DATABASE_URL is set (CI sets it). Each test gets a database of its own: empty
// (`openTestDatabase`), or a copy of one seeded once per run (`openSeededTestDatabase`).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, migrateToLatest, type Backend, type DatabaseHandle } from '../../src/lib/server/db/client';
import { COORDINATOR_URL, RUN_DIR, register, seedTemplate, unregister } from './coordinator';
import {
	adminQuery,
	clonePgliteDirectory,
	cloneServerDatabase,
	databaseName,
	SEED_STAGES,
	seedStep,
	serverUrlFor,
	type SeedStage
} from './seed';

export const SERVER_URL = process.env.TEST_DATABASE_URL?.trim() || null;

export const BACKENDS: Backend[] = SERVER_URL ? ['pglite', 'postgresql'] : ['pglite'];

let counter = 0;

export interface TestDatabase {
	backend: Backend;
	/** PostgreSQL URL of the fresh database (server backend), or null (PGlite). */
	url: string | null;
	/** PGlite data directory (PGlite backend). */
	pgliteDir: string;
	drop(): Promise<void>;
}

/** A new, empty database on a PostgreSQL server (tests, benches), and how to drop it. */
export async function createServerDatabase(serverUrl: string, prefix = 'maillage_test'): Promise<{ url: string; drop(): Promise<void> }> {
	const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
	const admin = new pg.Client({ connectionString: serverUrl });
	await admin.connect();
	await admin.query(`CREATE DATABASE ${name}`);
	await admin.end();
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	return {
		url: url.href,
		drop: async () => {
			const client = new pg.Client({ connectionString: serverUrl });
			await client.connect();
			await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			await client.end();
		}
	};
}

/** A fresh, empty database on the given backend. */
export async function createTestDatabase(backend: Backend, pgliteDir = 'memory://'): Promise<TestDatabase> {
	if (backend === 'pglite') return { backend, url: null, pgliteDir, drop: async () => {} };
	if (!SERVER_URL) throw new Error('TEST_DATABASE_URL non défini');
	const database = await createServerDatabase(SERVER_URL);
	return { backend, url: database.url, pgliteDir, drop: database.drop };
}

/** A fresh database, opened and migrated. */
export async function openTestDatabase(backend: Backend): Promise<DatabaseHandle & { drop(): Promise<void> }> {
	const target = await createTestDatabase(backend);
	const handle = await openDatabase({ databaseUrl: target.url, pgliteDir: target.pgliteDir });
	await migrateToLatest(handle.db);
	return {
		...handle,
		drop: async () => {
			await handle.close();
			await target.drop();
		}
	};
}

/** What a seeded test database holds: the territories (57), plus the collectivités, plus the demo. */
export interface SeedOptions {
	territories?: boolean;
	collectivites?: boolean;
	demo?: boolean;
}

function stageOf(seed: SeedOptions): SeedStage {
	return seed.demo ? 'demo' : seed.collectivites ? 'collectivites' : 'territories';
}

/** A fresh PGlite data directory for this run (removed with the run's directory, or by `drop`). */
export function pgliteDirectory(): string {
	const parent = RUN_DIR ?? os.tmpdir();
	return fs.mkdtempSync(path.join(parent, 'maillage-pglite-'));
}

/**
 * A database of its own, migrated and seeded (by default with the territory reference of the
 * département 57, as `importTerritories(db, testConfig())` makes it): a copy of the run's seeded
 * template, made in a fraction of the import's time.
 */
export async function openSeededTestDatabase(
	backend: Backend,
	seed: SeedOptions = { territories: true }
): Promise<DatabaseHandle & { drop(): Promise<void> }> {
	const stage = stageOf(seed);
	let url: string | null = null;
	let pgliteDir = 'memory://';
	let dropTarget = async () => {};
	if (COORDINATOR_URL) {
		const template = await seedTemplate(backend, stage);
		if (template.backend === 'pglite') {
			pgliteDir = pgliteDirectory();
			fs.rmSync(pgliteDir, { recursive: true, force: true });
			clonePgliteDirectory(template.dir, pgliteDir);
			const dir = pgliteDir;
			dropTarget = async () => fs.rmSync(dir, { recursive: true, force: true });
		} else {
			if (!SERVER_URL) throw new Error('TEST_DATABASE_URL non défini');
			const name = databaseName('maillage_test');
			await register({ database: name });
			await cloneServerDatabase(SERVER_URL, template.database, name);
			url = serverUrlFor(SERVER_URL, name);
			dropTarget = async () => {
				await adminQuery(SERVER_URL!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
				await unregister({ database: name });
			};
		}
	} else {
		// No test run around (a script): this database is seeded by itself, stage by stage.
		const handle = await openTestDatabase(backend);
		for (const step of SEED_STAGES.slice(0, SEED_STAGES.indexOf(stage) + 1)) await seedStep(handle.db, step);
		return handle;
	}
	const handle = await openDatabase({ databaseUrl: url, pgliteDir });
	return {
		...handle,
		drop: async () => {
			await handle.close();
			await dropTarget();
		}
	};
}
