// The demo territory is loaded once, by the first start of a brand-new database, and afterwards
// only by `demo --reset` (issue 12, item 2): `demo --clear` lasts across imports and restarts.
// The CLI runs as a child process, as a user runs it; a "start" is the server's prepareDatabase.
// Each step opens the database anew (PGlite is one process at a time): slow on a loaded machine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Migrator, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db/client';
import { prepareDatabase } from '../../src/lib/server/db/index';
import { migrations } from '../../src/lib/server/db/migrations/index';
import { csvText, encoded, sirenOf, sireneRow, siretOf } from '../fixtures/imports/builders';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../helpers/backends';
import { runCli } from '../helpers/cli';
import { testConfig } from '../helpers/config';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maillage-demo-state-'));
const siren = sirenOf(77777777);
const sireneFile = path.join(dir, 'sirene.csv');
fs.writeFileSync(
	sireneFile,
	encoded(csvText([sireneRow({ siren, siret: siretOf(siren), denominationUniteLegale: 'CENTRE SOCIAL DE BORNY' })], { delimiter: ';' }))
);

const databases: TestDatabase[] = [];
async function freshDatabase(backend: (typeof BACKENDS)[number]): Promise<TestDatabase> {
	const database = await createTestDatabase(backend, fs.mkdtempSync(path.join(dir, 'pglite-')));
	databases.push(database);
	return database;
}
afterAll(async () => {
	for (const d of databases) await d.drop();
	fs.rmSync(dir, { recursive: true, force: true });
});

function configOf(database: TestDatabase) {
	return testConfig({ MAILLAGE_PGLITE_DIR: database.pgliteDir, DATABASE_URL: database.url ?? '' });
}

/** A server start: what getDatabase() does, then the process ends (PGlite is one process at a time). */
async function start(database: TestDatabase, env: { MAILLAGE_DEMO?: string } = {}): Promise<string[]> {
	const log: string[] = [];
	const previous = process.env.MAILLAGE_DEMO;
	if (env.MAILLAGE_DEMO === undefined) delete process.env.MAILLAGE_DEMO;
	else process.env.MAILLAGE_DEMO = env.MAILLAGE_DEMO;
	try {
		const handle = await prepareDatabase(configOf(database), (m) => log.push(m));
		await handle.close();
	} finally {
		if (previous === undefined) delete process.env.MAILLAGE_DEMO;
		else process.env.MAILLAGE_DEMO = previous;
	}
	return log;
}

async function look(database: TestDatabase) {
	const handle = await openDatabase(configOf(database));
	try {
		const bySource = await handle.db
			.selectFrom('actor')
			.select(['source', (eb) => eb.fn.countAll<number>().as('n')])
			.groupBy('source')
			.execute();
		const count = (source: string) => Number(bySource.find((r) => r.source === source)?.n ?? 0);
		const state = await handle.db.selectFrom('app_state').select('demo').executeTakeFirstOrThrow();
		return { demo: count('demo'), sirene: count('sirene'), cog: count('cog'), state: state.demo };
	} finally {
		await handle.close();
	}
}

async function cli(database: TestDatabase, ...args: string[]) {
	const result = await runCli(args, { database, env: { MAILLAGE_DEMO: '' } });
	expect(result.code, `${args.join(' ')} : ${result.stderr}`).toBe(0);
	return result.stdout;
}

