// The key figures of a portrait and the proposals of its « manques » slide, as text: every number
// formatted in French, every figure with its reference, period and source. Pure: the page, the
// slides and the print layout all show what these functions write.
import { countOf, formatDecimal, formatInteger, formatPercent } from '../format';
import { dansDepartement, unreachedSectors } from '../gaps/summary';
import type { JobEstimate } from './jobs';
import { periodLabel, type Period } from './period';
import { sourcesText } from './sources';

/**
 * The accompanied structures a portrait names (the first by name; the others are counted): enough
 * to recognise the territory on one page. An EPCI of 20,000 structures has 2,000 of them, which
 * made most of its page's data.
 */
export const ACCOMPANIED_NAMES_LISTED = 36;

/** How many records come from each source (`sirene`, `rna`, `demo`…). */
export interface SourceCount {
	source: string;
	count: number;
}

/** The figures of one territory over the period (the territory's, or the reference's). */
export interface FiguresInput {
	population: number | null;
	structures: number;
	structures_employeuses: number;
	jobs: JobEstimate;
	structures_per_10k: number | null;
	/** Structures with a stage of accompaniment reached in the period (unit: structure, counted once). */
	accompanied: number;
	/** Accompaniments (parcours) with a stage reached in the period (unit: parcours). */
	accompaniments: number;
	/** accompanied ÷ structures; null without structures. */
	accompanied_share: number | null;
	/** Jobs (CDI + CDD) declared on these accompaniments. */
	emplois_concernes: number;
	/** Where the structures come from. */
	structure_sources: SourceCount[];
	accompaniment_sources: SourceCount[];
}

export interface PortraitInput {
	territory: { level: string; nom: string };
	reference: { nom: string; typeLiaison: number | null };
	period: Period;
	figures: FiguresInput;
	reference_figures: FiguresInput;
	sectors: { code: string; label: string; structures: number; accompanied: number }[];
	partners: { kind: 'partenaire' | 'initiative' }[];
	gap: {
		indicators: { expected: number; missing: number; confidence: 'faible' | 'moyenne' | 'bonne' };
		score: number | null;
		rank: number | null;
		peers: number;
		rank_basis: string | null;
	};
}

export interface KeyFigure {
	id: string;
	label: string;
	value: string;
	/** The same figure for the reference (département), or a note. */
	reference: string | null;
	/** Period and source. */
	source: string;
}

/** « 13 à 24 », « 13 ou plus », « 0 » — a range, never a single invented number. */
export function jobsRange(jobs: JobEstimate): string {
	if (jobs.max === null) return `${formatInteger(jobs.min)} ou plus`;
	if (jobs.min === jobs.max) return formatInteger(jobs.min);
	return `${formatInteger(jobs.min)} à ${formatInteger(jobs.max)}`;
}

