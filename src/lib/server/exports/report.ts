// The annual activity report as an XLSX workbook (issue 15): one sheet per table of the report,
// each figure as the queries gave it (no rounding beyond theirs), labels from the indicators'
// definitions so that a column says the same as the /bilan page.
import { INDICATOR_BY_KEY, INDICATORS, type IndicatorKey } from '../../domain/indicators/definitions';
import { PROGRESS_LABELS } from '../../domain/indicators/progress';
import { EFFECTS, NOTES, type SatisfactionGroup } from '../../domain/satisfaction/aggregate';
import type { IndicatorRow } from '../../domain/indicators/years';
import type { AnnualReport, IngenierieGroup } from '../queries/report';
import type { TargetWithProgress } from '../queries/targets';
import { xlsxSheet, xlsxWorkbook, type Column } from './spreadsheet';

const indicatorColumns = (keys: readonly IndicatorKey[]): Column<IndicatorRow>[] =>
	keys.map((key) => ({ label: INDICATOR_BY_KEY[key].label, value: (r) => r[key] }));

const ALL = INDICATORS.map((d) => d.key);
const TERRITORY: Column<IndicatorRow>[] = [
	{ label: 'Code', value: (r) => r.code },
	{ label: 'Territoire', width: 34, value: (r) => r.nom },
	{ label: 'Année', value: (r) => r.year }
];
const JOBS: IndicatorKey[] = ['ingenieries', 'emplois_concernes', 'suivis', 'emplois_consolides'];
const BUDGET: IndicatorKey[] = ['ingenieries', 'ingenieries_individuelles', 'ingenieries_collectives', 'budget_eur', 'jours'];
const RENCONTRES: IndicatorKey[] = ['rencontres_structures', 'issues_rencontres'];

const GROUP: Column<IngenierieGroup>[] = [
	{ label: 'Structures en ingénierie', value: (r) => r.structures },
	{ label: INDICATOR_BY_KEY.budget_eur.label, value: (r) => r.budget_eur },
	{ label: INDICATOR_BY_KEY.jours.label, value: (r) => r.jours }
];

const TARGETS: Column<TargetWithProgress>[] = [
	{ label: 'Territoire', width: 30, value: (t) => t.nom },
	{ label: 'Niveau', value: (t) => t.level },
	{ label: 'Indicateur', width: 28, value: (t) => INDICATOR_BY_KEY[t.indicator].label },
	{ label: 'Année', value: (t) => t.year },
	{ label: 'Objectif', value: (t) => t.value },
	{ label: 'Réalisé', value: (t) => t.current },
	{ label: 'Attendu à date', value: (t) => (t.progress ? Math.round(t.progress.expected * 100) / 100 : null) },
	{ label: 'État', value: (t) => (t.progress ? PROGRESS_LABELS[t.progress.status] : null) }
];

type SatisfactionRow = SatisfactionGroup & { tableau: string };
const SATISFACTION: Column<SatisfactionRow>[] = [
	{ label: 'Regroupement', value: (r) => r.tableau },
	{ label: 'Nom', width: 30, value: (r) => r.nom },
	{ label: 'Réponses', value: (r) => r.reponses },
	...NOTES.map((n): Column<SatisfactionRow> => ({ label: `Note moyenne ${n.label} (1–5)`, value: (r) => r.moyennes[n.key] })),
	...EFFECTS.map((e): Column<SatisfactionRow> => ({ label: `Effet observé : ${e.label}`, value: (r) => r.effets[e.key] }))
];

export async function reportToXlsx(report: AnnualReport): Promise<Buffer> {
	const territories = [report.departement, ...report.zones];
	const s = report.satisfaction;
	const satisfaction: SatisfactionRow[] = s
		? [
				{ ...s, nom: String(s.year), tableau: 'Ensemble' },
				...s.prestataires.map((p) => ({ ...p, tableau: 'Prestataire' })),
				...s.themes.map((t) => ({ ...t, tableau: 'Thème' }))
			]
		: [];
	return xlsxWorkbook([
		xlsxSheet(
			[{ label: 'Rapport d’activité', width: 120, value: (p: string) => p }],
			[...report.paragraphs, `Établi le ${report.today}.`],
			'Synthèse'
		),
		xlsxSheet([...TERRITORY, ...indicatorColumns(ALL)], territories, 'Zones'),
		xlsxSheet([...TERRITORY, ...indicatorColumns(ALL)], report.epci, 'EPCI'),
		xlsxSheet([{ label: 'Secteur', width: 34, value: (r) => r.secteur_label }, ...indicatorColumns(ALL)], report.sectors, 'Secteurs'),
		xlsxSheet([{ label: 'Thème', width: 40, value: (r) => r.nom }, ...GROUP], report.themes, 'Thèmes'),
		xlsxSheet([{ label: 'Prestataire', width: 40, value: (r) => r.nom }, ...GROUP], report.prestataires, 'Prestataires'),
		xlsxSheet([...TERRITORY, ...indicatorColumns(JOBS)], territories, 'Emplois'),
		xlsxSheet([...TERRITORY, ...indicatorColumns(BUDGET)], territories, 'Budget'),
		xlsxSheet([...TERRITORY, ...indicatorColumns(RENCONTRES)], [...territories, ...report.epci], 'Rencontres'),
		xlsxSheet(TARGETS, report.targets, 'Objectifs'),
		xlsxSheet(SATISFACTION, satisfaction, 'Satisfaction')
	]);
}
