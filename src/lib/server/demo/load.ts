// The demo territory: generated deterministically for the configured département and written
// with source `demo`, so that it is flagged wherever it shows and can be removed on its own.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, DemoState } from '../db/schema';
import { upsertAccompaniments, upsertContactLogs } from '../queries/accompaniments';
import { analyzeTables } from '../db/analyze';
import { upsertActors, type ActorUpsert } from '../queries/actors';
import { generateDemo, type DemoInput } from '../../domain/demo/generate';
import { legalFamilyOf } from '../../domain/legal-forms';
import { loadCogDepartement } from '../territories/cog';

export const DEMO_SOURCE = 'demo';
export const DEMO_SEED = 57;
const BATCH = 1000;

/** The territory the generator needs, read from the database. */
export async function demoInput(db: Kysely<Database>, departement: string, today: Date): Promise<DemoInput> {
	const communes = await sql<{
		code: string;
		nom: string;
		population: number | null;
		codes_postaux: string[];
		epci_code: string | null;
		zone_code: string | null;
		geometry: string;
	}>`
		SELECT code, nom, population, codes_postaux, epci_code, zone_code, ST_AsGeoJSON(geom, 5) AS geometry
		FROM territory WHERE level = 'commune' AND departement_code = ${departement} AND geom IS NOT NULL ORDER BY code`.execute(db);
	const others = await db
		.selectFrom('territory')
		.select(['level', 'code', 'nom'])
		.where('level', 'in', ['epci', 'zone', 'departement'])
		.where('departement_code', '=', departement)
		.orderBy('code')
		.execute();
	const zones = others.filter((t) => t.level === 'zone');
	// The DLA of Moselle has been most active around Metz and in the Nord; elsewhere, the two
	// most populated zones stand for it.
	const focus = zones.some((z) => z.code === 'metz') ? ['metz', 'nord'] : zones.slice(0, 2).map((z) => z.code);
	const cog = await loadCogDepartement(departement);
	return {
		departement: { code: departement, nom: cog.nom, typeLiaison: cog.typeLiaison },
		communes: communes.rows.map((c) => ({ ...c, population: c.population ?? 0, geometry: JSON.parse(c.geometry) })),
		epcis: others.filter((t) => t.level === 'epci').map(({ code, nom }) => ({ code, nom })),
		zones: zones.map(({ code, nom }) => ({ code, nom })),
		focusZones: focus,
		today
	};
}

export interface DemoSummary {
	actors: number;
	accompaniments: number;
	contactLogs: number;
	contacts: number;
}

/**
 * Builds the demo territory and writes it in place of the previous one; the demo state becomes
 * `loaded`. Only the first start of a brand-new database (demoOnFirstStart) and `demo --reset` call it.
 */
export async function loadDemo(
	db: Kysely<Database>,
	departement: string,
	today = new Date(),
	seed = DEMO_SEED,
	counts?: DemoInput['counts']
): Promise<DemoSummary> {
	const demo = generateDemo({ ...(await demoInput(db, departement, today)), counts }, seed);
	const summary = await db.transaction().execute(async (tx) => {
		const written = await writeDemo(tx, demo);
		await recordDemoState(tx, 'loaded');
		return written;
	});
	await analyzeDemoTables(db);
	return summary;
}

/** Statistics for the planner at once after a bulk write (see db/analyze.ts). */
function analyzeDemoTables(db: Kysely<Database>): Promise<void> {
	return analyzeTables(db, ['actor', 'contact', 'accompaniment', 'contact_log']);
}

export type DemoOutcome = { state: 'loaded'; summary: DemoSummary } | { state: 'declined'; reason: 'off' | 'data' } | null;

/**
 * At every start: a brand-new database (demo state `never`, no actor but the collectivités) gets
 * the demo, once; with `MAILLAGE_DEMO=off`, or when real actors are already there, that first
 * start records that it was declined. Any other state is left alone: null.
 */
export async function demoOnFirstStart(
	db: Kysely<Database>,
	departement: string,
	options: { enabled: boolean; today?: Date }
): Promise<DemoOutcome> {
	if ((await demoState(db)).state !== 'never') return null;
	const real = await db.selectFrom('actor').select('id').where('source', 'not in', ['cog', DEMO_SOURCE]).limit(1).executeTakeFirst();
	if (!options.enabled || real) {
		const settled = await db
			.updateTable('app_state')
			.set({ demo: 'declined', demo_changed_at: new Date() })
			.where('demo', '=', 'never')
			.executeTakeFirst();
		return Number(settled.numUpdatedRows) ? { state: 'declined', reason: real ? 'data' : 'off' } : null;
	}
	const demo = generateDemo(await demoInput(db, departement, options.today ?? new Date()), DEMO_SEED);
	const outcome = await db.transaction().execute(async (tx) => {
		// Two processes starting together: the second waits here, then finds the state settled.
		const row = await tx.selectFrom('app_state').select('demo').forUpdate().executeTakeFirstOrThrow();
		if (row.demo !== 'never') return null;
		const summary = await writeDemo(tx, demo);
		await recordDemoState(tx, 'loaded');
		return { state: 'loaded' as const, summary };
	});
	if (outcome) await analyzeDemoTables(db);
	return outcome;
}