describe.each(BACKENDS)('the demo territory on %s', (backend) => {
	it(
		'is loaded by the first start only: demo --clear lasts across an import and restarts, demo --reset brings it back',
		{ timeout: 1_800_000 },
		async () => {
			const database = await freshDatabase(backend);
			const first = await start(database);
			expect(first.join('\n')).toMatch(/données de démonstration chargées : \d+ acteurs/);
			const loaded = await look(database);
			expect(loaded).toMatchObject({ state: 'loaded' });
			expect(loaded.demo).toBeGreaterThan(2000);
			expect(loaded.cog).toBeGreaterThan(700);

			expect(await cli(database, 'demo', '--clear')).toContain(`Données de démonstration retirées : ${loaded.demo} acteurs`);
			// The import finds "no actor but the collectivités", as the first start did.
			expect(JSON.parse(await cli(database, 'import', sireneFile))).toMatchObject({ read: 1, imported: 1 });
			expect(await look(database)).toMatchObject({ demo: 0, sirene: 1, state: 'cleared' });

			// A restart.
			expect((await start(database)).join('\n')).not.toMatch(/démonstration/);
			expect(await look(database)).toMatchObject({ demo: 0, sirene: 1, state: 'cleared' });
			expect(JSON.parse(await cli(database, 'demo', '--status'))).toMatchObject({ state: 'cleared', since: expect.any(String) });

			const reset = JSON.parse(await cli(database, 'demo', '--reset'));
			expect(reset.actors).toBe(loaded.demo);
			expect(await look(database)).toMatchObject({ demo: loaded.demo, sirene: 1, state: 'loaded' });
			await start(database);
			expect(await look(database)).toMatchObject({ demo: loaded.demo, sirene: 1, state: 'loaded' });
		}
	);

	it('MAILLAGE_DEMO=off on the first start records that the demo was declined, for good', { timeout: 900_000 }, async () => {
		const database = await freshDatabase(backend);
		expect((await start(database, { MAILLAGE_DEMO: 'off' })).join('\n')).toMatch(/pas de données de démonstration \(MAILLAGE_DEMO=off\)/);
		expect(await look(database)).toMatchObject({ demo: 0, state: 'declined' });
		await start(database);
		expect(await look(database)).toMatchObject({ demo: 0, state: 'declined' });
	});

	it('an import into a brand-new database brings no demo, then or at the next start', { timeout: 900_000 }, async () => {
		const database = await freshDatabase(backend);
		expect(JSON.parse(await cli(database, 'import', sireneFile))).toMatchObject({ imported: 1 });
		expect(await look(database)).toMatchObject({ demo: 0, sirene: 1, state: 'never' });
		expect((await start(database)).join('\n')).toMatch(/pas de données de démonstration \(la base contient déjà des acteurs\)/);
		expect(await look(database)).toMatchObject({ demo: 0, sirene: 1, state: 'declined' });
	});
});

describe.each(BACKENDS)('migration 0010 on an existing database on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openDatabase>> | undefined;
	afterAll(async () => handle?.close());

	it('sets the demo state from what is there', { timeout: 600_000 }, async () => {
		const database = await freshDatabase(backend);
		handle = await openDatabase({ databaseUrl: database.url, pgliteDir: 'memory://' });
		const db = handle.db;
		const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
		expect((await migrator.migrateTo('0008_data_version')).error).toBeUndefined();
		await sql`INSERT INTO territory (level, code, nom, departement_code) VALUES ('commune', '57463', 'Metz', '57')`.execute(db);
		/** The actors there before 0010 (the previous ones removed, ids handed out kept), then 0010. */
		const migratedWith = async (sources: string[], deleted: string[] = []) => {
			await sql`DELETE FROM actor`.execute(db);
			await sql`ALTER TABLE actor ALTER COLUMN id RESTART`.execute(db);
			for (const [i, source] of sources.entries()) {
				await sql`INSERT INTO actor (kind, nom, commune_code, source, source_id) VALUES ('structure_ess', ${`acteur ${i}`}, '57463', ${source}, ${String(i)})`.execute(
					db
				);
			}
			for (const source of deleted) await sql`DELETE FROM actor WHERE source = ${source}`.execute(db);
			expect((await migrator.migrateToLatest()).error).toBeUndefined();
			const state = (await db.selectFrom('app_state').selectAll().executeTakeFirstOrThrow()).demo;
			expect((await migrator.migrateTo('0008_data_version')).error).toBeUndefined();
			return state;
		};
		expect(await migratedWith([])).toBe('never');
		expect(await migratedWith(['cog'])).toBe('never');
		expect(await migratedWith(['cog', 'demo', 'sirene'])).toBe('loaded');
		expect(await migratedWith(['cog', 'sirene'])).toBe('cleared');
		// Loaded, then cleared, nothing imported yet: the ids handed out say it.
		expect(await migratedWith(['cog', 'demo'], ['demo'])).toBe('cleared');
	});
});
