// Import throughput, end to end (read, validate, upsert in one transaction): a 100,000-row
// SIRENE-style file (joined StockEtablissement + legal-unit columns; 75 % kept, the rest closed,
// outside the territory or outside the ESS), on PGlite and, when a URL is given, PostgreSQL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { readConfig } from '../src/lib/server/config';
import { copyRows } from '../src/lib/server/db/copy';
import type { Database } from '../src/lib/server/db/schema';
import type { DatabaseHandle } from '../src/lib/server/db/client';
import { prepareDatabase } from '../src/lib/server/db/index';
import { DryRunRollback, runImport, writeActorBatches } from '../src/lib/server/importer';
import type { ActorBatch } from '../src/lib/server/imports/actor-batches';
import { readActorBatches } from '../src/lib/server/imports/reader';
import { emptySummary } from '../src/lib/server/imports/types';
import { actorFacets } from '../src/lib/server/queries/actor-list';
import { parseActorFilter } from '../src/lib/schemas/actor-filter';
import { createServerDatabase } from '../tests/helpers/backends';
import { csvText, ETABLISSEMENT_HEADER, JOINED_UNIT_COLUMNS, sireneRow, sirenOf, siretOf } from '../tests/fixtures/imports/builders';

const mirror = process.env.MAILLAGE_DATA_MIRROR ?? path.resolve('..', 'shared', 'geo');
const COMMUNES = ['57463', '57672', '57751', '57606', '57227', '57630', '57089', '57019'];

function variant(i: number): Record<string, string> {
	const r = i % 20;
	if (r === 0) return { etatAdministratifEtablissement: 'F' };
	if (r === 1) return { codeCommuneEtablissement: '54395' };
	if (r < 5) return { categorieJuridiqueUniteLegale: '5499', economieSocialeSolidaireUniteLegale: 'N' };
	if (r === 5) return { coordonneeLambertAbscisseEtablissement: '[ND]', coordonneeLambertOrdonneeEtablissement: '[ND]' };
	return {};
}

export async function generate(file: string, rows: number): Promise<void> {
	const header = [...ETABLISSEMENT_HEADER, ...JOINED_UNIT_COLUMNS];
	const out = fs.createWriteStream(file);
	out.write(`${header.join(',')}\n`);
	for (let start = 0; start < rows; start += 1000) {
		const chunk: Record<string, string>[] = [];
		for (let i = start; i < Math.min(rows, start + 1000); i++) {
			const siren = sirenOf(10_000_000 + i);
			chunk.push(
				sireneRow({
					siren,
					siret: siretOf(siren, 1 + (i % 7)),
					codeCommuneEtablissement: COMMUNES[i % COMMUNES.length],
					coordonneeLambertAbscisseEtablissement: String(920_000 + (i % 30_000)),
					coordonneeLambertOrdonneeEtablissement: String(6_880_000 + (i % 30_000)),
					denominationUniteLegale: `ASSOCIATION NUMERO ${i}`,
					...variant(i)
				})
			);
		}
		out.write(csvText(chunk, { header }).split('\n').slice(1).join('\n'));
	}
	await new Promise((resolve) => out.end(resolve));
}

