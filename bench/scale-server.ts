// A server over a large synthetic territory, for the benchmarks at scale (map, load): `actors`
// demo structures (one in ten accompanied) loaded straight into the database, ANALYZEd, then the
// built server started on it with MAILLAGE_AUTH=off. Needs `npm run build` first.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { readConfig } from '../src/lib/server/config';
import { prepareDatabase } from '../src/lib/server/db/index';
import { loadDemo } from '../src/lib/server/demo/load';
import { createServerDatabase } from '../tests/helpers/backends';
import { startServer, type RunningServer } from '../tests/helpers/server';

export const mirror = process.env.MAILLAGE_DATA_MIRROR ?? path.resolve('..', 'shared', 'geo');

export interface ScaleServer {
	server: RunningServer;
	/** Actors with a position. */
	placed: number;
	/** Time to generate and load the actors. */
	loadMs: number;
	close(): Promise<void>;
}

export async function startScaleServer(
	backend: 'pglite' | 'postgresql',
	serverUrl: string | null,
	actors: number,
	label: string
): Promise<ScaleServer> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `maillage-bench-${label}-`));
	const database = backend === 'postgresql' ? await createServerDatabase(serverUrl!, `maillage_bench_${label}`) : null;
	const config = { ...readConfig({ MAILLAGE_DATA_MIRROR: mirror }), pgliteDir: dir, databaseUrl: database?.url ?? null };
	process.env.MAILLAGE_DEMO = 'off';
	const handle = await prepareDatabase(config, () => {});
	const t0 = performance.now();
	await loadDemo(handle.db, config.departement, new Date(), 57, {
		structures: actors,
		initiatives: 300,
		accompaniments: Math.round(actors / 10)
	});
	await sql`ANALYZE`.execute(handle.db);
	const loadMs = performance.now() - t0;
	const placed = Number(
		(
			await handle.db
				.selectFrom('actor')
				.select((eb) => eb.fn.countAll().as('n'))
				.where('geom', 'is not', null)
				.executeTakeFirstOrThrow()
		).n
	);
	await handle.close();
	// The helper's own database is unused: DATABASE_URL / the PGlite directory point at the one filled here.
	const server = await startServer('pglite', { MAILLAGE_PGLITE_DIR: dir, DATABASE_URL: database?.url ?? '', MAILLAGE_AUTH: 'off' });
	return {
		server,
		placed,
		loadMs,
		close: async () => {
			await server.stop();
			await database?.drop();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}

/**
 * Runs `measure` on each backend named (the PostgreSQL server only when a URL is given); says
 * plainly what is not measured.
 */
export async function onEachScaleBackend(
	title: string,
	serverUrl: string | null,
	backends: string[],
	measure: (backend: 'pglite' | 'postgresql') => Promise<void>
): Promise<void> {
	if (!fs.existsSync('build/index.js')) {
		console.log(`${title} : non mesuré (pas de build : npm run build)`);
		return;
	}
	for (const backend of backends) {
		if (backend === 'postgresql' && !serverUrl) {
			console.log(`${title}, PostgreSQL : non mesuré (BENCH_DATABASE_URL ou TEST_DATABASE_URL absent)`);
			continue;
		}
		await measure(backend as 'pglite' | 'postgresql');
	}
}
