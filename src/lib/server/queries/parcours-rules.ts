// The rules of « À faire » in SQL, written once: a parcours' pending follow-ups, whether one is
// overdue, whether the parcours is stalled at its stage. The board, « À faire », the calendar feed,
// the explorer's filters (« parcours en attente », « suivi en retard ») and its layer of due
// follow-ups all read them from here, so that a structure counted overdue on the map is the one
// listed in « À faire ».
//
// Follow-ups of an active parcours (an ended one — `oriente`, `abandon`, `non_eligible` — has none):
// - `suivi`: the next follow-up the officer set (`next_followup`). It is done once a contact, a
//   visit or a `suivi` step is dated on or after that day; until then it is due on that day.
// - `consolidation_<M>`: for each M of `consolidation_months` (6, 12, 24), a checkpoint M months
//   after the end of the ingénierie (`date_fin_ingenierie`), or, when the parcours has none, after
//   the day it reached `suivi`; no such date, no checkpoint. A checkpoint dated C is cleared by any
//   contact-log entry, trip visit or `suivi` step dated on or after C − 1 month (a meeting a few
//   weeks early counts; a later one clears the earlier checkpoints too). Months are added as a
//   person counts: 31 August + 6 months is the last day of February (PostgreSQL's interval rule,
//   the same as domain/parcours/calendar.ts `addMonths`).
// A follow-up not cleared is overdue once its day is past (due today is not overdue); it is « à
// faire » when overdue or due within `todo_horizon_days`.
// Stalled: an active parcours more than `stalled_days[stage]` days at its stage.
//
// Only the latest of the clearing events matters ("any event dated ≥ X" is "the latest event ≥ X"):
// `parcoursWithEvents` joins, per parcours, the latest contact, visit and suivi step, each grouped
// once over its table and hash-joined (a sub-query per parcours was the board's slowest part).
import { sql, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import type { ParcoursConfig } from '../../domain/parcours/config';
import { stalledLimit } from '../../domain/parcours/followups';
import type { ParcoursAlertFilter } from '../../schemas/actor-filter';
import { STAGE_DATE_COLUMN } from '../../domain/parcours/transitions';
import { ACTIVE_STAGES } from '../../domain/stages';
import type { Database } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

/** The settings and the day the rules are evaluated with. */
export interface ParcoursRules {
	config: Pick<ParcoursConfig, 'stalled_days' | 'consolidation_months' | 'todo_horizon_days'>;
	today: string;
}

/** `accompaniment as ac` with the latest day of each event that clears a follow-up. */
export function parcoursWithEvents(db: Db) {
	return db
		.selectFrom('accompaniment as ac')
		.leftJoin(
			(eb) =>
				eb
					.selectFrom('contact_log')
					.select(['actor_id', (e) => e.fn.max('date').as('day')])
					.groupBy('actor_id')
					.as('ev_contact'),
			(join) => join.onRef('ev_contact.actor_id', '=', 'ac.actor_id')
		)
		.leftJoin(
			(eb) =>
				eb
					.selectFrom('trip_stop')
					.where('status', '=', 'fait')
					.select(['actor_id', sql<string>`max(visited_at)::date`.as('day')])
					.groupBy('actor_id')
					.as('ev_visit'),
			(join) => join.onRef('ev_visit.actor_id', '=', 'ac.actor_id')
		)
		.leftJoin(
			(eb) =>
				eb
					.selectFrom('accompaniment_step')
					.where('stage', '=', 'suivi')
					.select(['accompaniment_id', (e) => e.fn.max('date').as('day')])
					.groupBy('accompaniment_id')
					.as('ev_suivi'),
			(join) => join.onRef('ev_suivi.accompaniment_id', '=', 'ac.id')
		);
}

/** The latest day of a contact with the structure, a visit, or a suivi step of the parcours. */
export const lastEventSql = sql<string | null>`greatest(ev_contact.day, ev_visit.day, ev_suivi.day)`;

const activeSql = sql.raw(`ac.stage IN (${ACTIVE_STAGES.map((s) => `'${s}'`).join(', ')})`);
const latestActiveDate = sql.raw(`greatest(${ACTIVE_STAGES.map((s) => `ac.${STAGE_DATE_COLUMN[s]}`).join(', ')})`);

/**
 * The day the parcours reached its stage (domain/parcours/transitions.ts `stageDate`): that stage's
 * column, the end for an ended parcours; failing that, the latest stage date it has.
 */
export const stageDateSql = sql<string | null>`CASE ac.stage ${sql.join(
	ACTIVE_STAGES.map((s) => sql`WHEN ${sql.lit(s)} THEN coalesce(${sql.ref(`ac.${STAGE_DATE_COLUMN[s]}`)}, ${latestActiveDate})`),
	sql` `
)} ELSE coalesce(ac.date_fin, ${latestActiveDate}) END`;

/** The pending follow-ups of `ac` as rows (ord, kind, due): the rule above, with `lastEvent`. */
function pendingFollowupRows(rules: ParcoursRules, lastEvent: RawBuilder<string | null> = lastEventSql) {
	const months = rules.config.consolidation_months;
	const checkpoints = months.length
		? sql`UNION ALL
			SELECT m.ord, 'consolidation_' || m.months, (base.day + make_interval(months => m.months))::date,
				(base.day + make_interval(months => m.months) - interval '1 month')::date
			FROM (VALUES ${sql.join(months.map((m, i) => sql`(${sql.lit(i + 1)}, ${sql.lit(m)})`))}) AS m(ord, months),
				(SELECT coalesce(ac.date_fin_ingenierie, ac.date_suivi) AS day) AS base`
		: sql``;
	return sql<{ ord: number; kind: string; due: string }>`
		SELECT f.ord, f.kind, f.due FROM (
			SELECT 0 AS ord, 'suivi' AS kind, ac.next_followup AS due, ac.next_followup AS clears_from
			${checkpoints}
		) AS f (ord, kind, due, clears_from)
		WHERE f.due IS NOT NULL AND ${activeSql} AND (${lastEvent} IS NULL OR ${lastEvent} < f.clears_from)`;
}

/** The last day a follow-up may be due to be « à faire ». */
const horizonSql = (rules: ParcoursRules) => sql`CAST(${rules.today} AS date) + ${sql.lit(rules.config.todo_horizon_days)}`;

/** The pending follow-ups as a JSON array of {kind, due, overdue, a_faire}, earliest first. */
export function followupsJsonSql(rules: ParcoursRules, lastEvent?: RawBuilder<string | null>) {
	return sql<{ kind: string; due: string; overdue: boolean; a_faire: boolean }[]>`(
		SELECT coalesce(json_agg(json_build_object('kind', p.kind, 'due', p.due::text, 'overdue', p.due < CAST(${rules.today} AS date),
			'a_faire', p.due <= ${horizonSql(rules)}) ORDER BY p.due, p.ord), '[]'::json)
		FROM (${pendingFollowupRows(rules, lastEvent)}) AS p)`;
}

/** The earliest pending follow-up of `ac` (null when none). */
export function nextDueSql(rules: ParcoursRules, lastEvent?: RawBuilder<string | null>) {
	return sql<string | null>`(SELECT min(p.due) FROM (${pendingFollowupRows(rules, lastEvent)}) AS p)`;
}

/** A follow-up of `ac` is overdue: pending, and its day is past. */
export function overdueSql(rules: ParcoursRules, lastEvent?: RawBuilder<string | null>) {
	return sql<boolean>`(coalesce(${nextDueSql(rules, lastEvent)} < CAST(${rules.today} AS date), false))`;
}

/** A follow-up of `ac` is « à faire »: overdue, or due within the horizon. */
export function followupDueSql(rules: ParcoursRules, lastEvent?: RawBuilder<string | null>) {
	return sql<boolean>`(coalesce(${nextDueSql(rules, lastEvent)} <= ${horizonSql(rules)}, false))`;
}

/** The days `ac` may stay at its stage; null for an ended parcours. */
export function stalledLimitSql(rules: ParcoursRules) {
	return sql<number | null>`CASE ac.stage ${sql.join(
		ACTIVE_STAGES.map((s) => sql`WHEN ${sql.lit(s)} THEN ${sql.lit(stalledLimit(s, rules.config))}`),
		sql` `
	)} END`;
}

/** `ac` is stalled: active, and more days at its stage than its limit. */
export function stalledSql(rules: ParcoursRules) {
	return sql<boolean>`(coalesce(CAST(${rules.today} AS date) - (${stageDateSql}) > ${stalledLimitSql(rules)}, false))`;
}

/**
 * The structures whose running parcours is under one of the explorer's parcours filters (two ticked
 * boxes keep either, like the values of any one filter).
 */
export function alertedActorIds(db: Db, alerts: readonly ParcoursAlertFilter[], rules: ParcoursRules) {
	const conditions = alerts.map((alert) =>
		alert === 'en_attente' ? stalledSql(rules) : alert === 'suivi_en_retard' ? overdueSql(rules) : followupDueSql(rules)
	);
	return parcoursWithEvents(db)
		.select('ac.actor_id')
		.where(activeSql as RawBuilder<SqlBool>)
		.where(sql<SqlBool>`(${sql.join(conditions, sql` OR `)})`);
}
