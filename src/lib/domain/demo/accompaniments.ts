// Seven years of DLA parcours. Most land on structures of the focus zones — where the DLA has
// been active — so that the other zones show real gaps; employers and the sectors the DLA usually
// serves (culture, insertion, enfance, services à la personne) come first. Each parcours walks
// the stages in order with plausible delays, stops where today falls, or ends early (oriente,
// abandon, non éligible), and carries the figures a DLA reports.
import type { Random } from '../random';
import { WeightedIndex } from '../random';
import type { AccompanimentStage } from '../stages';
import { trancheOf } from '../tranches';
import { THEME_WEIGHTS } from './catalogue';
import type { GeneratedStructure } from './structures';
import { DEMO_SOURCE, type DemoAccompaniment, type DemoActor } from './types';
import { ABANDON_REASONS, NON_ELIGIBILITY_REASONS, ORIENTATIONS } from './vocabulary';

const DAY_MS = 86_400_000;
export const HISTORY_YEARS = 7;
export const DEFAULT_FOCUS_SHARE = 0.8;
/** Non-employers are eligible as first-time employers, but rarely come. */
const NON_EMPLOYER_FACTOR = 0.15;
/** A structure comes to the DLA some time after its creation. */
const MIN_AGE_AT_ACCUEIL_DAYS = 60;
const COLLECTIVE_SHARE = 0.2;
const COLLECTIVE_OPERATIONS_PER_YEAR = 3;
/** Follow-up points after the suivi starts, in months (domain.md: 6, 12 and 24 months). */
export const FOLLOWUP_MONTHS = [6, 12, 24] as const;

type Outcome = 'complet' | 'sans_ingenierie' | 'oriente' | 'non_eligible' | 'abandon_diagnostic' | 'abandon_plan';
const OUTCOMES: readonly (readonly [Outcome, number])[] = [
	['complet', 60],
	['sans_ingenierie', 10],
	['oriente', 14],
	['non_eligible', 5],
	['abandon_diagnostic', 7],
	['abandon_plan', 4]
];

type ActiveStage = 'diagnostic' | 'plan' | 'ingenierie' | 'suivi';
/** Days from the previous stage to this one. */
const STAGE_DELAYS: Record<ActiveStage, readonly [number, number]> = {
	diagnostic: [15, 60],
	plan: [15, 45],
	ingenierie: [20, 90],
	// An ingénierie lasts a few months before the suivi begins.
	suivi: [90, 240]
};
const SUIVI_WITHOUT_INGENIERIE: readonly [number, number] = [60, 150];

const PATHS: Record<Outcome, readonly ActiveStage[]> = {
	complet: ['diagnostic', 'plan', 'ingenierie', 'suivi'],
	sans_ingenierie: ['diagnostic', 'plan', 'suivi'],
	oriente: [],
	non_eligible: [],
	abandon_diagnostic: ['diagnostic'],
	abandon_plan: ['diagnostic', 'plan']
};

const END_STAGE: Partial<Record<Outcome, AccompanimentStage>> = {
	oriente: 'oriente',
	non_eligible: 'non_eligible',
	abandon_diagnostic: 'abandon',
	abandon_plan: 'abandon'
};

export interface AccompanimentContext {
	rng: Random;
	today: Date;
	structures: readonly GeneratedStructure[];
	/** Whether a structure's commune lies in a focus zone. */
	inFocus: (s: GeneratedStructure) => boolean;
	focusShare: number;
	prestataires: readonly DemoActor[];
}

function iso(time: number): string {
	return new Date(time).toISOString().slice(0, 10);
}

export function addMonths(isoDate: string, months: number): string {
	const d = new Date(`${isoDate}T00:00:00Z`);
	d.setUTCMonth(d.getUTCMonth() + months);
	return d.toISOString().slice(0, 10);
}

/** The DLA meets employers of its usual sectors first. */
function selectionWeight(s: GeneratedStructure): number {
	return s.dlaAffinity * (s.actor.employeur ? 1 : NON_EMPLOYER_FACTOR);
}

/**
 * Which structures are accompanied: `focusShare` of them in the focus zones, the rest elsewhere
 * (or all in one group when the other has too few), without repeats.
 */