export function keyFigures(p: PortraitInput): KeyFigure[] {
	const f = p.figures;
	const r = p.reference_figures;
	const isDepartement = p.territory.level === 'departement';
	const en = dansDepartement(p.reference.nom, p.reference.typeLiaison);
	const ref = (text: string) => (isDepartement ? null : `${text} ${en}`);
	const period = periodLabel(p.period);
	const sirene = `Source : ${sourcesText(f.structure_sources)}`;
	const dla = `${period} · source : ${f.accompaniment_sources.length ? sourcesText(f.accompaniment_sources) : 'suivi des accompagnements du DLA'}`;
	const figures: KeyFigure[] = [
		{
			id: 'population',
			label: 'Habitants',
			value: formatInteger(f.population),
			reference: ref(formatInteger(r.population)),
			source: 'Population municipale · source : COG (INSEE)'
		},
		{
			id: 'structures',
			label: 'Structures de l’ESS',
			value: formatInteger(f.structures),
			reference: ref(formatInteger(r.structures)),
			source: `Établissements actifs · ${sirene}`
		},
		{
			id: 'employeuses',
			label: 'dont employeuses',
			value: formatInteger(f.structures_employeuses),
			reference:
				f.structures > 0
					? `${formatPercent(f.structures_employeuses / f.structures, 0)} des structures${isDepartement || r.structures === 0 ? '' : ` (${formatPercent(r.structures_employeuses / r.structures, 0)} ${en})`}`
					: null,
			source: sirene
		},
		{
			id: 'emplois',
			label: 'Emplois salariés (estimation)',
			value: jobsRange(f.jobs),
			reference:
				f.jobs.employers_without_band > 0
					? `hors ${countOf(f.jobs.employers_without_band, 'employeuse', 'employeuses')} sans tranche d’effectifs`
					: 'd’après les tranches d’effectifs',
			source: `Estimation : somme des bornes des tranches d’effectifs · ${sirene}`
		},
		{
			id: 'densite',
			label: 'Structures pour 10 000 habitants',
			value: formatDecimal(f.structures_per_10k),
			reference: ref(formatDecimal(r.structures_per_10k)),
			source: `Structures ÷ population · ${sirene}, COG`
		},
		{
			id: 'accompagnees',
			label: `Structures accompagnées (${period})`,
			value: formatInteger(f.accompanied),
			reference:
				f.accompanied_share === null
					? null
					: `${formatPercent(f.accompanied_share)} des structures${isDepartement ? '' : `, contre ${formatPercent(r.accompanied_share)} ${en}`}`,
			source: `Structures différentes ayant franchi une étape de parcours sur la période, chacune comptée une fois · ${dla}`
		},
		{
			id: 'accompagnements',
			label: `Parcours DLA actifs (${period})`,
			value: formatInteger(f.accompaniments),
			reference:
				isDepartement || r.accompaniments === 0
					? 'une structure peut suivre plusieurs parcours'
					: `${formatPercent(f.accompaniments / r.accompaniments)} de ceux du département`,
			source: `Parcours ayant franchi au moins une étape sur la période · ${dla}`
		}
	];
	if (!isDepartement) {
		const g = p.gap;
		figures.push({
			id: 'manque',
			label: 'Structures accompagnées manquantes',
			value: formatDecimal(g.indicators.missing, 0),
			reference: g.rank === null ? null : `rang ${formatInteger(g.rank)} sur ${formatInteger(g.peers)} ${g.rank_basis ?? ''}`.trim(),
			source: `Au taux ${deDepartement(p.reference.nom)} sur ${period} (confiance ${g.indicators.confidence})${g.score === null ? '' : ` · score ${formatDecimal(g.score)} / 100`}`
		});
	}
	return figures;
}

function deDepartement(nom: string): string {
	return `du département (${nom})`;
}

/** What the DLA could do next, from the figures only (never a promise, always a suggestion). */
export function proposals(p: PortraitInput): string[] {
	const out: string[] = [];
	const g = p.gap.indicators;
	const missing = Math.round(g.missing);
	if (p.territory.level !== 'departement' && missing >= 1) {
		out.push(
			`Aller à la rencontre d’environ ${countOf(missing, 'structure', 'structures')} de plus pour atteindre le taux du département (${formatInteger(Math.round(g.expected))} accompagnées attendues).`
		);
	}
	const unreached = unreachedSectors(p.sectors.filter((s) => s.code));
	if (unreached.length) {
		out.push(
			`Présenter le DLA aux structures des secteurs encore jamais accompagnés sur la période : ${unreached
				.slice(0, 3)
				.map((s) => `${s.label} (${formatInteger(s.structures)})`)
				.join(', ')}.`
		);
	}
	if (p.figures.structures_employeuses > p.figures.accompanied)
		out.push(
			`Repérer, parmi les ${countOf(p.figures.structures_employeuses, 'structure employeuse', 'structures employeuses')}, celles qui ont un projet de consolidation de leurs emplois.`
		);
	const partners = p.partners.filter((x) => x.kind === 'partenaire').length;
	const initiatives = p.partners.length - partners;
	if (partners + initiatives > 0) {
		out.push(
			`Associer ${[partners ? countOf(partners, 'partenaire', 'partenaires') : '', initiatives ? countOf(initiatives, 'initiative', 'initiatives') : ''].filter(Boolean).join(' et ')} du territoire à une réunion d’information.`
		);
	} else {
		out.push('Organiser une réunion d’information sur le DLA avec la collectivité.');
	}
	return out;
}

/** How the map's context territories are called: « EPCI voisins », « communes voisines »… */
export function neighboursLabel(level: string): string {
	switch (level) {
		case 'commune':
			return 'communes voisines';
		case 'epci':
			return 'EPCI voisins';
		case 'arrondissement':
			return 'arrondissements voisins';
		case 'zone':
			return 'zones voisines';
		default:
			return 'EPCI du département';
	}
}
