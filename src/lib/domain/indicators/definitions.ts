// The DLA's yearly indicators (issue 15): what each counts and from which step of the parcours its
// year comes. One list, read by the indicators query, the API, the /bilan page, the targets and the
// annual report, so that a rule is written once and said the same way everywhere.
import { formatDecimal, formatEuros, formatInteger, formatPercent } from '../format';
import type { ActiveStage } from '../stages';

export const INDICATOR_KEYS = [
	'accueillies',
	'diagnostics',
	'plans',
	'ingenieries',
	'ingenieries_individuelles',
	'ingenieries_collectives',
	'suivis',
	'emplois_concernes',
	'emplois_consolides',
	'budget_eur',
	'jours',
	'rencontres_structures',
	'issues_rencontres',
	'structures_ess',
	'taux_accompagnement'
] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

export interface IndicatorDefinition {
	key: IndicatorKey;
	/** Short French label for tables and charts. */
	label: string;
	/** The step whose date places a figure in a year (null: not a yearly flow). */
	step: ActiveStage | null;
	/** How it is counted, in the officer's words (README « Indicateurs », /bilan). */
	rule: string;
	unit: 'structures' | 'emplois' | 'euros' | 'jours' | 'taux';
}

export const INDICATORS: readonly IndicatorDefinition[] = [
	{
		key: 'accueillies',
		label: 'Structures accueillies',
		step: 'accueil',
		unit: 'structures',
		rule: 'structures dont un parcours a sa date d’accueil dans l’année (une structure compte une fois par année, même avec deux parcours)'
	},
	{
		key: 'diagnostics',
		label: 'Diagnostics',
		step: 'diagnostic',
		unit: 'structures',
		rule: 'structures dont un parcours a sa date de diagnostic partagé dans l’année'
	},
	{
		key: 'plans',
		label: 'Parcours élaborés',
		step: 'plan',
		unit: 'structures',
		rule: 'structures dont un parcours a sa date d’élaboration du parcours dans l’année'
	},
	{
		key: 'ingenieries',
		label: 'Ingénieries',
		step: 'ingenierie',
		unit: 'structures',
		rule: 'structures dont une ingénierie a commencé dans l’année (chaque structure membre d’une ingénierie collective compte une fois)'
	},
	{
		key: 'ingenieries_individuelles',
		label: 'Ingénieries individuelles',
		step: 'ingenierie',
		unit: 'structures',
		rule: 'les mêmes, ingénierie individuelle'
	},
	{
		key: 'ingenieries_collectives',
		label: 'Ingénieries collectives',
		step: 'ingenierie',
		unit: 'structures',
		rule: 'les mêmes, ingénierie collective'
	},
	{
		key: 'suivis',
		label: 'Suivis',
		step: 'suivi',
		unit: 'structures',
		rule: 'structures dont un parcours a sa date de suivi / consolidation dans l’année'
	},
	{
		key: 'emplois_concernes',
		label: 'Emplois concernés',
		step: 'ingenierie',
		unit: 'emplois',
		rule: 'CDI + CDD des parcours dont l’ingénierie a commencé dans l’année'
	},
	{
		key: 'emplois_consolides',
		label: 'Emplois consolidés',
		step: 'suivi',
		unit: 'emplois',
		rule: 'emplois consolidés des parcours dont le suivi / consolidation est daté de l’année'
	},
	{
		key: 'budget_eur',
		label: 'Budget d’ingénierie (€)',
		step: 'ingenierie',
		unit: 'euros',
		rule: 'budget des ingénieries commencées dans l’année ; pour une ingénierie collective, la part de chaque structure, ou à défaut le budget de l’ingénierie partagé à parts égales entre ses structures'
	},
	{
		key: 'jours',
		label: 'Jours d’ingénierie',
		step: 'ingenierie',
		unit: 'jours',
		rule: 'jours des ingénieries commencées dans l’année, partagés comme le budget'
	},
	{
		key: 'rencontres_structures',
		label: 'Structures venues à une rencontre',
		step: null,
		unit: 'structures',
		rule: 'structures de l’ESS dont quelqu’un est venu à une rencontre de l’année (présence enregistrée ; une structure compte une fois par année, même venue à plusieurs rencontres)'
	},
	{
		key: 'issues_rencontres',
		label: 'Issues de rencontres',
		step: null,
		unit: 'structures',
		rule: 'parmi les structures venues à une rencontre de l’année, celles dont le premier parcours ouvert après la rencontre a sa date d’accueil dans les 12 mois qui la suivent (une structure compte une fois)'
	},
	{
		key: 'structures_ess',
		label: 'Structures de l’ESS',
		step: null,
		unit: 'structures',
		rule: 'structures de l’ESS actives du territoire aujourd’hui (la commune de leur adresse actuelle)'
	},
	{
		key: 'taux_accompagnement',
		label: 'Taux d’accompagnement',
		step: null,
		unit: 'taux',
		rule: 'structures accompagnées dans l’année (une étape quelconque du parcours datée de l’année) ÷ structures de l’ESS'
	}
];

export const INDICATOR_BY_KEY: Readonly<Record<IndicatorKey, IndicatorDefinition>> = Object.fromEntries(
	INDICATORS.map((d) => [d.key, d])
) as Record<IndicatorKey, IndicatorDefinition>;

export function isIndicatorKey(value: string): value is IndicatorKey {
	return Object.hasOwn(INDICATOR_BY_KEY, value);
}

/** The rule for where a structure counts: said once for the README, the page and the report. */
export const TERRITORY_RULE =
	'Une structure compte dans le territoire de sa commune actuelle : une structure qui a changé de commune compte, pour toutes les années, là où elle est aujourd’hui.';

/** An indicator's figure in French: a rate in percent, euros, days to the half-day, counts whole. */
export function formatIndicator(key: IndicatorKey, value: number | null | undefined): string {
	switch (INDICATOR_BY_KEY[key].unit) {
		case 'taux':
			return formatPercent(value);
		case 'euros':
			return formatEuros(value);
		case 'jours':
			return formatDecimal(value);
		default:
			return formatInteger(value);
	}
}
