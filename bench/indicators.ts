// The DLA's indicators (queries/indicators.ts) on the demo data, PGlite: every level over 10
// calendar years, the commune level being the largest answer (725 communes × 10 years = 7,250
// rows). Measured without the API's cache (each run computes everything, as the first request after
// a write does). Target: under 200 ms for the communes. BENCH_DATABASE_URL adds the server.
import { pathToFileURL } from 'node:url';
import { TERRITORY_LEVELS } from '../src/lib/domain/territory/levels';
import { openDatabase, type DatabaseHandle } from '../src/lib/server/db/client';
import { indicatorRows } from '../src/lib/server/queries/indicators';
import { createServerDatabase } from '../tests/helpers/backends';
import { seedStep } from '../tests/helpers/seed';

const TARGET_MS = 200;
const RUNS = 7;

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

async function benchBackend(label: string, handle: DatabaseHandle): Promise<void> {
	for (const stage of ['territories', 'collectivites', 'demo'] as const) await seedStep(handle.db, stage);
	const a = new Date().getFullYear();
	const de = a - 9;
	const accompaniments = await handle.db
		.selectFrom('accompaniment')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	console.log(`Indicateurs (démo, ${Number(accompaniments.n)} parcours, ${de}–${a}) — ${label} — objectif : communes < ${TARGET_MS} ms`);
	for (const level of [...TERRITORY_LEVELS].reverse()) {
		const query = { level, de, a, secteur: [] };
		let rows = await indicatorRows(handle.db, query, '57'); // warm-up
		const times: number[] = [];
		for (let i = 0; i < RUNS; i++) {
			const t = performance.now();
			rows = await indicatorRows(handle.db, query, '57');
			times.push(performance.now() - t);
		}
		const ms = median(times);
		const verdict = level === 'commune' ? (ms < TARGET_MS ? ' ✓' : ' ✗') : '';
		console.log(
			`  ${level.padEnd(15)} ${String(rows.length).padStart(5)} lignes  ${ms.toFixed(0).padStart(4)} ms (médiane de ${RUNS})${verdict}`
		);
	}
}

export async function benchIndicators(serverUrl: string | null): Promise<void> {
	const embedded = await openDatabase({ databaseUrl: null, pgliteDir: 'memory://' });
	try {
		await benchBackend('PGlite', embedded);
	} finally {
		await embedded.close();
	}
	if (!serverUrl) return;
	const database = await createServerDatabase(serverUrl, 'maillage_bench');
	const server = await openDatabase({ databaseUrl: database.url, pgliteDir: '' });
	try {
		await benchBackend('PostgreSQL', server);
	} finally {
		await server.close();
		await database.drop();
	}
}

if (import.meta.url === pathToFileURL(process.argv[1]).href)
	await benchIndicators(process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? null);