function selectStructures(ctx: AccompanimentContext, count: number, latestAccueil: number): GeneratedStructure[] {
	const old = ctx.structures.filter((s) => Date.parse(s.actor.date_creation ?? '') <= latestAccueil - MIN_AGE_AT_ACCUEIL_DAYS * DAY_MS);
	const focus = old.filter(ctx.inFocus);
	const others = old.filter((s) => !ctx.inFocus(s));
	const total = Math.min(count, old.length);
	const wantFocus = Math.round(total * ctx.focusShare);
	const fromFocus = Math.min(focus.length, Math.max(wantFocus, total - others.length));
	const fromOthers = total - fromFocus;
	const pick = (group: GeneratedStructure[], n: number) => ctx.rng.sampleWeighted(group.map(selectionWeight), n).map((i) => group[i]);
	return [...pick(focus, fromFocus), ...pick(others, fromOthers)];
}

interface CollectiveOperation {
	theme: string;
	prestataire: DemoActor;
}

/** A few collective ingénieries a year, each on one theme with one prestataire. */
function collectiveOperations(rng: Random, prestataires: readonly DemoActor[], years: number[]): Map<number, CollectiveOperation[]> {
	return new Map(
		years.map((year) => [
			year,
			Array.from({ length: COLLECTIVE_OPERATIONS_PER_YEAR }, () => ({
				theme: rng.weighted(THEME_WEIGHTS),
				prestataire: rng.pick(prestataires)
			}))
		])
	);
}

function drawThemes(rng: Random, first?: string): string[] {
	const themes = new Set<string>(first ? [first] : []);
	const wanted = rng.weighted([
		[1, 3],
		[2, 4],
		[3, 2]
	] as const);
	while (themes.size < wanted) themes.add(rng.weighted(THEME_WEIGHTS));
	return [...themes];
}

/** Jobs concerned, from the size band: a headcount in the band, mostly CDI. */
function jobsOf(rng: Random, actor: DemoActor): { cdi: number; cdd: number } {
	const band = trancheOf(actor.tranche_effectifs);
	if (!actor.employeur || !band || band.min === null) return { cdi: 0, cdd: 0 };
	// 00: nobody at 31 December, but someone during the year — a seasonal CDD, say.
	if (band.max === 0) return { cdi: 0, cdd: rng.int(0, 1) };
	const headcount = rng.int(band.min, band.max ?? band.min * 2);
	const cdi = Math.round(headcount * rng.between(0.55, 0.9));
	return { cdi, cdd: headcount - cdi };
}

function clamp(value: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, value));
}

/** The next follow-up point still ahead, or null once the last one has passed. */
function nextFollowup(dateSuivi: string, todayIso: string): string | null {
	return FOLLOWUP_MONTHS.map((m) => addMonths(dateSuivi, m)).find((d) => d > todayIso) ?? null;
}