async function writeDemo(tx: Transaction<Database>, demo: ReturnType<typeof generateDemo>): Promise<DemoSummary> {
	await tx.deleteFrom('actor').where('source', '=', DEMO_SOURCE).execute();
	const actors: ActorUpsert[] = demo.actors.map(({ contacts: _contacts, ...a }) => ({
		...a,
		famille_juridique: legalFamilyOf(a.categorie_juridique),
		tags: [...a.tags, 'démo'],
		source: DEMO_SOURCE
	}));
	for (let i = 0; i < actors.length; i += BATCH) await upsertActors(tx, actors.slice(i, i + BATCH));
	const idRows = await tx.selectFrom('actor').select(['id', 'source_id']).where('source', '=', DEMO_SOURCE).execute();
	const idOf = new Map(idRows.map((r) => [r.source_id!, r.id]));
	const id = (sourceId: string) => {
		const value = idOf.get(sourceId);
		if (value === undefined) throw new Error(`démo : acteur ${sourceId} absent`);
		return value;
	};

	const contacts = demo.actors.flatMap((a) =>
		(a.contacts ?? []).map((c) => ({
			actor_id: id(a.source_id),
			nom: c.nom,
			role: c.role ?? null,
			email: c.email ?? null,
			telephone: c.telephone ?? null,
			base_legale: c.base_legale ?? 'Intérêt légitime (démonstration, personnes fictives)'
		}))
	);
	for (let i = 0; i < contacts.length; i += BATCH)
		await tx
			.insertInto('contact')
			.values(contacts.slice(i, i + BATCH))
			.execute();

	const accompaniments = demo.accompaniments.map((a) => ({
		actor_id: id(a.actor_source_id),
		stage: a.stage,
		date_accueil: a.date_accueil ?? null,
		date_diagnostic: a.date_diagnostic ?? null,
		date_plan: a.date_plan ?? null,
		date_ingenierie: a.date_ingenierie ?? null,
		date_suivi: a.date_suivi ?? null,
		date_fin: a.date_fin ?? null,
		ingenierie_type: a.ingenierie_type ?? null,
		themes: a.themes ?? [],
		prestataire_id: a.prestataire_source_id ? id(a.prestataire_source_id) : null,
		prestataire_nom: null,
		budget_eur: a.budget_eur ?? null,
		jours: a.jours ?? null,
		emplois_cdi: a.emplois_cdi ?? null,
		emplois_cdd: a.emplois_cdd ?? null,
		emplois_consolides: a.emplois_consolides ?? null,
		next_followup: a.next_followup ?? null,
		notes: a.notes ?? null,
		source: DEMO_SOURCE,
		source_id: a.source_id
	}));
	for (let i = 0; i < accompaniments.length; i += BATCH) await upsertAccompaniments(tx, accompaniments.slice(i, i + BATCH));

	const logs = demo.contactLogs.map((l) => ({
		actor_id: id(l.actor_source_id),
		date: l.date,
		type: l.type,
		who: l.who ?? null,
		note: l.note ?? null,
		source: DEMO_SOURCE,
		source_id: l.source_id
	}));
	for (let i = 0; i < logs.length; i += BATCH) await upsertContactLogs(tx, logs.slice(i, i + BATCH));
	return { actors: actors.length, accompaniments: accompaniments.length, contactLogs: logs.length, contacts: contacts.length };
}

/** Removes the demo data and keeps everything imported or entered; no later start brings it back. */
export async function clearDemo(db: Kysely<Database>): Promise<number> {
	return db.transaction().execute(async (tx) => {
		const result = await tx.deleteFrom('actor').where('source', '=', DEMO_SOURCE).executeTakeFirst();
		await recordDemoState(tx, 'cleared');
		return Number(result.numDeletedRows);
	});
}

export async function demoState(db: Kysely<Database> | Transaction<Database>): Promise<{ state: DemoState; since: Date | null }> {
	const row = await db.selectFrom('app_state').select(['demo', 'demo_changed_at']).executeTakeFirstOrThrow();
	return { state: row.demo, since: row.demo_changed_at };
}

async function recordDemoState(tx: Transaction<Database>, state: DemoState): Promise<void> {
	await tx.updateTable('app_state').set({ demo: state, demo_changed_at: new Date() }).execute();
}

export async function hasDemo(db: Kysely<Database>): Promise<boolean> {
	return !!(await db.selectFrom('actor').select('id').where('source', '=', DEMO_SOURCE).limit(1).executeTakeFirst());
}
