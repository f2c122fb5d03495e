// The gap analysis at scale: the full EPCI × sector matrix of Moselle over 2,500, 100,000 and
// 1,000,000 ESS structures (10 % accompanied), on PGlite and on the PostgreSQL server; the ranking
// by EPCI with its distances (KNN on the geography index) and isolated structures; a bare
// GROUP BY commune × sector for scale; and the plan of the distance query (it must use the index).
// Sizes: BENCH_GAP_SIZES=2500,100000,1000000 (cumulative: each size adds structures to the last).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { readConfig } from '../src/lib/server/config';
import type { DatabaseHandle } from '../src/lib/server/db/client';
import type { Database } from '../src/lib/server/db/schema';
import { syncNafSectors } from '../src/lib/server/queries/actors';
import { distancePlan, gapAnalysis } from '../src/lib/server/queries/gaps';
import { sectorDivisions } from '../src/lib/server/reference';
import { importTerritories } from '../src/lib/server/territories/import';
import { onBackends, timed } from './measure';

const mirror = process.env.MAILLAGE_DATA_MIRROR ?? path.resolve('..', 'shared', 'geo');
const SIZES = (process.env.BENCH_GAP_SIZES ?? '2500,100000,1000000').split(',').map(Number);
const CHUNK = 50_000;
// BENCH_GAP_BACKENDS=postgresql skips PGlite (and the reverse).
const BACKENDS = (process.env.BENCH_GAP_BACKENDS ?? 'pglite,postgresql').split(',');
const YEARS = { from: 2024, to: 2026 };

/** Synthetic structures spread over the communes (jittered around their label point), sectors in
 * turn, a third non-employer, and one in ten accompanied at a date between 2020 and 2026. */
async function addStructures(db: Kysely<Database>, from: number, to: number, sectors: string[]): Promise<void> {
	for (let start = from; start <= to; start += CHUNK) {
		const end = Math.min(to, start + CHUNK - 1);
		await sql`
			WITH c AS (SELECT code, label_point, (row_number() OVER (ORDER BY code) - 1)::int AS i FROM territory WHERE level = 'commune'),
			n AS (SELECT count(*)::int AS n FROM c),
			inserted AS (
				INSERT INTO actor (kind, nom, commune_code, geom, precision, secteur, employeur, ess, source, source_id)
				SELECT 'structure_ess', 'Structure de mesure ' || g, c.code,
					ST_SetSRID(ST_MakePoint(ST_X(c.label_point) + ((g * 7907) % 1000 - 500) / 30000.0, ST_Y(c.label_point) + ((g * 6007) % 1000 - 500) / 45000.0), 4326),
					'adresse', (${sectors}::text[])[1 + (g * 13) % ${sectors.length}], g % 3 <> 0, true, 'bench', 'b' || g
				FROM generate_series(${start}::bigint, ${end}::bigint) AS g CROSS JOIN n
				JOIN c ON c.i = (g * 7919) % n.n
				RETURNING id
			)
			INSERT INTO accompaniment (actor_id, stage, date_accueil, date_diagnostic, emplois_cdi, source, source_id)
			SELECT id, 'diagnostic', DATE '2020-01-01' + (id * 37) % 2500, DATE '2020-01-01' + (id * 37) % 2500 + 30, id % 4, 'bench', 'ba' || id
			FROM inserted WHERE id % 10 = 0`.execute(db);
	}
	await sql`ANALYZE actor`.execute(db);
	await sql`ANALYZE accompaniment`.execute(db);
}

async function benchBackend(label: string, handle: DatabaseHandle, sectors: string[]): Promise<void> {
	const { db } = handle;
	console.log(`Manques (matrice EPCI × secteurs, ${YEARS.from}–${YEARS.to}) — ${label}`);
	let count = 0;
	for (const size of SIZES) {
		const t = performance.now();
		await addStructures(db, count + 1, size, sectors);
		const loadS = (performance.now() - t) / 1000;
		count = size;
		const runs = size >= 1_000_000 ? 3 : 5;
		const matrix = await timed(() => gapAnalysis(db, { level: 'epci', by: 'sector', ...YEARS }), runs);
		const ranking = await timed(() => gapAnalysis(db, { level: 'epci', by: 'territory', ...YEARS }), runs);
		const communes = await timed(() => gapAnalysis(db, { level: 'commune', by: 'territory', ...YEARS }), 1);
		const bare = await timed(
			() => sql`SELECT commune_code, secteur, count(*) FROM actor WHERE kind = 'structure_ess' GROUP BY 1, 2`.execute(db),
			runs
		);
		const top = matrix.result.rows[0];
		console.log(
			`  ${size.toLocaleString('fr-FR')} structures (chargées en ${loadS.toFixed(1)} s) : matrice ${matrix.ms.toFixed(0)} ms (${matrix.result.rows.length} cases) ; ` +
				`classement EPCI avec distances et isolées ${ranking.ms.toFixed(0)} ms ; classement des 725 communes ${communes.ms.toFixed(0)} ms ; ` +
				`GROUP BY commune × secteur nu ${bare.ms.toFixed(0)} ms ; 1re case : ${top.nom} × ${top.sector_label} (score ${top.score.toFixed(1)})`
		);
		// Issue 20's target: the matrix within 2× the bare GROUP BY of the same run (PostgreSQL, 1,000,000).
		console.log(`    rapport matrice / GROUP BY nu : ${(matrix.ms / bare.ms).toFixed(1)}× (cible ≤ 2× sur PostgreSQL à 1 000 000)`);
	}
	// The nearest accompanied structure: an index scan of the accompanied points, ordered by distance.
	const plan = (await distancePlan(db, 'epci', YEARS.from, YEARS.to)).split('\n');
	const indexLine = plan.find((l) => /Index Scan using gap_accompanied/.test(l));
	console.log(`  plan de la distance : ${indexLine ? indexLine.trim() : 'INDEX NON UTILISÉ — ' + plan.join(' | ')}`);
}

export async function benchGaps(serverUrl: string | null): Promise<void> {
	const config = { ...readConfig({ MAILLAGE_DATA_MIRROR: mirror }), databaseUrl: null };
	const sectors = [...new Set((await sectorDivisions(config.dataDir)).map((d) => d.secteur))];
	const prepare = async (handle: DatabaseHandle) => {
		await importTerritories(handle.db, config);
		await syncNafSectors(handle.db, await sectorDivisions(config.dataDir));
	};
	// BENCH_GAP_KEEP=1 keeps the server's database to study its plans (its URL is printed).
	await onBackends(
		serverUrl,
		BACKENDS,
		prepare,
		(label, handle) => benchBackend(label, handle, sectors),
		process.env.BENCH_GAP_KEEP === '1'
	);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	await benchGaps(process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? null);
}
