// The French text of the annual activity report (issue 15), written from the figures only: every
// number it says comes from the indicator rows, the targets' progress or the questionnaire's
// results it is given, and what is zero or absent is said so, never filled in. Demo data is
// flagged before anything else.
import type { SatisfactionYear } from '../satisfaction/aggregate';
import { countOf, formatDecimal, formatEuros, formatInteger, formatPercent, joinFrench } from '../format';
import { INDICATOR_BY_KEY } from './definitions';
import type { ProgressStatus } from './progress';
import type { IndicatorRow } from './years';

export interface ReportTarget {
	nom: string;
	indicator: keyof typeof INDICATOR_BY_KEY;
	status: ProgressStatus | null;
}

export interface ReportFigures {
	year: number;
	/** The département's row of the year, and its zones' rows. */
	departement: IndicatorRow;
	zones: readonly IndicatorRow[];
	/** The priority zones of the strategy (codes) and their name (« Est & Sud »). */
	priorities: { nom: string; zones: readonly string[] };
	targets: readonly ReportTarget[];
	satisfaction: SatisfactionYear | null;
	/** The database holds the demo territory. */
	demo: boolean;
	/** Today (ISO), to say that the year is not over. */
	today: string;
}

export const DEMO_WARNING =
	'Données de démonstration : ce rapport est établi sur le territoire de démonstration de Maillage, ses chiffres ne décrivent pas l’activité réelle du DLA.';

const n = (value: number, singular: string, plural: string) => countOf(value, singular, plural);

function welcomed(f: ReportFigures): string {
	const { year, departement: d } = f;
	const when = f.today < `${year + 1}-01-01` ? `En ${year} (année en cours au ${f.today.split('-').reverse().join('/')})` : `En ${year}`;
	if (d.accueillies === 0) return `${when}, le DLA n’a accueilli aucune structure.`;
	const priority = f.zones.filter((z) => f.priorities.zones.includes(z.code));
	let text = `${when}, le DLA a accueilli ${n(d.accueillies, 'structure', 'structures')}`;
	if (priority.length) {
		const inPriority = priority.reduce((s, z) => s + z.accueillies, 0);
		const detail = priority.length > 1 ? ` (${priority.map((z) => `${z.nom} : ${formatInteger(z.accueillies)}`).join(', ')})` : '';
		text += `, dont ${formatInteger(inPriority)} dans ${priority.length > 1 ? 'les zones' : 'la zone'} ${f.priorities.nom || joinFrench(priority.map((z) => z.nom))}${detail}`;
	}
	return `${text}.`;
}

function steps(d: IndicatorRow): string {
	const diagnostics = d.diagnostics
		? `${n(d.diagnostics, 'structure a bénéficié', 'structures ont bénéficié')} d’un diagnostic partagé`
		: 'aucun diagnostic partagé n’a été daté de l’année';
	if (!d.ingenieries) return `${capitalise(diagnostics)} ; aucune ingénierie n’a commencé.`;
	const types = `${formatInteger(d.ingenieries_individuelles)} en individuelle, ${formatInteger(d.ingenieries_collectives)} en collective`;
	return `${capitalise(diagnostics)} et ${n(d.ingenieries, 'structure est entrée', 'structures sont entrées')} en ingénierie (${types}), pour un budget de ${formatEuros(d.budget_eur)} et ${formatDecimal(d.jours)} jours d’intervention de prestataires.`;
}

function jobs(d: IndicatorRow): string {
	const concerned = d.emplois_concernes
		? `Les ingénieries commencées dans l’année concernent ${n(d.emplois_concernes, 'emploi', 'emplois')} (CDI et CDD)`
		: 'Aucun emploi concerné n’est renseigné pour les ingénieries de l’année';
	const consolidated = d.suivis
		? `${n(d.suivis, 'suivi a été réalisé', 'suivis ont été réalisés')}, qui font état de ${n(d.emplois_consolides, 'emploi consolidé', 'emplois consolidés')}`
		: 'aucun suivi n’a été daté de l’année';
	return `${concerned} ; ${consolidated}.`;
}

function rate(f: ReportFigures): string {
	const d = f.departement;
	if (!d.structures_ess) return 'Aucune structure de l’ESS n’est recensée : le taux d’accompagnement ne peut être calculé.';
	const zones = f.zones.filter((z) => z.taux_accompagnement !== null);
	const detail = zones.length ? ` ; par zone : ${zones.map((z) => `${z.nom} ${formatPercent(z.taux_accompagnement)}`).join(', ')}` : '';
	return `Le DLA a accompagné ${formatPercent(d.taux_accompagnement)} des ${n(d.structures_ess, 'structure', 'structures')} de l’ESS du territoire${detail}.`;
}

function rencontres(d: IndicatorRow): string {
	if (!d.rencontres_structures) return 'Aucune structure de l’ESS n’est venue à une rencontre du DLA dont la présence est enregistrée.';
	const issues = d.issues_rencontres
		? `${n(d.issues_rencontres, 'est entrée', 'sont entrées')} en parcours dans les 12 mois qui ont suivi (issues de rencontres)`
		: 'aucune n’est entrée en parcours dans les 12 mois qui ont suivi, à ce jour';
	return `${capitalise(n(d.rencontres_structures, 'structure de l’ESS est venue', 'structures de l’ESS sont venues'))} à une rencontre ; ${issues}.`;
}

function targets(f: ReportFigures): string | null {
	const known = f.targets.filter((t) => t.status !== null);
	if (!known.length) return null;
	const count = (s: ProgressStatus) => known.filter((t) => t.status === s).length;
	const behind = known
		.filter((t) => t.status === 'en_retard')
		.map((t) => `${INDICATOR_BY_KEY[t.indicator].label.toLowerCase()} (${t.nom})`);
	let text = `Sur ${n(known.length, 'objectif fixé', 'objectifs fixés')} pour l’année, ${formatInteger(count('atteint'))} ${count('atteint') > 1 ? 'sont atteints' : 'est atteint'}, ${formatInteger(count('en_bonne_voie'))} en bonne voie et ${formatInteger(count('en_retard'))} en retard`;
	if (behind.length) text += ` : ${joinFrench(behind)}`;
	return `${text}.`;
}

function satisfaction(s: SatisfactionYear | null, year: number): string {
	if (!s) return `Aucune réponse au questionnaire de satisfaction n’a été reçue en ${year}.`;
	const m = s.moyennes;
	const effects = `${formatInteger(s.effets.emplois)} sur les emplois, ${formatInteger(s.effets.finances)} sur les finances, ${formatInteger(s.effets.gouvernance)} sur la gouvernance`;
	return `${n(s.reponses, 'structure a répondu', 'structures ont répondu')} au questionnaire de satisfaction : note moyenne de ${formatDecimal(m.note_dla)} / 5 pour le DLA, ${formatDecimal(m.note_diagnostic)} pour le diagnostic et ${formatDecimal(m.note_prestataire)} pour les prestataires ; effets observés : ${effects}.`;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The report's paragraphs, in reading order. */
export function reportParagraphs(f: ReportFigures): string[] {
	return [
		...(f.demo ? [DEMO_WARNING] : []),
		welcomed(f),
		steps(f.departement),
		jobs(f.departement),
		rate(f),
		rencontres(f.departement),
		...[targets(f)].filter((t): t is string => t !== null),
		satisfaction(f.satisfaction, f.year)
	];
}
