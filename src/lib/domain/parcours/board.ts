// The parcours board and list as an officer reads them: which columns a card may go to, the order
// of the cards in a column, how a list sorts, what a card's alerts say. Pure: the pages and the
// unit tests share it.
import { ACTIVE_STAGES, END_STAGES, STAGE_LABELS, isActiveStage, type AccompanimentStage, type ActiveStage } from '../stages';
import type { ParcoursCard, TodoKind } from '../../dto/parcours';

/** A board column: an active stage, or the ended parcours together. */
export type BoardColumn = ActiveStage | 'termine';

/**
 * The stages a parcours at `stage` may go to next, in board order: forward only, the diagnostic
 * before anything after it; a parcours at `suivi` may record another follow-up (`suivi` again);
 * from any active stage, the three ends. An ended parcours goes nowhere. The server checks again
 * (dates, ingénierie type…): this only decides what the board offers.
 */
export function nextStages(stage: AccompanimentStage): AccompanimentStage[] {
	if (!isActiveStage(stage)) return [];
	const from = ACTIVE_STAGES.indexOf(stage);
	const diagnostic = ACTIVE_STAGES.indexOf('diagnostic');
	const forward = ACTIVE_STAGES.filter((_, i) => i > from && (from >= diagnostic || i === diagnostic));
	return [...forward, ...(stage === 'suivi' ? (['suivi'] as const) : []), ...END_STAGES];
}

/** Why a card cannot go to a column, in the officer's words; null when it can. */
export function refusedMove(stage: AccompanimentStage, column: BoardColumn): string | null {
	if (!isActiveStage(stage)) return `parcours terminé (« ${STAGE_LABELS[stage]} ») : il ne change plus d’étape`;
	if (column === 'termine') return null;
	if (column === stage) return column === 'suivi' ? null : `le parcours est déjà à l’étape « ${STAGE_LABELS[stage]} »`;
	if (nextStages(stage).includes(column)) return null;
	if (ACTIVE_STAGES.indexOf(column) < ACTIVE_STAGES.indexOf(stage))
		return `retour en arrière impossible : le parcours est à l’étape « ${STAGE_LABELS[stage]} »`;
	return `pas d’étape « ${STAGE_LABELS[column]} » sans diagnostic partagé : passez d’abord par le diagnostic`;
}

/** The column of a card. */
export function columnOf(card: Pick<ParcoursCard, 'stage'>): BoardColumn {
	return isActiveStage(card.stage) ? card.stage : 'termine';
}

/** The most urgent first: follow-up overdue, then stalled, then the longest at their stage. */
export function byUrgency(a: ParcoursCard, b: ParcoursCard): number {
	return (
		Number(b.followup_overdue) - Number(a.followup_overdue) ||
		Number(b.stalled) - Number(a.stalled) ||
		b.days_in_stage - a.days_in_stage ||
		a.actor_nom.localeCompare(b.actor_nom, 'fr') ||
		a.id - b.id
	);
}

/** The cards of each column, most urgent first (ended ones latest first). */
export function boardColumns(cards: readonly ParcoursCard[]): Record<BoardColumn, ParcoursCard[]> {
	const columns = Object.fromEntries([...ACTIVE_STAGES, 'termine'].map((c) => [c, [] as ParcoursCard[]])) as Record<
		BoardColumn,
		ParcoursCard[]
	>;
	for (const card of cards) columns[columnOf(card)].push(card);
	for (const stage of ACTIVE_STAGES) columns[stage].sort(byUrgency);
	columns.termine.sort((a, b) => b.stage_date.localeCompare(a.stage_date) || a.id - b.id);
	return columns;
}

/** The sortable columns of the list, and the value each sorts on. */
export const LIST_SORTS = {
	structure: (c: ParcoursCard) => c.actor_nom,
	commune: (c: ParcoursCard) => c.commune_nom,
	zone: (c: ParcoursCard) => c.zone_nom,
	secteur: (c: ParcoursCard) => c.secteur_label,
	etape: (c: ParcoursCard) => [...ACTIVE_STAGES, ...END_STAGES].indexOf(c.stage as ActiveStage),
	depuis: (c: ParcoursCard) => c.stage_date,
	jours: (c: ParcoursCard) => c.days_in_stage,
	suivi: (c: ParcoursCard) => c.next_followup,
	charge: (c: ParcoursCard) => c.owner_nom,
	prestataire: (c: ParcoursCard) => c.prestataire_nom,
	alerte: (c: ParcoursCard) => Number(c.followup_overdue) * 2 + Number(c.stalled)
} as const satisfies Record<string, (c: ParcoursCard) => string | number | null>;
export type ListSort = keyof typeof LIST_SORTS;

export function isListSort(key: string | null): key is ListSort {
	return key !== null && Object.hasOwn(LIST_SORTS, key);
}

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** The rows sorted on one column; missing values last whatever the direction, ties by structure. */
export function sortRows(rows: readonly ParcoursCard[], key: ListSort, descending: boolean): ParcoursCard[] {
	const value = LIST_SORTS[key];
	const sign = descending ? -1 : 1;
	return [...rows].sort((a, b) => {
		const x = value(a);
		const y = value(b);
		if (x === null || y === null) {
			if (x !== y) return x === null ? 1 : -1;
		} else {
			const order = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
			if (order !== 0) return sign * order;
		}
		return collator.compare(a.actor_nom, b.actor_nom) || a.id - b.id;
	});
}

/**
 * What a card's alerts say (shown as words and a symbol, never by colour alone); `short` for a
 * table that shows the days in a column of their own.
 */
export function cardAlerts(card: Pick<ParcoursCard, 'stalled' | 'followup_overdue' | 'days_in_stage'>, short = false): string[] {
	const alerts: string[] = [];
	if (card.followup_overdue) alerts.push('Suivi en retard');
	if (card.stalled) alerts.push(short ? 'En attente' : `En attente depuis ${card.days_in_stage}\u00a0j`);
	return alerts;
}

export const TODO_KIND_LABELS: Record<TodoKind, string> = {
	suivi: 'Suivi prévu',
	consolidation_6: 'Consolidation à 6 mois',
	consolidation_12: 'Consolidation à 12 mois',
	consolidation_24: 'Consolidation à 24 mois'
};

/** The label of a follow-up kind, any consolidation checkpoint included (`consolidation_18`). */
export function todoKindLabel(kind: string): string {
	if (Object.hasOwn(TODO_KIND_LABELS, kind)) return TODO_KIND_LABELS[kind as TodoKind];
	const months = /^consolidation_(\d+)$/.exec(kind)?.[1];
	return months ? `Consolidation à ${months} mois` : kind;
}
