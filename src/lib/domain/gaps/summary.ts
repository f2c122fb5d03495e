// The few sentences shown above a territory's figures: « Dans la CC du Saulnois, 84 structures de
// l’ESS, dont 3 accompagnées depuis 2023 (3,6 % contre 14 % en Moselle)… ». Written only from the
// indicators it is given — every number in the text is one of them, rounded — with French
// agreement (1 structure accompagnée, 2 structures accompagnées) and, when a rate rests on a few
// structures, a hint rather than a bare 0 % or 100 %.
import { DEFAULT_GAP_CONFIG, type GapConfig } from './config';
import type { GapIndicators } from './indicators';
import type { TerritoryLevel } from '../territory/levels';
import {
	agree,
	countOf,
	deLieu,
	formatDate,
	formatDecimal,
	formatInteger,
	formatKm,
	formatPercent,
	joinFrench,
	NO_BREAK_SPACE
} from '../format';

export interface SummaryPlace {
	level: TerritoryLevel;
	nom: string;
	/** COG « type de liaison » of départements (which article the name takes); null when unknown. */
	typeLiaison?: number | null;
}

/** One sector of the territory over the same period, to name those the DLA has not reached. */
export interface SectorFigures {
	code: string;
	label: string;
	structures: number;
	accompanied: number;
}

export interface SummaryInput {
	territory: SummaryPlace;
	departement: { nom: string; typeLiaison?: number | null };
	/** First day of the period, ISO: « depuis 2023 » on a 1 January, « depuis le 3 mars 2025 » otherwise. */
	since: string;
	/** Set when the indicators are those of one sector. */
	sector?: { code: string; label: string } | null;
	indicators: GapIndicators;
	/** The territory's figures by sector (whole territory only). */
	sectors?: readonly SectorFigures[];
}

/** French typography: no-break spaces inside « », and before « : » and « ; » (below), so that a
 * line never starts with a lone punctuation mark. */
function guillemets(text: string): string {
	return `«${NO_BREAK_SPACE}${text}${NO_BREAK_SPACE}»`;
}

function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---------------------------------------------------------------- places

/** « à Metz », « au Ban-Saint-Martin », « aux Étangs », « à La Maxe ». */
function aCommune(nom: string): string {
	if (nom.startsWith('Le ')) return `au ${nom.slice(3)}`;
	if (nom.startsWith('Les ')) return `aux ${nom.slice(4)}`;
	return `à ${nom}`;
}

// EPCI names begin with their legal nature: « CC du Saulnois », « CA Saint-Avold Synergie »,
// « Eurométropole de Metz »; others (« Metz Métropole ») read best as « sur le territoire de ».
const FEMININE_EPCI = /^(CC|CA|CU|Communauté|Métropole)(?= )/;
const ELIDED_EPCI = /^(Eurométropole|Agglomération)(?= )/;

function dansEpci(nom: string): string {
	if (FEMININE_EPCI.test(nom)) return `dans la ${nom}`;
	if (ELIDED_EPCI.test(nom)) return `dans l’${nom}`;
	return `sur le territoire ${deLieu(nom)}`;
}

// Feminine départements named after a river mostly take « dans la » (dans la Marne), the others
// « en » (en Moselle, en Savoie).
const DANS_LA = new Set([
	'Marne',
	'Haute-Marne',
	'Somme',
	'Sarthe',
	'Manche',
	'Loire',
	'Haute-Loire',
	'Nièvre',
	'Vienne',
	'Haute-Vienne',
	'Creuse',
	'Drôme',
	'Mayenne',
	'Orne'
]);
const A_DEPARTEMENT = new Set(['Paris', 'Mayotte']);

/** From the COG type de liaison: 2 le, 3 la, 4 les, 5 l’; 0 and 1 take no article. */
export function dansDepartement(nom: string, typeLiaison: number | null | undefined): string {
	if (A_DEPARTEMENT.has(nom)) return `à ${nom}`;
	switch (typeLiaison) {
		case 2:
			return `dans le ${nom}`;
		case 3:
			return DANS_LA.has(nom) ? `dans la ${nom}` : `en ${nom}`;
		case 4:
			return `dans les ${nom}`;
		case 5:
			return `dans l’${nom}`;
		default:
			return `en ${nom}`;
	}
}

