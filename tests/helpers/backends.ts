// The database backends a test runs against: the embedded PGlite always, the PostgreSQL server
// when TEST_DATABASE_URL is set (CI sets it). Each test gets a database of its own.
import pg from 'pg';
import { openDatabase, migrateToLatest, type Backend, type DatabaseHandle } from '../../src/lib/server/db/client';

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