function parcours(
	ctx: AccompanimentContext,
	structure: GeneratedStructure,
	accueil: number,
	operations: Map<number, CollectiveOperation[]>,
	prestataireDraw: WeightedIndex
): Omit<DemoAccompaniment, 'source_id'> {
	const { rng } = ctx;
	const today = ctx.today.getTime();
	const todayIso = iso(today);
	const outcome = rng.weighted(OUTCOMES);
	const dates: Partial<Record<ActiveStage, string>> = {};
	let reached: AccompanimentStage = 'accueil';
	let cursor = accueil;
	for (const stage of PATHS[outcome]) {
		const [min, max] = stage === 'suivi' && outcome === 'sans_ingenierie' ? SUIVI_WITHOUT_INGENIERIE : STAGE_DELAYS[stage];
		const next = cursor + rng.days(min, max);
		// A stage not reached by today leaves the parcours in progress.
		if (next > today) break;
		dates[stage] = iso(next);
		reached = stage;
		cursor = next;
	}
	const endStage = END_STAGE[outcome];
	const pathDone = reached === (PATHS[outcome].at(-1) ?? 'accueil');
	const end = endStage && pathDone ? cursor + rng.days(7, 45) : null;
	// An end still ahead of today: the parcours is, for now, at its last stage reached.
	const endDate = end !== null && end <= today ? end : null;
	const stage: AccompanimentStage = endDate !== null && endStage ? endStage : reached;

	let ingenierie: Pick<DemoAccompaniment, 'ingenierie_type' | 'prestataire_source_id' | 'budget_eur' | 'jours'> = {
		ingenierie_type: null,
		prestataire_source_id: null,
		budget_eur: null,
		jours: null
	};
	let themes: string[] = [];
	if (dates.ingenierie) {
		const collective = rng.chance(COLLECTIVE_SHARE);
		const operation = collective ? rng.pick(operations.get(Number(dates.ingenierie.slice(0, 4))) ?? []) : null;
		// A share of a collective ingénierie costs less than an individual one.
		const budget = collective ? clamp(rng.normal(2500, 800), 1000, 5000) : clamp(rng.normal(6500, 3000), 2000, 15000);
		const dailyRate = rng.int(7, 10) * 100;
		const budgetEur = Math.round(budget / 100) * 100;
		ingenierie = {
			ingenierie_type: collective ? 'collective' : 'individuelle',
			prestataire_source_id: (operation?.prestataire ?? ctx.prestataires[prestataireDraw.draw(rng)]).source_id,
			budget_eur: budgetEur,
			jours: Math.max(1, Math.round((budgetEur / dailyRate) * 2) / 2)
		};
		themes = drawThemes(rng, operation?.theme);
	} else if (dates.plan) {
		themes = drawThemes(rng);
	}
	const jobs = jobsOf(rng, structure.actor);
	const concerned = jobs.cdi + jobs.cdd;
	return {
		source: DEMO_SOURCE,
		actor_source_id: structure.actor.source_id,
		stage,
		date_accueil: iso(accueil),
		date_diagnostic: dates.diagnostic ?? null,
		date_plan: dates.plan ?? null,
		date_ingenierie: dates.ingenierie ?? null,
		date_suivi: dates.suivi ?? null,
		date_fin: endDate !== null ? iso(endDate) : null,
		...ingenierie,
		themes,
		emplois_cdi: jobs.cdi,
		emplois_cdd: jobs.cdd,
		emplois_consolides: dates.suivi ? Math.round(concerned * rng.between(0.5, 1)) : null,
		next_followup: stage === 'suivi' && dates.suivi ? nextFollowup(dates.suivi, todayIso) : null,
		notes: endDate !== null ? endNote(rng, outcome) : null
	};
}

function endNote(rng: Random, outcome: Outcome): string | null {
	if (outcome === 'oriente') return `Orientée vers ${rng.pick(ORIENTATIONS)}`;
	if (outcome === 'non_eligible') return rng.pick(NON_ELIGIBILITY_REASONS);
	if (outcome === 'abandon_diagnostic' || outcome === 'abandon_plan') return rng.pick(ABANDON_REASONS);
	return null;
}

export function generateAccompaniments(ctx: AccompanimentContext, count: number): DemoAccompaniment[] {
	const { rng } = ctx;
	const today = ctx.today.getTime();
	const start = new Date(ctx.today);
	start.setUTCFullYear(start.getUTCFullYear() - HISTORY_YEARS);
	const latestAccueil = today - 10 * DAY_MS;
	const selected = selectStructures(ctx, count, latestAccueil);

	const years = Array.from({ length: HISTORY_YEARS + 2 }, (_, i) => start.getUTCFullYear() + i);
	const operations = collectiveOperations(rng, ctx.prestataires, years);
	// Some consultancies work much more than others.
	const prestataireDraw = new WeightedIndex(ctx.prestataires.map(() => rng.between(0.2, 3)));

	const drafts = selected.map((structure) => {
		const earliest = Math.max(start.getTime(), Date.parse(structure.actor.date_creation ?? '') + MIN_AGE_AT_ACCUEIL_DAYS * DAY_MS);
		const accueil = Date.parse(iso(rng.between(earliest, latestAccueil)));
		return parcours(ctx, structure, accueil, operations, prestataireDraw);
	});
	// Numbered in the order they began, as a DLA's own register would be.
	drafts.sort((a, b) =>
		a.date_accueil < b.date_accueil ? -1 : a.date_accueil > b.date_accueil ? 1 : a.actor_source_id < b.actor_source_id ? -1 : 1
	);
	return drafts.map((draft, i) => ({ source_id: `demo-a-${String(i + 1).padStart(4, '0')}`, ...draft }));
}
