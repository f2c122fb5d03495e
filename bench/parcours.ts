// The parcours board at scale: 20,000 structures, 2,000 running parcours (every stage, a third
// with a next follow-up, a step journal), 40,000 contact-log entries, on PGlite and on the
// PostgreSQL server. Measures the board query (GET /api/parcours), « À faire » and the explorer's
// parcours filters (« en attente », « suivi en retard »), median of 5 runs after a warm-up.
// BENCH_PARCOURS_BACKENDS=postgresql skips PGlite (and the reverse).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { todayIn } from '../src/lib/domain/parcours/calendar';
import { DEFAULT_PARCOURS_CONFIG } from '../src/lib/domain/parcours/config';
import { actorFilterSchema } from '../src/lib/schemas/actor-filter';
import { parcoursQuerySchema } from '../src/lib/schemas/parcours';
import { readConfig } from '../src/lib/server/config';
import type { DatabaseHandle } from '../src/lib/server/db/client';
import type { Database } from '../src/lib/server/db/schema';
import { listActors } from '../src/lib/server/queries/actor-list';
import { parcoursBoard, parcoursTodo } from '../src/lib/server/queries/parcours';
import { importTerritories } from '../src/lib/server/territories/import';
import { onBackends, timed } from './measure';

const mirror = process.env.MAILLAGE_DATA_MIRROR ?? path.resolve('..', 'shared', 'geo');
const BACKENDS = (process.env.BENCH_PARCOURS_BACKENDS ?? 'pglite,postgresql').split(',');
const STRUCTURES = 20_000;
const PARCOURS = 2_000;

/** Structures on the communes, one in ten with a running parcours (stages in turn), two contacts each. */
async function fill(db: Kysely<Database>): Promise<void> {
	await sql`
		WITH c AS (SELECT code, label_point, (row_number() OVER (ORDER BY code) - 1)::int AS i FROM territory WHERE level = 'commune'),
		n AS (SELECT count(*)::int AS n FROM c)
		INSERT INTO actor (kind, nom, commune_code, geom, precision, employeur, ess, source, source_id)
		SELECT 'structure_ess', 'Structure de mesure ' || g, c.code, c.label_point, 'commune', true, true, 'bench', 'b' || g
		FROM generate_series(1, ${STRUCTURES}) AS g CROSS JOIN n JOIN c ON c.i = (g * 7919) % n.n`.execute(db);
	await sql`
		INSERT INTO accompaniment (actor_id, stage, date_accueil, date_diagnostic, date_plan, date_ingenierie, date_suivi,
			date_fin_ingenierie, next_followup, source, source_id)
		SELECT a.id, s.stage,
			CURRENT_DATE - 400 - (a.id % 200),
			CASE WHEN s.k >= 1 THEN CURRENT_DATE - 300 - (a.id % 150) END,
			CASE WHEN s.k >= 2 THEN CURRENT_DATE - 250 - (a.id % 100) END,
			CASE WHEN s.k >= 3 THEN CURRENT_DATE - 200 - (a.id % 100) END,
			CASE WHEN s.k >= 4 THEN CURRENT_DATE - 100 - (a.id % 90) END,
			CASE WHEN s.k >= 4 THEN CURRENT_DATE - 110 - (a.id % 90) END,
			CASE WHEN a.id % 3 = 0 THEN CURRENT_DATE - 30 + (a.id % 60) END,
			'bench', 'p' || a.id
		FROM (SELECT id FROM actor WHERE source = 'bench' ORDER BY id LIMIT ${PARCOURS * 10}) a
		JOIN LATERAL (SELECT (ARRAY['accueil', 'diagnostic', 'plan', 'ingenierie', 'suivi'])[1 + (a.id / 10) % 5] AS stage, ((a.id / 10) % 5) AS k) s ON true
		WHERE a.id % 10 = 0`.execute(db);
	await sql`
		INSERT INTO accompaniment_step (accompaniment_id, stage, date)
		SELECT id, 'accueil', date_accueil FROM accompaniment WHERE source = 'bench'
		UNION ALL SELECT id, 'suivi', date_suivi FROM accompaniment WHERE source = 'bench' AND date_suivi IS NOT NULL`.execute(db);
	await sql`
		INSERT INTO contact_log (actor_id, date, type, source, source_id)
		SELECT a.id, CURRENT_DATE - (a.id * 7 + k * 113) % 700, 'appel', 'bench', 'c' || a.id || '-' || k
		FROM actor a CROSS JOIN generate_series(1, 2) AS k WHERE a.source = 'bench'`.execute(db);
	for (const table of ['actor', 'accompaniment', 'accompaniment_step', 'contact_log']) await sql`ANALYZE ${sql.table(table)}`.execute(db);
}

async function benchBackend(label: string, handle: DatabaseHandle): Promise<void> {
	const { db } = handle;
	const t = performance.now();
	await fill(db);
	const context = { config: DEFAULT_PARCOURS_CONFIG, sectorLabels: {}, today: todayIn() };
	const viewer = { user: null, withPersonalData: true };
	const board = await timed(() => parcoursBoard(db, parcoursQuerySchema.parse({}), viewer, context));
	const todo = await timed(() => parcoursTodo(db, { zone: [], epci: [] }, viewer, context));
	console.log(
		`  ${label} (remplie en ${((performance.now() - t) / 1000).toFixed(1)} s) : tableau ${board.result.length} parcours en cours ${board.ms.toFixed(0)} ms · ` +
			`À faire ${todo.result.followups.length} suivis, ${todo.result.stalled.length} en attente ${todo.ms.toFixed(0)} ms`
	);
	for (const parcours of ['en_attente', 'suivi_en_retard'] as const) {
		const filter = actorFilterSchema.parse({ parcours: [parcours] });
		const list = await timed(() => listActors(db, filter, { limit: 50 }));
		console.log(`    explorateur « ${parcours} » : ${list.result.total} structures, ${list.ms.toFixed(0)} ms (page de 50 et total)`);
	}
}

export async function benchParcours(serverUrl: string | null): Promise<void> {
	const config = { ...readConfig({ MAILLAGE_DATA_MIRROR: mirror }), databaseUrl: null };
	console.log(`Parcours (${STRUCTURES} structures, ${PARCOURS} parcours en cours, ${STRUCTURES * 2} échanges)`);
	await onBackends(serverUrl, BACKENDS, (handle) => importTerritories(handle.db, config), benchBackend);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	await benchParcours(process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? null);
}
