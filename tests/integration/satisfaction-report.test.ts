// The satisfaction questionnaire (queries/satisfaction.ts) and the annual report
// (queries/report.ts, exports/report.ts) on a hand-made fixture, on each backend:
// - S1–S4 (Forbach, zone Est) and S5 (Metz) start an ingénierie in 2025; S1–S3 with « Alpha
//   Conseil » (themes Numérique), S4 with « Beta » (Gouvernance), S5 with Alpha (no theme);
// - S6 (Forbach) is only at accueil: no questionnaire before an ingénierie;
// - answers in 2025: S1 (notes 5/4/5, emplois + finances), S2 (4/3/4, emplois), S3 (3/5/3, none),
//   S4 (2/2/2, gouvernance), S5 (1/1/1); S5 again in 2026 on a second link (1/1/1).
//   The figures by hand are written beside each expectation.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportToXlsx } from '../../src/lib/server/exports/report';
import { upsertAccompaniments } from '../../src/lib/server/queries/accompaniments';
import { upsertActors } from '../../src/lib/server/queries/actors';
import { indicatorRows } from '../../src/lib/server/queries/indicators';
import { annualReport } from '../../src/lib/server/queries/report';
import {
	answerSurvey,
	createSurveyLink,
	resolveSurvey,
	satisfactionByYear,
	SURVEY_MESSAGES
} from '../../src/lib/server/queries/satisfaction';
import { satisfactionAnswerSchema } from '../../src/lib/schemas/satisfaction';
import { importTerritories } from '../../src/lib/server/territories/import';
import { BACKENDS, openTestDatabase } from '../helpers/backends';
import { testConfig } from '../helpers/config';
import { actorFixture, actorIdsBySourceId, testAccompaniment } from '../helpers/fixtures';

const FORBACH = '57227';
const METZ = '57463';
const TEAM = { id: 0, email: 'equipe@maillage.test' };
const actor = actorFixture((n) => ({ commune_code: FORBACH, source_id: `s${n}` }));
const answer = (diagnostic: number, prestataire: number, dla: number, effets: string[] = []) =>
	satisfactionAnswerSchema.parse({ note_diagnostic: diagnostic, note_prestataire: prestataire, note_dla: dla, effets, commentaire: '' });
const at = (iso: string) => new Date(`${iso}T10:00:00Z`);

