// The annual report's text (domain/indicators/report-text.ts): every figure it says is one of the
// rows given; zeros are said as such; demo data is flagged first.
import { describe, expect, it } from 'vitest';
import { DEMO_WARNING, reportParagraphs, type ReportFigures } from '../../src/lib/domain/indicators/report-text';
import type { IndicatorRow } from '../../src/lib/domain/indicators/years';

const NNBSP = '\u202f';
const row = (code: string, nom: string, over: Partial<IndicatorRow>): IndicatorRow => ({
	code,
	nom,
	level: code === '57' ? 'departement' : 'zone',
	year: 2026,
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
	issues_rencontres: 0,
	structures_ess: 0,
	taux_accompagnement: null,
	...over
});

const figures = (over: Partial<ReportFigures> = {}): ReportFigures => ({
	year: 2026,
	departement: row('57', 'Moselle', {
		accueillies: 42,
		diagnostics: 30,
		ingenieries: 20,
		ingenieries_individuelles: 15,
		ingenieries_collectives: 5,
		suivis: 9,
		emplois_concernes: 150,
		emplois_consolides: 40,
		budget_eur: 120000,
		jours: 80.5,
		rencontres_structures: 14,
		issues_rencontres: 3,
		structures_ess: 1300,
		taux_accompagnement: 0.05
	}),
	zones: [
		row('est', 'Est', { accueillies: 12, structures_ess: 300, taux_accompagnement: 0.06 }),
		row('metz', 'Metz', { accueillies: 24, structures_ess: 700, taux_accompagnement: 0.04 }),
		row('sud', 'Sud', { accueillies: 6, structures_ess: 300, taux_accompagnement: 0.03 })
	],
	priorities: { nom: 'Est & Sud', zones: ['est', 'sud'] },
	targets: [
		{ nom: 'Est', indicator: 'accueillies', status: 'atteint' },
		{ nom: 'Sud', indicator: 'accueillies', status: 'en_retard' },
		{ nom: 'Sud', indicator: 'ingenieries', status: null }
	],
	satisfaction: null,
	demo: false,
	today: '2027-01-15',
	...over
});

describe('the annual report’s text', () => {
	it('says the year’s figures, the priority zones’ share and the targets, from the rows only', () => {
		const text = reportParagraphs(figures());
		expect(text[0]).toBe('En 2026, le DLA a accueilli 42 structures, dont 18 dans les zones Est & Sud (Est : 12, Sud : 6).');
		expect(text[1]).toBe(
			`30 structures ont bénéficié d’un diagnostic partagé et 20 structures sont entrées en ingénierie (15 en individuelle, 5 en collective), pour un budget de 120${NNBSP}000\u00a0€ et 80,5 jours d’intervention de prestataires.`
		);
		expect(text[2]).toBe(
			'Les ingénieries commencées dans l’année concernent 150 emplois (CDI et CDD) ; 9 suivis ont été réalisés, qui font état de 40 emplois consolidés.'
		);
		expect(text[3]).toBe(
			`Le DLA a accompagné 5\u00a0% des 1${NNBSP}300 structures de l’ESS du territoire ; par zone : Est 6\u00a0%, Metz 4\u00a0%, Sud 3\u00a0%.`
		);
		expect(text[4]).toBe(
			'14 structures de l’ESS sont venues à une rencontre ; 3 sont entrées en parcours dans les 12 mois qui ont suivi (issues de rencontres).'
		);
		// The target without a figure (null status) is not counted.
		expect(text[5]).toBe(
			'Sur 2 objectifs fixés pour l’année, 1 est atteint, 0 en bonne voie et 1 en retard : structures accueillies (Sud).'
		);
		expect(text[6]).toBe('Aucune réponse au questionnaire de satisfaction n’a été reçue en 2026.');
		expect(text.join(' ')).not.toMatch(/démonstration/);
	});

	it('flags demo data first, says a year in progress, and says zeros instead of inventing', () => {
		const empty = row('57', 'Moselle', {});
		const text = reportParagraphs(figures({ demo: true, today: '2026-12-02', departement: empty, zones: [], targets: [] }));
		expect(text[0]).toBe(DEMO_WARNING);
		expect(text[0]).toMatch(/Données de démonstration/);
		expect(text[1]).toBe('En 2026 (année en cours au 02/12/2026), le DLA n’a accueilli aucune structure.');
		expect(text[2]).toBe('Aucun diagnostic partagé n’a été daté de l’année ; aucune ingénierie n’a commencé.');
		expect(text[3]).toBe('Aucun emploi concerné n’est renseigné pour les ingénieries de l’année ; aucun suivi n’a été daté de l’année.');
		expect(text[4]).toMatch(/Aucune structure de l’ESS/);
		expect(text[5]).toBe('Aucune structure de l’ESS n’est venue à une rencontre du DLA dont la présence est enregistrée.');
		expect(text).toHaveLength(7);
	});

	it('sums up the questionnaire’s answers', () => {
		const text = reportParagraphs(
			figures({
				satisfaction: {
					year: 2026,
					nom: '2026',
					reponses: 12,
					moyennes: { note_diagnostic: 4.25, note_prestataire: 4, note_dla: 4.5 },
					effets: { emplois: 7, finances: 5, gouvernance: 3 },
					prestataires: [],
					themes: []
				}
			})
		);
		expect(text.at(-1)).toBe(
			'12 structures ont répondu au questionnaire de satisfaction : note moyenne de 4,5 / 5 pour le DLA, 4,3 pour le diagnostic et 4 pour les prestataires ; effets observés : 7 sur les emplois, 5 sur les finances, 3 sur la gouvernance.'
		);
	});
});