/** Where the figures are: « dans la CC du Saulnois », « à Metz », « dans la zone Est »… */
export function dansTerritoire(place: SummaryPlace): string {
	switch (place.level) {
		case 'commune':
			return aCommune(place.nom);
		case 'epci':
			return dansEpci(place.nom);
		case 'arrondissement':
			return `dans l’arrondissement ${deLieu(place.nom)}`;
		case 'zone':
			return `dans la zone ${place.nom}`;
		case 'departement':
			return dansDepartement(place.nom, place.typeLiaison);
	}
}

/** « depuis 2023 » when the period starts on 1 January, « depuis le 1er mars 2025 » otherwise. */
export function depuis(since: string): string {
	if (since.endsWith('-01-01')) return `depuis ${since.slice(0, 4)}`;
	const date = formatDate(since);
	return `depuis le ${date.replace(/^1 /, '1er ')}`;
}

// ---------------------------------------------------------------- sentences

interface Context {
	input: SummaryInput;
	ind: GapIndicators;
	since: string;
	enDepartement: string;
	config: GapConfig;
}

/** The rate between brackets, or the reason not to give one. */
function rateBracket(c: Context): string {
	const { ind } = c;
	const reference = ind.reference_rate === null ? null : formatPercent(ind.reference_rate);
	if (ind.confidence === 'faible') {
		const hint = `trop peu de structures pour un taux fiable`;
		return reference === null || isDepartement(c) ? ` (${hint})` : ` (${hint}${NO_BREAK_SPACE}; ${reference} ${c.enDepartement})`;
	}
	const rate = formatPercent(ind.rate);
	const comparison = reference === null || isDepartement(c) ? rate : `${rate} contre ${reference} ${c.enDepartement}`;
	const caution = ind.confidence === 'moyenne' ? `, taux indicatif sur ${countOf(ind.figures.structures, 'structure', 'structures')}` : '';
	return ` (${comparison}${caution})`;
}

/** The département compared with itself says nothing. */
function isDepartement(c: Context): boolean {
	return c.input.territory.level === 'departement';
}

function sectorWords(c: Context): string {
	return c.input.sector ? ` du secteur ${guillemets(c.input.sector.label)}` : '';
}

function structuresSentence(c: Context): string {
	const { structures: n, accompanied: k } = c.ind.figures;
	const where = capitalize(dansTerritoire(c.input.territory));
	const of = `de l’ESS${sectorWords(c)}`;
	if (n === 0) return `${where}, aucune structure ${of} n’est recensée.`;
	let accompanied: string;
	if (n === 1) accompanied = k >= 1 ? `, accompagnée ${c.since}` : `, non accompagnée ${c.since}`;
	else if (k === 0) accompanied = `, dont aucune accompagnée ${c.since}`;
	else if (k === n) accompanied = `, toutes accompagnées ${c.since}`;
	else accompanied = `, dont ${formatInteger(k)} ${agree(k, 'accompagnée', 'accompagnées')} ${c.since}`;
	return `${where}, ${countOf(n, 'structure', 'structures')} ${of}${accompanied}${rateBracket(c)}.`;
}

function employersSentence(c: Context): string | null {
	const { structures: n, structures_employeuses: e } = c.ind.figures;
	if (n === 0) return null;
	if (n === 1) return e >= 1 ? 'Elle est employeuse.' : 'Elle n’est pas employeuse.';
	if (e === 0) return 'Aucune n’est employeuse.';
	if (e >= n) return 'Toutes sont employeuses.';
	if (e === 1) return 'Parmi elles, une seule est employeuse.';
	return `Parmi elles, ${formatInteger(e)} sont employeuses.`;
}

/** Rounded for the text; « environ » unless the value is whole (100 × 0.14 is 14.000000000000002). */
function about(value: number): string {
	const whole = Math.abs(value - Math.round(value)) < 1e-9;
	return whole ? formatInteger(value) : `environ ${formatInteger(value)}`;
}