describe.each(BACKENDS)('satisfaction questionnaire and annual report on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openTestDatabase>>;
	let parcours: Record<string, number>;
	const config = testConfig();

	beforeAll(async () => {
		handle = await openTestDatabase(backend);
		await importTerritories(handle.db, config);
		await upsertActors(handle.db, [actor(1), actor(2), actor(3), actor(4), actor(5, { commune_code: METZ }), actor(6)]);
		const ids = await actorIdsBySourceId(handle.db);
		const ingenierie = (n: number, prestataire: string, themes: string[]) =>
			testAccompaniment({
				actor_id: ids[`s${n}`],
				source_id: `a${n}`,
				stage: 'ingenierie',
				date_accueil: '2025-01-10',
				date_diagnostic: '2025-02-10',
				date_plan: '2025-03-10',
				date_ingenierie: '2025-04-10',
				ingenierie_type: 'individuelle',
				prestataire_nom: prestataire,
				themes,
				budget_eur: 1000 * n,
				jours: n,
				emplois_cdi: n,
				emplois_cdd: 1
			});
		await upsertAccompaniments(handle.db, [
			ingenierie(1, 'Alpha Conseil', ['Numérique']),
			ingenierie(2, 'Alpha Conseil', ['Numérique']),
			ingenierie(3, 'Alpha Conseil', ['Numérique']),
			ingenierie(4, 'Beta', ['Gouvernance & organisation interne']),
			ingenierie(5, 'Alpha Conseil', []),
			testAccompaniment({ actor_id: ids.s6, source_id: 'a6', date_accueil: '2025-05-01' })
		]);
		const rows = await handle.db.selectFrom('accompaniment').select(['id', 'source_id']).execute();
		parcours = Object.fromEntries(rows.map((r) => [r.source_id!, r.id]));
	});
	afterAll(async () => handle?.drop());

	it('takes one answer per link, refuses the second and an expired link, and stores only the hash', async () => {
		const link = await createSurveyLink(handle.db, TEAM, parcours.a1, 30, at('2025-06-01'));
		if (!link.ok) throw new Error(link.message);
		expect(await resolveSurvey(handle.db, link.token, at('2025-06-02'))).toMatchObject({
			status: 'valid',
			survey: { structure: expect.any(String) }
		});
		const stored = await handle.db
			.selectFrom('satisfaction_survey')
			.select('token_hash')
			.where('id', '=', link.id)
			.executeTakeFirstOrThrow();
		expect(stored.token_hash).not.toContain(link.token);
		expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);

		expect(await answerSurvey(handle.db, link.token, answer(5, 4, 5, ['emplois', 'finances']), at('2025-06-05'))).toMatchObject({
			ok: true
		});
		const again = await answerSurvey(handle.db, link.token, answer(1, 1, 1), at('2025-06-06'));
		expect(again).toEqual({ ok: false, status: 410, message: SURVEY_MESSAGES.answered, field: 'token' });
		expect(await resolveSurvey(handle.db, link.token, at('2025-06-06'))).toEqual({ status: 'answered' });

		const late = await createSurveyLink(handle.db, TEAM, parcours.a2, 1, at('2025-06-01'));
		if (!late.ok) throw new Error(late.message);
		expect(await resolveSurvey(handle.db, late.token, at('2025-06-03'))).toEqual({ status: 'expired' });
		expect(await answerSurvey(handle.db, late.token, answer(3, 3, 3), at('2025-06-03'))).toMatchObject({
			ok: false,
			status: 410,
			message: SURVEY_MESSAGES.expired
		});
		expect(await resolveSurvey(handle.db, 'x'.repeat(43))).toEqual({ status: 'unknown' });
		expect(await createSurveyLink(handle.db, TEAM, parcours.a6, 30)).toMatchObject({ ok: false, status: 409 });
		expect(await createSurveyLink(handle.db, TEAM, 999_999, 30)).toMatchObject({ ok: false, status: 404 });
	});

	it('aggregates the answers by year, prestataire and theme as computed by hand', async () => {
		const answerWith = async (source: string, day: string, a: ReturnType<typeof answer>) => {
			const link = await createSurveyLink(handle.db, TEAM, parcours[source], 60, at('2025-06-01'));
			if (!link.ok) throw new Error(link.message);
			const done = await answerSurvey(handle.db, link.token, a, at(day));
			if (!done.ok) throw new Error(done.message);
		};
		await answerWith('a2', '2025-07-01', answer(4, 3, 4, ['emplois']));
		await answerWith('a3', '2025-07-02', answer(3, 5, 3));
		await answerWith('a4', '2025-07-03', answer(2, 2, 2, ['gouvernance']));
		await answerWith('a5', '2025-06-01', answer(1, 1, 1));
		// A second link for S5, answered in 2026: counted in 2026 only (the year of the answer).
		const link2026 = await createSurveyLink(handle.db, TEAM, parcours.a5, 60, at('2026-01-05'));
		if (!link2026.ok) throw new Error(link2026.message);
		await answerSurvey(handle.db, link2026.token, answer(1, 1, 1), at('2026-01-06'));

		const [y2025, y2026] = await satisfactionByYear(handle.db, 2025, 2026);
		// 2025: S1–S5 (five answers): diagnostic (5+4+3+2+1)/5 = 3, prestataire (4+3+5+2+1)/5 = 3, DLA (5+4+3+2+1)/5 = 3.
		expect(y2025).toMatchObject({ year: 2025, reponses: 5, moyennes: { note_diagnostic: 3, note_prestataire: 3, note_dla: 3 } });
		expect(y2025.effets).toEqual({ emplois: 2, finances: 1, gouvernance: 1 });
		// Alpha: S1, S2, S3, S5 → named, prestataire (4+3+5+1)/4 = 3.25; Beta (one answer) pooled.
		expect(y2025.prestataires.map((p) => [p.nom, p.reponses, p.moyennes.note_prestataire])).toEqual([
			['Alpha Conseil', 4, 3.25],
			['autres prestataires', 1, 2]
		]);
		expect(y2025.themes.map((t) => [t.nom, t.reponses])).toEqual([
			['Gouvernance & organisation interne', 1],
			['Numérique', 3],
			['sans thème', 1]
		]);
		// 2026: one answer of Alpha → not named.
		expect(y2026.prestataires.map((p) => p.nom)).toEqual(['autres prestataires']);
	});

	it('writes the report’s XLSX with the indicators’ own figures, and a text from them', async () => {
		const report = await annualReport(handle.db, { departement: '57', dataDir: config.dataDir, year: 2025, today: '2026-02-01' });
		const [dep] = await indicatorRows(handle.db, { level: 'departement', de: 2025, a: 2025, secteur: [] }, '57');
		const zones = await indicatorRows(handle.db, { level: 'zone', de: 2025, a: 2025, secteur: [] }, '57');
		// By hand: six structures accueillies, five in ingénierie (budget 1+2+3+4+5 = 15 000 €), S1–S4 and S6 in Est.
		expect(dep).toMatchObject({ accueillies: 6, ingenieries: 5, budget_eur: 15000, emplois_concernes: 20 });
		expect(zones.find((z) => z.code === 'est')?.accueillies).toBe(5);
		expect(report.demo).toBe(false);
		expect(report.paragraphs[0]).toBe('En 2025, le DLA a accueilli 6 structures, dont 5 dans les zones Est & Sud (Est : 5, Sud : 0).');
		expect(report.prestataires).toEqual([
			{ nom: 'Alpha Conseil', structures: 4, budget_eur: 11000, jours: 11 },
			{ nom: 'Beta', structures: 1, budget_eur: 4000, jours: 4 }
		]);

		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load((await reportToXlsx(report)) as never);
		expect(workbook.worksheets.map((w) => w.name)).toEqual([
			'Synthèse',
			'Zones',
			'EPCI',
			'Secteurs',
			'Thèmes',
			'Prestataires',
			'Emplois',
			'Budget',
			'Rencontres',
			'Objectifs',
			'Satisfaction'
		]);
		const zonesSheet = workbook.getWorksheet('Zones')!;
		const header = (zonesSheet.getRow(1).values as unknown[]).slice(1);
		const cell = (rowNumber: number, label: string) => zonesSheet.getRow(rowNumber).getCell(header.indexOf(label) + 1).value;
		expect(cell(2, 'Territoire')).toBe(dep.nom);
		expect(cell(2, 'Structures accueillies')).toBe(dep.accueillies);
		expect(cell(2, 'Budget d’ingénierie (€)')).toBe(dep.budget_eur);
		const estRow = zones.findIndex((z) => z.code === 'est') + 3;
		expect(cell(estRow, 'Structures accueillies')).toBe(5);
		const satisfaction = workbook.getWorksheet('Satisfaction')!;
		expect(satisfaction.getRow(2).values).toEqual([undefined, 'Ensemble', '2025', 5, 3, 3, 3, 2, 1, 1]);
		expect(satisfaction.getRow(4).getCell(2).value).toBe('autres prestataires');
	});
});