/** A new database for one measure (a PGlite directory, or a database of the server), dropped afterwards. */
async function withBenchDatabase(serverUrl: string | null, work: (handle: DatabaseHandle) => Promise<void>): Promise<void> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maillage-bench-import-'));
	const database = serverUrl ? await createServerDatabase(serverUrl, 'maillage_bench') : null;
	try {
		const config = { ...readConfig({ MAILLAGE_DATA_MIRROR: mirror }), pgliteDir: dir, databaseUrl: database?.url ?? null };
		const handle = await prepareDatabase(config, () => {});
		try {
			await work(handle);
		} finally {
			await handle.close();
		}
	} finally {
		await database?.drop();
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

async function measure(label: string, handle: DatabaseHandle, file: string): Promise<void> {
	const bare = await bareCopy(handle.db, file);
	// The floor: reading and checking the rows alone (the worker thread), without the database.
	const tr = performance.now();
	const read: ActorBatch[] = [];
	for await (const batch of readActorBatches(file, { fileName: path.basename(file), format: 'sirene', departement: '57' }))
		read.push(batch);
	const readS = (performance.now() - tr) / 1000;
	const databaseS = await databasePartAlone(handle.db, read);
	const t0 = performance.now();
	const {
		result: first,
		rssMb,
		heapMb
	} = await peakMemory(() => runImport(handle.db, file, { fileName: path.basename(file), departement: '57' }));
	const firstS = (performance.now() - t0) / 1000;
	const facets = await facetsAgainstGroupBy(handle.db);
	// The same batches again over the imported actors: the database part of an identical re-import.
	const againDatabaseS = await databasePartAlone(handle.db, read);
	const t1 = performance.now();
	const again = await runImport(handle.db, file, { fileName: path.basename(file), departement: '57' });
	const againS = (performance.now() - t1) / 1000;
	const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('fr-FR');
	console.log(`Import SIRENE ${first.summary.read.toLocaleString('fr-FR')} lignes — ${label}`);
	console.log(
		`  premier import : ${firstS.toFixed(1)} s, ${rate(first.summary.read, firstS)} lignes/s (${first.summary.imported} créés, ${first.summary.skipped} ignorés, ${first.summary.rejected} rejetés)`
	);
	console.log(
		`    lecture et contrôle des lignes seuls (fil de travail, sans la base) : ${readS.toFixed(1)} s, soit ${(readS / bare).toFixed(1)}× le COPY nu ; la base écrit pendant la lecture`
	);
	console.log(
		`    la base seule (lignes déjà lues : écriture, index, ANALYZE ; annulé ensuite) : ${databaseS.toFixed(1)} s, soit ${(databaseS / bare).toFixed(1)}× le COPY nu : le plancher de l’import, quoi qui lise le fichier`
	);
	console.log(
		`  ré-import identique : ${againS.toFixed(1)} s, ${rate(again.summary.read, againS)} lignes/s (${again.summary.unchanged} inchangés)`
	);
	console.log(
		`    la base seule (lignes inchangées écartées avant l’INSERT, ni écrites ni verrouillées) : ${againDatabaseS.toFixed(1)} s, soit ${(againDatabaseS / bare).toFixed(1)}× le COPY nu`
	);
	const target = handle.backend === 'postgresql' ? 5 : 10;
	console.log(
		`  COPY nu du même fichier (table de colonnes texte) : ${bare.toFixed(2)} s ; rapport import/COPY ${(firstS / bare).toFixed(1)}× (cible ≤ ${target}×)`
	);
	console.log(
		`  facettes juste après l’import : ${facets.facetsMs.toFixed(0)} ms ; GROUP BY nu sur les acteurs ${facets.bareMs.toFixed(0)} ms ; rapport ${(facets.facetsMs / facets.bareMs).toFixed(1)}× (cible ≤ 15×)`
	);
	console.log(
		`  mémoire pendant le premier import : tas JavaScript max ${heapMb.toFixed(0)} Mo ; résidente max du processus ${rssMb.toFixed(0)} Mo (dont PGlite/WASM et les lignes lues d’avance par le banc)`
	);
}

/**
 * The explorer's facets (all of them, no filter: the heaviest case) right after the import, with
 * no manual ANALYZE, against one bare GROUP BY over the actors; medians of 3 after a first run each.
 */
async function facetsAgainstGroupBy(db: Kysely<Database>): Promise<{ facetsMs: number; bareMs: number }> {
	const filter = parseActorFilter(new URLSearchParams());
	if (!filter.success) throw new Error('filtre vide refusé');
	const median3 = async (work: () => Promise<unknown>) => {
		await work();
		const times: number[] = [];
		for (let i = 0; i < 3; i++) {
			const t = performance.now();
			await work();
			times.push(performance.now() - t);
		}
		return times.sort((a, b) => a - b)[1];
	};
	const facetsMs = await median3(() => actorFacets(db, filter.data));
	const bareMs = await median3(() => sql`SELECT commune_code, count(*) FROM actor GROUP BY 1`.execute(db));
	return { facetsMs, bareMs };
}

/**
 * The database part of an import alone, on batches read beforehand: written as runImport writes
 * them (writeActorBatches), then ANALYZE, in a transaction rolled back so that the table is as it
 * was (empty: a first import; holding the same actors: an identical re-import).
 */
async function databasePartAlone(db: Kysely<Database>, batches: ActorBatch[]): Promise<number> {
	const t = performance.now();
	let seconds = 0;
	await db
		.transaction()
		.execute(async (tx) => {
			async function* replay() {
				yield* batches;
			}
			await writeActorBatches(tx, replay(), {}, emptySummary(), []);
			await sql`ANALYZE actor, contact`.execute(tx);
			seconds = (performance.now() - t) / 1000;
			throw new DryRunRollback();
		})
		.catch((error) => {
			if (!(error instanceof DryRunRollback)) throw error;
		});
	return seconds;
}

/** The reference: the same file loaded by a bare COPY into a table of text columns, nothing checked. */
async function bareCopy(db: Kysely<Database>, file: string): Promise<number> {
	const header = fs
		.readFileSync(file, 'utf8')
		.slice(0, 64 * 1024)
		.split('\n')[0]
		.split(',');
	await sql`CREATE TABLE bench_bare_copy (${sql.raw(header.map((h) => `"${h}" text`).join(', '))})`.execute(db);
	try {
		const t0 = performance.now();
		await copyRows(db, 'bench_bare_copy', header, fs.readFileSync(file, 'utf8').slice(header.join(',').length + 1), 'csv');
		return (performance.now() - t0) / 1000;
	} finally {
		await sql`DROP TABLE bench_bare_copy`.execute(db);
	}
}

/** Peak resident size and JavaScript heap of this process while `work` runs, sampled every 100 ms. */
async function peakMemory<T>(work: () => Promise<T>): Promise<{ result: T; rssMb: number; heapMb: number; baseRssMb: number }> {
	const baseRss = process.memoryUsage().rss;
	let rss = baseRss;
	let heap = 0;
	const sample = setInterval(() => {
		const m = process.memoryUsage();
		rss = Math.max(rss, m.rss);
		heap = Math.max(heap, m.heapUsed);
	}, 100);
	try {
		const result = await work();
		return { result, rssMb: rss / 1e6, heapMb: heap / 1e6, baseRssMb: baseRss / 1e6 };
	} finally {
		clearInterval(sample);
	}
}

/**
 * Memory stays bounded whatever the file's size (issue 20: a 1,000,000-row file imports with flat
 * RSS): a first import of each file into a new database, the process's memory sampled during the
 * import alone. What the process holds grows with the accepted rows (each one's key, for the
 * duplicate check: docs/scale.md) and the rejected rows (they are reported), never with the file's
 * bytes.
 */
async function importMemory(label: string, serverUrl: string | null, files: { rows: number; file: string }[]): Promise<void> {
	console.log(`Mémoire d’un premier import selon la taille du fichier — ${label}`);
	const growth: number[] = [];
	for (const { rows, file } of files) {
		await withBenchDatabase(serverUrl, async (handle) => {
			const t = performance.now();
			const { result, rssMb, heapMb, baseRssMb } = await peakMemory(() =>
				runImport(handle.db, file, { fileName: path.basename(file), departement: '57' })
			);
			const seconds = (performance.now() - t) / 1000;
			growth.push(rssMb - baseRssMb);
			console.log(
				`  ${rows.toLocaleString('fr-FR')} lignes : ${seconds.toFixed(0)} s (${result.summary.imported.toLocaleString('fr-FR')} créés) ; résidente ${baseRssMb.toFixed(0)} Mo avant, ${rssMb.toFixed(0)} Mo au plus pendant (+${(rssMb - baseRssMb).toFixed(0)} Mo) ; tas JavaScript max ${heapMb.toFixed(0)} Mo`
			);
		});
	}
	if (growth.length === 2)
		console.log(
			`  croissance de la mémoire résidente pendant l’import, grand fichier / petit : ${(growth[1] / Math.max(growth[0], 1)).toFixed(1)}× pour ${(files[1].rows / files[0].rows).toFixed(0)}× plus de lignes (cible : plate)`
		);
}

async function benchFile(rows: number): Promise<string> {
	const file = path.join(os.tmpdir(), `maillage-bench-sirene-${rows}.csv`);
	if (!fs.existsSync(file)) await generate(file, rows);
	return file;
}

export async function benchImports(serverUrl: string | null, rows = 100_000, largeRows = 1_000_000): Promise<void> {
	// The file is read in a worker thread: the built one when there is a build, as in production.
	if (fs.existsSync('build/import-worker.js')) process.env.MAILLAGE_IMPORT_WORKER ??= path.resolve('build/import-worker.js');
	console.log(`Fil de lecture de l’import : ${process.env.MAILLAGE_IMPORT_WORKER ?? 'les sources, par tsx (pas de build)'}`);
	// Databases created by the bench hold the imported actors alone.
	process.env.MAILLAGE_DEMO = 'off';
	const file = await benchFile(rows);
	const pglite = process.env.BENCH_SKIP_PGLITE !== '1';
	if (pglite) await withBenchDatabase(null, (handle) => measure('PGlite', handle, file));
	if (serverUrl) await withBenchDatabase(serverUrl, (handle) => measure('PostgreSQL', handle, file));
	if (largeRows <= rows) return;
	const files = [
		{ rows, file },
		{ rows: largeRows, file: await benchFile(largeRows) }
	];
	if (pglite) await importMemory('PGlite', null, files);
	if (serverUrl) await importMemory('PostgreSQL', serverUrl, files);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	await benchImports(
		process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? null,
		Number(process.env.BENCH_ROWS ?? 100_000),
		Number(process.env.BENCH_IMPORT_LARGE_ROWS ?? 1_000_000)
	);
}
