// Which moves a parcours may make, and what a move writes. Pure: the query module applies the
// result in a transaction, the tests check every rule.
//
// A parcours moves forward only, along accueil → diagnostic → plan → ingénierie → suivi. Stages
// may be skipped, except the diagnostic: no plan, ingénierie or suivi without a diagnostic
// (« pas de plan sans diagnostic »). From any active stage it may end: `oriente` (with the offer
// it was referred to), `abandon` or `non_eligible`. An ended parcours moves no more. A step is
// dated on or after the date of the current stage, and not after today. The ingénierie needs its
// type (individuelle or collective).
//
// One step repeats a stage: `suivi` while at `suivi`, which records a follow-up meeting of the
// consolidation (6, 12, 24 months) in the journal without changing the stage.
import type { Accompaniment } from '../../schemas/accompaniment';
import { ACTIVE_STAGES, STAGE_LABELS, isActiveStage, type AccompanimentStage, type ActiveStage } from '../stages';

export type IngenierieType = NonNullable<Accompaniment['ingenierie_type']>;

/** The date columns of a parcours, and what a move checks. */
export type ParcoursState = Pick<
	Accompaniment,
	'stage' | 'date_accueil' | 'date_diagnostic' | 'date_plan' | 'date_ingenierie' | 'date_suivi' | 'date_fin' | 'ingenierie_type'
>;

export interface ParcoursMove {
	stage: AccompanimentStage;
	date: string;
	oriente_vers?: string | null;
	ingenierie_type?: IngenierieType | null;
}

export type MoveCheck = { ok: true } | { ok: false; message: string; field: 'stage' | 'date' | 'oriente_vers' | 'ingenierie_type' };

export const STAGE_DATE_COLUMN = {
	accueil: 'date_accueil',
	diagnostic: 'date_diagnostic',
	plan: 'date_plan',
	ingenierie: 'date_ingenierie',
	suivi: 'date_suivi'
} as const satisfies Record<ActiveStage, keyof ParcoursState>;

const label = (stage: AccompanimentStage) => `« ${STAGE_LABELS[stage]} »`;

function latestDate(state: ParcoursState): string | null {
	let latest: string | null = null;
	for (const stage of ACTIVE_STAGES) {
		const date = state[STAGE_DATE_COLUMN[stage]];
		if (date && (latest === null || date > latest)) latest = date;
	}
	return latest;
}

/**
 * The date the parcours reached its current stage: that stage's column; for an ended parcours its
 * end date. An imported row may lack it: then the latest date it has.
 */
export function stageDate(state: ParcoursState): string | null {
	if (isActiveStage(state.stage)) return state[STAGE_DATE_COLUMN[state.stage]] ?? latestDate(state);
	return state.date_fin ?? latestDate(state);
}

export function checkMove(state: ParcoursState, move: ParcoursMove, today: string): MoveCheck {
	if (!isActiveStage(state.stage)) {
		return {
			ok: false,
			field: 'stage',
			message: `parcours terminé (${label(state.stage)}) : il ne change plus d’étape, ouvrez-en un nouveau`
		};
	}
	const from = ACTIVE_STAGES.indexOf(state.stage);
	if (isActiveStage(move.stage)) {
		const to = ACTIVE_STAGES.indexOf(move.stage);
		const followUp = move.stage === 'suivi' && state.stage === 'suivi';
		if (to < from || (to === from && !followUp)) {
			return {
				ok: false,
				field: 'stage',
				message:
					to === from
						? `le parcours est déjà à l’étape ${label(move.stage)}`
						: `retour en arrière impossible : le parcours est à l’étape ${label(state.stage)}, il ne revient pas à ${label(move.stage)}`
			};
		}
		if (to > ACTIVE_STAGES.indexOf('diagnostic') && from < ACTIVE_STAGES.indexOf('diagnostic') && !state.date_diagnostic) {
			return {
				ok: false,
				field: 'stage',
				message: `pas de ${label(move.stage)} sans diagnostic partagé : passez d’abord par le diagnostic`
			};
		}
		if (move.stage === 'ingenierie' && !(move.ingenierie_type ?? state.ingenierie_type)) {
			return { ok: false, field: 'ingenierie_type', message: 'type d’ingénierie obligatoire : individuelle ou collective' };
		}
	} else if (move.stage === 'oriente' && !move.oriente_vers?.trim()) {
		return {
			ok: false,
			field: 'oriente_vers',
			message: 'orientation : précisez vers quelle offre ou quel partenaire la structure est orientée'
		};
	}
	const current = stageDate(state);
	if (current && move.date < current) {
		return {
			ok: false,
			field: 'date',
			message: `date (${move.date}) antérieure à celle de l’étape ${label(state.stage)} (${current}) : les étapes se suivent dans le temps`
		};
	}
	if (move.date > today)
		return { ok: false, field: 'date', message: `date (${move.date}) dans le futur : une étape s’enregistre une fois atteinte` };
	return { ok: true };
}

/** The columns a checked move writes: the stage, the date of the stage reached (or the end date). */
export function moveChanges(state: ParcoursState, move: ParcoursMove): Partial<ParcoursState> & { stage: AccompanimentStage } {
	if (!isActiveStage(move.stage)) return { stage: move.stage, date_fin: move.date };
	// A follow-up at the suivi stage keeps the date suivi was reached.
	if (move.stage === state.stage) return { stage: move.stage };
	const changes: Partial<ParcoursState> & { stage: AccompanimentStage } = { stage: move.stage, [STAGE_DATE_COLUMN[move.stage]]: move.date };
	if (move.stage === 'ingenierie' && move.ingenierie_type) changes.ingenierie_type = move.ingenierie_type;
	return changes;
}
