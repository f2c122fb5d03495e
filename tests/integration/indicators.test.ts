// The DLA's yearly indicators (queries/indicators.ts) on a hand-made fixture whose every figure is
// computed by hand, on each backend. Years 2021–2025:
// - S1 (Forbach): two parcours in 2024 (accueil 2024-02-01 + diagnostic 2024-05-01, abandoned;
//   accueil 2024-09-01) → one structure accueillie in 2024, not two;
// - S2 (Forbach), S3 (Metz), S4 (Forbach): one ingénierie collective (9 000 €, 12 days, no budget
//   of their own → 3 000 € and 4 days each); S2 and S3 start it on 2024-06-01, S4 on 2025-01-10;
//   jobs CDI + CDD: S2 2 + 1, S3 1 + 0, S4 0 + 2;
// - S5 (Forbach, culture): accueil 2022-11-15, diagnostic 2023-01-10, plan 2023-02-01, ingénierie
//   individuelle 2023-03-01 (5 000 €, 6 days, CDI 3 + CDD 2), suivi 2025-02-01 (4 jobs consolidated);
// - S6: accueil 2023-05-01 while in Forbach, then moved to Metz → counted in Metz, every year;
// - a partner of Forbach accompanied in 2024 → not an ESS structure, counted nowhere.
// 2021 has no step at all: its rows are there, all zeros.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAccompaniments } from '../../src/lib/server/queries/accompaniments';
import { upsertActors } from '../../src/lib/server/queries/actors';
import { indicatorRows, type IndicatorRow } from '../../src/lib/server/queries/indicators';
import { deleteTarget, listTargets, readDefaultTargets, saveTarget, targetsWithProgress } from '../../src/lib/server/queries/targets';
import { importTerritories } from '../../src/lib/server/territories/import';
import { BACKENDS, openTestDatabase } from '../helpers/backends';
import { testConfig } from '../helpers/config';
import { actorFixture, actorIdsBySourceId, testAccompaniment } from '../helpers/fixtures';

const FORBACH = '57227';
const METZ = '57463';
const FORBACH_EPCI = '245700372';
const actor = actorFixture((n) => ({ commune_code: FORBACH, source_id: `s${n}` }));
const ZERO = {
	accueillies: 0,
	diagnostics: 0,
	plans: 0,
	ingenieries: 0,
	ingenieries_individuelles: 0,
	ingenieries_collectives: 0,
	suivis: 0,
	emplois_concernes: 0,
	emplois_consolides: 0,
	budget_eur: 0,
	jours: 0,
	rencontres_structures: 0,
	issues_rencontres: 0
};
const PERIOD = { de: 2021, a: 2025, secteur: [] };
/** What S5 did in 2023: its diagnostic, plan and individual ingénierie. */
const S5_2023 = {
	diagnostics: 1,
	plans: 1,
	ingenieries: 1,
	ingenieries_individuelles: 1,
	emplois_concernes: 5,
	budget_eur: 5000,
	jours: 6
};

/** The flows of a territory's row for a year, and its stock and rate. */
function figuresOf(rows: IndicatorRow[], code: string, year: number) {
	const row = rows.find((r) => r.code === code && r.year === year);
	if (!row) throw new Error(`no row ${code} ${year}`);
	const { code: _c, nom: _n, level: _l, year: _y, ...figures } = row;
	return figures;
}

