// Start-up times and territory import time, on PGlite and (when a URL is given) on the
// PostgreSQL server. `npm run bench` prints the figures, and PGlite's starts as ratios to a fresh
// PostgreSQL database's in the same run (issue 20: first and warm start ≤ 2×), with the RSS.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createServerDatabase } from '../tests/helpers/backends';
import { migrateToLatest, openDatabase } from '../src/lib/server/db/client';
import { prepareDatabase } from '../src/lib/server/db/index';
import { readConfig } from '../src/lib/server/config';
import { importTerritories } from '../src/lib/server/territories/import';

const mirror = process.env.MAILLAGE_DATA_MIRROR ?? path.resolve('..', 'shared', 'geo');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const verdict = (ok: boolean) => (ok ? 'atteint' : 'NON atteint');
const rssMb = () => Math.round(process.memoryUsage().rss / 1024 / 1024);

export async function benchTerritories(serverUrl: string | null): Promise<void> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maillage-bench-'));
	const config = { ...readConfig({ MAILLAGE_DATA_MIRROR: mirror }), pgliteDir: dir, databaseUrl: null };
	const quiet = () => {};

	let t = performance.now();
	const cold = await prepareDatabase(config, quiet);
	const coldMs = performance.now() - t;
	await cold.close();

	t = performance.now();
	const warm = await prepareDatabase(config, quiet);
	const warmMs = performance.now() - t;
	const warmRss = rssMb();
	t = performance.now();
	await importTerritories(warm.db, config);
	const reimportMs = performance.now() - t;
	await warm.close();
	fs.rmSync(dir, { recursive: true, force: true });

	const mem = await openDatabase({ databaseUrl: null, pgliteDir: 'memory://' });
	await migrateToLatest(mem.db);
	t = performance.now();
	await importTerritories(mem.db, config);
	const importMs = performance.now() - t;
	await mem.close();

	console.log('Territoires (Moselle, 725 communes) — PGlite');
	console.log(`  démarrage à froid (création, migrations, import) : ${seconds(coldMs)}`);
	console.log(`  démarrage à chaud (répertoire de données existant) : ${seconds(warmMs)} ; RSS du processus ensuite : ${warmRss} Mo`);
	console.log(`  import complet des territoires : ${seconds(importMs)} ; ré-import sans changement : ${seconds(reimportMs)}`);

	if (!serverUrl) {
		console.log('  PostgreSQL : non mesuré (BENCH_DATABASE_URL ou TEST_DATABASE_URL non défini)');
		return;
	}
	// The same start as PGlite's above, on a fresh database of the server, then again on it.
	const fresh = await createServerDatabase(serverUrl, 'maillage_bench_start');
	let serverColdMs: number;
	let serverWarmMs: number;
	try {
		const serverConfig = { ...config, databaseUrl: fresh.url };
		t = performance.now();
		const first = await prepareDatabase(serverConfig, quiet);
		serverColdMs = performance.now() - t;
		await first.close();
		t = performance.now();
		const again = await prepareDatabase(serverConfig, quiet);
		serverWarmMs = performance.now() - t;
		await again.close();
	} finally {
		await fresh.drop();
	}
	const coldRatio = coldMs / serverColdMs;
	const warmRatio = warmMs / serverWarmMs;
	console.log('Démarrage — PGlite / base PostgreSQL neuve, même exécution');
	console.log(
		`  premier démarrage : ${seconds(coldMs)} / ${seconds(serverColdMs)} = ${coldRatio.toFixed(1)}× — cible ≤ 2× : ${verdict(coldRatio <= 2)}`
	);
	console.log(
		`  démarrage à chaud : ${seconds(warmMs)} / ${seconds(serverWarmMs)} = ${warmRatio.toFixed(1)}× — cible ≤ 2× : ${verdict(warmRatio <= 2)}`
	);

	const database = await createServerDatabase(serverUrl, 'maillage_bench');
	try {
		const server = await openDatabase({ databaseUrl: database.url, pgliteDir: '' });
		await migrateToLatest(server.db);
		t = performance.now();
		await importTerritories(server.db, config);
		const serverImport = performance.now() - t;
		t = performance.now();
		await importTerritories(server.db, config);
		const serverReimport = performance.now() - t;
		await server.close();
		console.log('Territoires — PostgreSQL');
		console.log(`  import complet : ${seconds(serverImport)} ; ré-import sans changement : ${seconds(serverReimport)}`);
	} finally {
		await database.drop();
	}
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	await benchTerritories(process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? null);
}
