// Seeded databases for the tests: each stage is made once per test run (by the global setup, see
// tests/global-setup.ts) and every test that needs it gets a copy, instead of importing the
// territories again (seconds on PostgreSQL, tens of seconds on PGlite with PostGIS).
//
//   territories  migrated, with the territory reference of the test département (57)
//   collectivites  + the NAF → sector table and the collectivités as actors: what the server
//                makes of an empty database
//   demo         + the demo territory: what the server makes of it unless MAILLAGE_DEMO=off
//
// On PostgreSQL a stage is a database cloned with CREATE DATABASE … TEMPLATE; on PGlite, a data
// directory written by a closed instance, copied (PGlite opens a copied directory as its own).
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from '../../src/lib/server/db/schema';
import { migrateToLatest, openDatabase, type Backend } from '../../src/lib/server/db/client';
import { importTerritories } from '../../src/lib/server/territories/import';
import { syncCollectivites } from '../../src/lib/server/territories/collectivites';
import { loadCogDepartement } from '../../src/lib/server/territories/cog';
import { loadDemo } from '../../src/lib/server/demo/load';
import { syncNafSectors } from '../../src/lib/server/queries/actors';
import { sectorDivisions } from '../../src/lib/server/reference';
import { testConfig } from './config';

export type SeedStage = 'territories' | 'collectivites' | 'demo';
export const SEED_STAGES: SeedStage[] = ['territories', 'collectivites', 'demo'];

/** Where a stage is kept: a PGlite data directory, or a PostgreSQL database name. */
export type SeedTemplate = { backend: 'pglite'; dir: string } | { backend: 'postgresql'; database: string };

/** The server configuration a seeded database matches: only these variables shape its content. */
// The first administrator too: a test of the first start (README path) wants a database that never had one.
export const SEED_SHAPING_ENV = [
	'MAILLAGE_DEPARTEMENT',
	'MAILLAGE_DATA_MIRROR',
	'MAILLAGE_CONFIG_DIR',
	'MAILLAGE_PGLITE_DIR',
	'DATABASE_URL',
	'MAILLAGE_ADMIN_EMAIL',
	'MAILLAGE_ADMIN_PASSWORD'
];

/** The stage a server started with `env` would build from an empty database, or null if none fits. */
export function serverStage(env: Record<string, string | undefined>): SeedStage | null {
	if (SEED_SHAPING_ENV.some((name) => name in env)) return null;
	return env.MAILLAGE_DEMO === 'off' ? 'collectivites' : 'demo';
}

/** A database name on the server: letters, digits and underscores only. */
export function databaseName(prefix: string): string {
	return `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`.replace(/[^a-z0-9_]/g, '_');
}

export function serverUrlFor(serverUrl: string, database: string): string {
	const url = new URL(serverUrl);
	url.pathname = `/${database}`;
	return url.href;
}

/** Runs one statement on the server's maintenance database (CREATE/DROP DATABASE). */
export async function adminQuery(serverUrl: string, statement: string): Promise<void> {
	const client = new pg.Client({ connectionString: serverUrl });
	await client.connect();
	try {
		await client.query(statement);
	} finally {
		await client.end();
	}
}

/**
 * A copy of a PostgreSQL database. The source must have no open connection (the seeding
 * connections are closed); a clone running at the same moment from the same source is allowed.
 */
export async function cloneServerDatabase(serverUrl: string, source: string, target: string): Promise<void> {
	for (let attempt = 1; ; attempt++) {
		try {
			await adminQuery(serverUrl, `CREATE DATABASE ${target} TEMPLATE ${source}`);
			return;
		} catch (error) {
			// « source database is being accessed by other users »: a connection still closing.
			if (attempt >= 20 || !/being accessed by other users/.test((error as Error).message)) throw error;
			await new Promise((r) => setTimeout(r, 250));
		}
	}
}

/** A copy of a PGlite data directory written by a closed instance. */
export function clonePgliteDirectory(source: string, target: string): void {
	fs.mkdirSync(path.dirname(target), { recursive: true });
	fs.cpSync(source, target, { recursive: true });
}

/** What a stage adds to the one before it, on an open database. */
export async function seedStep(db: Kysely<Database>, stage: SeedStage): Promise<void> {
	const config = testConfig();
	if (stage === 'territories') {
		await migrateToLatest(db);
		await importTerritories(db, config);
	} else if (stage === 'collectivites') {
		// As the server does at its start (prepareDatabase): the NAF → sector table first, so that
		// the actors written next get their sector, and the server has nothing to re-sector.
		await syncNafSectors(db, await sectorDivisions(config.dataDir));
		await syncCollectivites(db, await loadCogDepartement(config.departement));
	} else {
		await loadDemo(db, config.departement);
	}
}

async function seedStepAt(stage: SeedStage, location: { databaseUrl: string | null; pgliteDir: string }): Promise<void> {
	const handle = await openDatabase(location);
	try {
		await seedStep(handle.db, stage);
	} finally {
		await handle.close();
	}
}

/**
 * Makes `stage` from `previous` (the stage before it, already made, or null for the first).
 * PGlite stages are directories under `workDir`; PostgreSQL stages are databases on `serverUrl`.
 */
export async function seedStage(
	backend: Backend,
	stage: SeedStage,
	previous: SeedTemplate | null,
	options: { workDir: string; serverUrl: string | null; runId: string }
): Promise<SeedTemplate> {
	if (backend === 'pglite') {
		const dir = path.join(options.workDir, `pglite-${stage}`);
		fs.rmSync(dir, { recursive: true, force: true });
		if (previous?.backend === 'pglite') clonePgliteDirectory(previous.dir, dir);
		await seedStepAt(stage, { databaseUrl: null, pgliteDir: dir });
		return { backend, dir };
	}
	if (!options.serverUrl) throw new Error('TEST_DATABASE_URL non défini');
	const database = `maillage_seed_${options.runId}_${stage}`;
	await adminQuery(options.serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
	if (previous?.backend === 'postgresql') await cloneServerDatabase(options.serverUrl, previous.database, database);
	else await adminQuery(options.serverUrl, `CREATE DATABASE ${database}`);
	await seedStepAt(stage, { databaseUrl: serverUrlFor(options.serverUrl, database), pgliteDir: 'memory://' });
	return { backend, database };
}