function gapSentence(c: Context): string | null {
	const { ind } = c;
	if (ind.figures.structures === 0 || ind.reference_rate === null || isDepartement(c)) return null;
	if (Math.round(ind.missing) >= 1) {
		const expected = Math.round(ind.expected);
		return `Au taux du département, ${about(ind.expected)} ${agree(expected, 'serait accompagnée', 'seraient accompagnées')}${NO_BREAK_SPACE}: il en manque ${about(ind.missing)}.`;
	}
	if (ind.missing === 0 && ind.confidence !== 'faible') return 'C’est au moins le taux du département.';
	return null;
}

function distanceSentence(c: Context): string | null {
	const { figures, reference } = c.ind;
	if (figures.accompanied > 0 || figures.structures === 0) return null;
	if (figures.distance_km !== null) return `La structure accompagnée la plus proche est à ${formatKm(figures.distance_km)}.`;
	if (reference.accompanied === 0) return `Aucune structure${sectorWords(c)} n’a été accompagnée ${c.enDepartement} ${c.since}.`;
	return null;
}

function jobsSentence(c: Context): string | null {
	const { accompanied: k, emplois_concernes: jobs } = c.ind.figures;
	if (k === 0 || jobs === 0) return null;
	return `${k === 1 ? 'Cet accompagnement concerne' : 'Ces accompagnements concernent'} ${countOf(jobs, 'emploi', 'emplois')}.`;
}

function densitySentence(c: Context): string | null {
	const { structures_per_10k: density, reference_structures_per_10k: reference } = c.ind;
	if (density === null || c.ind.figures.structures === 0) return null;
	if (isDepartement(c))
		return `Cela fait ${formatDecimal(density)} ${agree(density, 'structure', 'structures')} pour ${formatInteger(10_000)} habitants.`;
	const comparison = reference === null ? '' : `, contre ${formatDecimal(reference)} ${c.enDepartement}`;
	return `Cela fait ${formatDecimal(density)} ${agree(density, 'structure', 'structures')} pour ${formatInteger(10_000)} habitants${comparison}.`;
}

function sectorPhrase(sector: SectorFigures, config: GapConfig): string {
	return config.summary.sector_phrases[sector.code] ?? `le secteur ${guillemets(sector.label)}`;
}

/** Sectors with enough structures to matter and none accompanied, the largest first. */
export function unreachedSectors(sectors: readonly SectorFigures[], config: GapConfig = DEFAULT_GAP_CONFIG): SectorFigures[] {
	return sectors
		.filter((s) => s.accompanied === 0 && s.structures >= config.summary.sector_min_structures)
		.sort((a, b) => b.structures - a.structures || (a.code < b.code ? -1 : 1));
}

function sectorsSentence(c: Context): string | null {
	if (c.input.sector || !c.input.sectors) return null;
	const unreached = unreachedSectors(c.input.sectors, c.config);
	if (unreached.length === 0) return null;
	const shown = unreached.slice(0, c.config.summary.max_sectors);
	const items = shown.map((s) => `${sectorPhrase(s, c.config)} (${countOf(s.structures, 'structure', 'structures')})`);
	const others = unreached.length - shown.length;
	if (others > 0) items.push(countOf(others, 'autre secteur', 'autres secteurs'));
	return `Aucune structure accompagnée ${c.since} dans ${joinFrench(items)}.`;
}

export function territorySummary(input: SummaryInput, config: GapConfig = DEFAULT_GAP_CONFIG): string {
	const context: Context = {
		input,
		ind: input.indicators,
		since: depuis(input.since),
		enDepartement: dansDepartement(input.departement.nom, input.departement.typeLiaison),
		config
	};
	return [structuresSentence, employersSentence, gapSentence, distanceSentence, jobsSentence, densitySentence, sectorsSentence]
		.map((sentence) => sentence(context))
		.filter((s): s is string => s !== null)
		.join(' ');
}
