// The follow-ups a parcours is waiting for, and whether it is stalled at its stage.
//
// Follow-ups of an active parcours (an ended one — `oriente`, `abandon`, `non_eligible` — has none):
// - `suivi`: the next follow-up the officer set (`next_followup`). It is done once a contact, a
//   visit or a `suivi` step is dated on or after that day; until then it is due on that day.
// - `consolidation_<M>`: for each M of `consolidation_months` (6, 12, 24), a checkpoint M months
//   after the end of the ingénierie (`date_fin_ingenierie`), or, when the parcours has none, after
//   the day it reached `suivi`; no such date, no checkpoint. A checkpoint dated C is cleared by any
//   contact-log entry, trip visit or `suivi` step dated on or after C − 1 month (a meeting a few
//   weeks early counts; a later one clears the earlier checkpoints too).
// A follow-up not cleared is overdue once its day is past (due today is not overdue).
//
// Only the latest of those events matters ("any event dated ≥ X" is "the latest event ≥ X"): the
// query hands over `last_event`, the latest day of a contact, a visit or a suivi step.
import type { ParcoursConfig } from './config';
import { addMonths, daysBetween } from './calendar';
import { isActiveStage, type AccompanimentStage, type ActiveStage } from '../stages';

export type TodoKind = 'suivi' | `consolidation_${number}`;

export interface FollowupInput {
	stage: AccompanimentStage;
	next_followup: string | null;
	date_fin_ingenierie: string | null;
	date_suivi: string | null;
	/** Latest day of a contact-log entry or trip visit of the structure, or of a suivi step of this parcours. */
	last_event: string | null;
}

export interface Followup {
	kind: TodoKind;
	due: string;
	overdue: boolean;
}

/** The pending follow-ups of a parcours, earliest first. */
export function pendingFollowups(p: FollowupInput, config: Pick<ParcoursConfig, 'consolidation_months'>, today: string): Followup[] {
	if (!isActiveStage(p.stage)) return [];
	const due: { kind: TodoKind; due: string }[] = [];
	const after = (day: string) => p.last_event !== null && p.last_event >= day;
	if (p.next_followup && !after(p.next_followup)) due.push({ kind: 'suivi', due: p.next_followup });
	const base = p.date_fin_ingenierie ?? p.date_suivi;
	if (base) {
		for (const months of config.consolidation_months) {
			const checkpoint = addMonths(base, months);
			if (!after(addMonths(checkpoint, -1))) due.push({ kind: `consolidation_${months}`, due: checkpoint });
		}
	}
	return due.sort((a, b) => a.due.localeCompare(b.due)).map((f) => ({ ...f, overdue: f.due < today }));
}

/** Whole days since the parcours reached its stage (0 on the day itself; never negative). */
export function daysInStage(stageDate: string | null, today: string): number {
	return stageDate ? Math.max(0, daysBetween(stageDate, today)) : 0;
}

/** Stalled: an active parcours at its stage for more than the configured days. */
export function stalledLimit(stage: AccompanimentStage, config: Pick<ParcoursConfig, 'stalled_days'>): number | null {
	return isActiveStage(stage) ? config.stalled_days[stage as ActiveStage] : null;
}

export function isStalled(stage: AccompanimentStage, days: number, config: Pick<ParcoursConfig, 'stalled_days'>): boolean {
	const limit = stalledLimit(stage, config);
	return limit !== null && days > limit;
}