describe.each(BACKENDS)('indicators per territory and year on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openTestDatabase>>;
	beforeAll(async () => {
		handle = await openTestDatabase(backend);
		await importTerritories(handle.db, testConfig());
		await upsertActors(handle.db, [
			actor(1),
			actor(2),
			actor(3, { commune_code: METZ }),
			actor(4),
			actor(5, { naf: '90.01Z', secteur: 'culture' }),
			actor(6),
			actor(7, { kind: 'partenaire', naf: null, tranche_effectifs: null })
		]);
		const ids = await actorIdsBySourceId(handle.db);
		const collective = await handle.db
			.insertInto('ingenierie_collective')
			.values({ titre: 'Modèle économique des lieux culturels', budget_eur: 9000, jours: 12, date_debut: '2024-06-01' })
			.returning('id')
			.executeTakeFirstOrThrow();
		const member = (n: number, ingenierie: string, cdi: number, cdd: number) =>
			testAccompaniment({
				actor_id: ids[`s${n}`],
				source_id: `a${n}`,
				stage: 'ingenierie',
				date_accueil: n === 4 ? '2024-10-01' : '2024-01-15',
				date_diagnostic: n === 4 ? '2024-11-01' : '2024-03-01',
				date_plan: n === 4 ? '2024-12-01' : '2024-04-01',
				date_ingenierie: ingenierie,
				ingenierie_type: 'collective',
				emplois_cdi: cdi,
				emplois_cdd: cdd
			});
		await upsertAccompaniments(handle.db, [
			testAccompaniment({
				actor_id: ids.s1,
				source_id: 'a1',
				stage: 'abandon',
				date_accueil: '2024-02-01',
				date_diagnostic: '2024-05-01',
				date_fin: '2024-06-01'
			}),
			testAccompaniment({ actor_id: ids.s1, source_id: 'a1b', date_accueil: '2024-09-01' }),
			member(2, '2024-06-01', 2, 1),
			member(3, '2024-06-01', 1, 0),
			member(4, '2025-01-10', 0, 2),
			testAccompaniment({
				actor_id: ids.s5,
				source_id: 'a5',
				stage: 'suivi',
				date_accueil: '2022-11-15',
				date_diagnostic: '2023-01-10',
				date_plan: '2023-02-01',
				date_ingenierie: '2023-03-01',
				date_suivi: '2025-02-01',
				ingenierie_type: 'individuelle',
				budget_eur: 5000,
				jours: 6,
				emplois_cdi: 3,
				emplois_cdd: 2,
				emplois_consolides: 4
			}),
			testAccompaniment({ actor_id: ids.s6, source_id: 'a6', date_accueil: '2023-05-01' }),
			testAccompaniment({ actor_id: ids.s7, source_id: 'a7', date_accueil: '2024-03-01' })
		]);
		await handle.db
			.updateTable('accompaniment')
			.set({ ingenierie_collective_id: collective.id })
			.where('source_id', 'in', ['a2', 'a3', 'a4'])
			.execute();
		// S6 moves to Metz after its accueil.
		await handle.db.updateTable('actor').set({ commune_code: METZ }).where('id', '=', ids.s6).execute();
	});
	afterAll(async () => handle?.drop());

	it('counts each structure once per year and step, shares a collective among its members, and keeps empty years', async () => {
		const rows = await indicatorRows(handle.db, { level: 'epci', ...PERIOD }, '57');
		const forbachRows = rows.filter((r) => r.code === FORBACH_EPCI);
		expect(forbachRows.map((r) => r.year)).toEqual([2021, 2022, 2023, 2024, 2025]);
		expect(forbachRows[0].nom).toBe('CA de Forbach Porte de France');
		// 2021: nothing happened, the row is there with zeros; S6 is no longer in Forbach.
		expect(figuresOf(rows, FORBACH_EPCI, 2021)).toEqual({ ...ZERO, structures_ess: 4, taux_accompagnement: 0 });
		expect(figuresOf(rows, FORBACH_EPCI, 2022)).toEqual({ ...ZERO, accueillies: 1, structures_ess: 4, taux_accompagnement: 0.25 });
		expect(figuresOf(rows, FORBACH_EPCI, 2023)).toEqual({
			...ZERO,
			...S5_2023,
			structures_ess: 4,
			taux_accompagnement: 0.25
		});
		expect(figuresOf(rows, FORBACH_EPCI, 2024)).toEqual({
			...ZERO,
			accueillies: 3,
			diagnostics: 3,
			plans: 2,
			ingenieries: 1,
			ingenieries_collectives: 1,
			emplois_concernes: 3,
			budget_eur: 3000,
			jours: 4,
			structures_ess: 4,
			taux_accompagnement: 0.75
		});
		expect(figuresOf(rows, FORBACH_EPCI, 2025)).toEqual({
			...ZERO,
			ingenieries: 1,
			ingenieries_collectives: 1,
			suivis: 1,
			emplois_concernes: 2,
			emplois_consolides: 4,
			budget_eur: 3000,
			jours: 4,
			structures_ess: 4,
			taux_accompagnement: 0.5
		});
		// Every EPCI of the département × every year, zeros included.
		const epcis = new Set(rows.map((r) => r.code));
		expect(rows).toHaveLength(epcis.size * 5);
		expect(epcis.size).toBeGreaterThanOrEqual(22);
	});

	it('places a structure that moved in its current commune, for every year', async () => {
		const rows = await indicatorRows(handle.db, { level: 'commune', ...PERIOD }, '57');
		expect(figuresOf(rows, METZ, 2023)).toEqual({ ...ZERO, accueillies: 1, structures_ess: 2, taux_accompagnement: 0.5 });
		expect(figuresOf(rows, FORBACH, 2023).accueillies).toBe(0);
		expect(figuresOf(rows, METZ, 2024)).toMatchObject({
			accueillies: 1,
			ingenieries_collectives: 1,
			budget_eur: 3000,
			jours: 4,
			emplois_concernes: 1
		});
		expect(rows).toHaveLength(725 * 5);
	});

	it('adds up to the département: the collective budget counted once, the zones side by side', async () => {
		const [departement, zones] = await Promise.all([
			indicatorRows(handle.db, { level: 'departement', ...PERIOD }, '57'),
			indicatorRows(handle.db, { level: 'zone', ...PERIOD }, '57')
		]);
		expect(departement.map((r) => [r.code, r.year])).toEqual([2021, 2022, 2023, 2024, 2025].map((y) => ['57', y]));
		expect(figuresOf(departement, '57', 2024)).toMatchObject({
			accueillies: 4,
			ingenieries: 2,
			ingenieries_collectives: 2,
			budget_eur: 6000,
			jours: 8,
			emplois_concernes: 4,
			structures_ess: 6,
			taux_accompagnement: 4 / 6
		});
		const collectiveTotal = departement.reduce((sum, r) => sum + r.budget_eur, 0);
		expect(collectiveTotal).toBe(9000 + 5000);
		expect([...new Set(zones.map((r) => r.code))].sort()).toEqual(['est', 'metz', 'nord', 'sud']);
		expect(figuresOf(zones, 'est', 2024)).toEqual(
			figuresOf(await indicatorRows(handle.db, { level: 'epci', ...PERIOD }, '57'), FORBACH_EPCI, 2024)
		);
		expect(figuresOf(zones, 'sud', 2024)).toEqual({ ...ZERO, structures_ess: 0, taux_accompagnement: null });
	});

	it('filters by sector', async () => {
		const rows = await indicatorRows(handle.db, { level: 'departement', de: 2023, a: 2023, secteur: ['culture'] }, '57');
		expect(rows).toEqual([
			{
				code: '57',
				nom: 'Moselle',
				level: 'departement',
				year: 2023,
				...ZERO,
				...S5_2023,
				structures_ess: 1,
				taux_accompagnement: 1
			}
		]);
	});

	it('shows the default targets until a first write saves them with the change, audited', async () => {
		const { dataDir } = testConfig();
		const defaults = await readDefaultTargets(dataDir);
		const shown = await listTargets(handle.db, dataDir);
		expect(shown.source).toBe('fichier');
		expect(shown.note).toMatch(/Proposition de départ/);
		expect(shown.targets).toHaveLength(defaults.objectifs.length);
		expect(shown.targets.find((t) => t.level === 'zone' && t.code === 'est')?.nom).toBe('Est');

		const who = { id: 0, email: 'admin@maillage.test' };
		const key = { level: 'zone', code: 'est', indicator: 'accueillies', year: 2025 } as const;
		expect(await saveTarget(handle.db, { ...key, value: 3 }, dataDir, who)).toEqual({ ok: true, created: false });
		const saved = await listTargets(handle.db, dataDir);
		expect(saved.source).toBe('base');
		expect(saved.targets).toHaveLength(defaults.objectifs.length);
		expect(saved.targets.find((t) => t.code === 'est' && t.indicator === 'accueillies' && t.year === 2025)?.value).toBe(3);

		expect(await saveTarget(handle.db, { ...key, code: 'inconnue', value: 1 }, dataDir, who)).toMatchObject({ ok: false, status: 404 });
		expect(await deleteTarget(handle.db, { ...key, year: 2024 }, dataDir, who)).toMatchObject({ ok: false, status: 404 });
		expect(await deleteTarget(handle.db, { ...key, indicator: 'diagnostics' }, dataDir, who)).toEqual({ ok: true });
		expect((await listTargets(handle.db, dataDir)).targets).toHaveLength(defaults.objectifs.length - 1);

		const journal = await handle.db
			.selectFrom('audit_log')
			.select(['action', 'entity_id'])
			.where('entity', '=', 'target')
			.orderBy('id')
			.execute();
		expect(journal).toEqual([
			{ action: 'import', entity_id: null },
			{ action: 'update', entity_id: 'zone:est' },
			{ action: 'delete', entity_id: 'zone:est' }
		]);
	});

	it('measures each target against its figure: Est had 3 structures accueillies in 2024', async () => {
		const who = { id: 0, email: 'admin@maillage.test' };
		const { dataDir } = testConfig();
		await saveTarget(handle.db, { level: 'zone', code: 'est', indicator: 'accueillies', year: 2024, value: 4 }, dataDir, who);
		await saveTarget(handle.db, { level: 'departement', code: '57', indicator: 'budget_eur', year: 2025, value: 2000 }, dataDir, who);
		const targets = (await listTargets(handle.db, dataDir)).targets.filter(
			(t) => t.year <= 2025 && ['accueillies', 'budget_eur'].includes(t.indicator)
		);
		const progress = await targetsWithProgress(handle.db, targets, '57', '2025-07-02');
		expect(progress.find((t) => t.code === 'est' && t.year === 2024)).toMatchObject({
			current: 3,
			progress: { status: 'en_retard', ratio: 0.75 }
		});
		expect(progress.find((t) => t.indicator === 'budget_eur')).toMatchObject({ current: 3000, progress: { status: 'atteint' } });
		expect(progress.find((t) => t.code === 'est' && t.year === 2025 && t.indicator === 'accueillies')).toMatchObject({
			value: 3,
			current: 0,
			progress: { status: 'en_retard' }
		});
	});
});
