// The follow-ups a parcours is waiting for, and how long it has been at its stage. The rules that
// decide which follow-ups are pending and when a parcours is stalled are evaluated in SQL, once,
// by server/queries/parcours-rules.ts (board, « À faire », calendar feed and explorer alike); here
// are their shapes and the settings they read.
import type { ParcoursConfig } from './config';
import { daysBetween } from './calendar';
import { isActiveStage, type AccompanimentStage, type ActiveStage } from '../stages';

export type TodoKind = 'suivi' | `consolidation_${number}`;

/** A pending follow-up: the officer's next follow-up or a consolidation checkpoint. */
export interface Followup {
	kind: TodoKind;
	due: string;
	overdue: boolean;
	/** Overdue, or due within `todo_horizon_days`: listed in « À faire ». */
	a_faire: boolean;
}

/** Whole days since the parcours reached its stage (0 on the day itself; never negative). */
export function daysInStage(stageDate: string | null, today: string): number {
	return stageDate ? Math.max(0, daysBetween(stageDate, today)) : 0;
}

/** The days an active parcours may stay at its stage before it shows as stalled; null once ended. */
export function stalledLimit(stage: AccompanimentStage, config: Pick<ParcoursConfig, 'stalled_days'>): number | null {
	return isActiveStage(stage) ? config.stalled_days[stage as ActiveStage] : null;
}
