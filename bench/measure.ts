// What the database benches share: the median of timed runs after a warm-up, and running a bench
// on a fresh PGlite in memory and on a fresh database of the PostgreSQL server.
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../src/lib/server/db/client';
import { createServerDatabase } from '../tests/helpers/backends';

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

/** The median time of `runs` runs after one warm-up, with the last result. */
export async function timed<T>(fn: () => Promise<T>, runs = 5): Promise<{ ms: number; result: T }> {
	let result = await fn(); // warm-up
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		result = await fn();
		times.push(performance.now() - t);
	}
	return { ms: median(times), result };
}

/**
 * Runs `bench` on each backend named in `backends` (`pglite`, `postgresql`), each database migrated
 * then `prepare`d; the server's is dropped afterwards unless `keep` (its URL is then printed).
 */
export async function onBackends(
	serverUrl: string | null,
	backends: string[],
	prepare: (handle: DatabaseHandle) => Promise<void>,
	bench: (label: string, handle: DatabaseHandle) => Promise<void>,
	keep = false
): Promise<void> {
	if (backends.includes('pglite')) {
		const pglite = await openDatabase({ databaseUrl: null, pgliteDir: 'memory://' });
		try {
			await migrateToLatest(pglite.db);
			await prepare(pglite);
			await bench('PGlite', pglite);
		} finally {
			await pglite.close();
		}
	}
	if (!backends.includes('postgresql')) return;
	if (!serverUrl) {
		console.log('  PostgreSQL : non mesuré (BENCH_DATABASE_URL ou TEST_DATABASE_URL non défini)');
		return;
	}
	const server = await createServerDatabase(serverUrl, 'maillage_bench');
	const handle = await openDatabase({ databaseUrl: server.url, pgliteDir: '' });
	try {
		await migrateToLatest(handle.db);
		await prepare(handle);
		await bench('PostgreSQL', handle);
	} finally {
		await handle.close();
		if (keep) console.log(`  base gardée : ${server.url}`);
		else await server.drop();
	}
}
