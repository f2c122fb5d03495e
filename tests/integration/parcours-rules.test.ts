// The rules of « À faire » as the SQL evaluates them (server/queries/parcours-rules.ts), on
// hand-computed cases and on both backends: consolidation checkpoints 6, 12 and 24 months after the
// ingénierie, a contact that clears one from a month before it, the officer's next follow-up, none
// for an ended parcours, the last day of a short month, the stalled threshold of each stage.
import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARCOURS_CONFIG } from '../../src/lib/domain/parcours/config';
import type { AccompanimentStage } from '../../src/lib/domain/stages';
import { followupsJsonSql, overdueSql, stageDateSql, stalledSql } from '../../src/lib/server/queries/parcours-rules';
import { BACKENDS, openTestDatabase } from '../helpers/backends';

const TODAY = '2026-06-15';
const rules = { config: DEFAULT_PARCOURS_CONFIG, today: TODAY };

interface Case {
	stage: AccompanimentStage;
	date_accueil?: string | null;
	date_diagnostic?: string | null;
	date_suivi?: string | null;
	date_fin?: string | null;
	next_followup?: string | null;
	date_fin_ingenierie?: string | null;
	last_event?: string | null;
}

const DATES = ['date_accueil', 'date_diagnostic', 'date_plan', 'date_ingenierie', 'date_suivi', 'date_fin'] as const;

describe.each(BACKENDS)('parcours rules on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openTestDatabase>>;
	beforeAll(async () => {
		handle = await openTestDatabase(backend);
	});
	afterAll(async () => handle?.drop());

	/** The rules on one parcours given by its columns, without a table: a VALUES row named `ac`. */
	async function evaluate(c: Case) {
		const day = (v: string | null | undefined) => sql`CAST(${v ?? null} AS date)`;
		const lastEvent = sql<string | null>`ac.last_event` as RawBuilder<string | null>;
		const { rows } = await sql<{
			followups: { kind: string; due: string; overdue: boolean; a_faire: boolean }[];
			stalled: boolean;
			overdue: boolean;
			stage_date: string;
		}>`
			SELECT ${followupsJsonSql(rules, lastEvent)} AS followups, ${stalledSql(rules)} AS stalled,
				${overdueSql(rules, lastEvent)} AS overdue, (${stageDateSql})::text AS stage_date
			FROM (VALUES (${c.stage}::text, ${sql.join(DATES.map((d) => day(c[d as keyof Case])))},
				${day(c.next_followup)}, ${day(c.date_fin_ingenierie)}, ${day(c.last_event)}))
				AS ac (stage, ${sql.join(DATES.map((d) => sql.ref(d)))}, next_followup, date_fin_ingenierie, last_event)`.execute(handle.db);
		return rows[0];
	}

	const base: Case = { stage: 'suivi', date_accueil: '2025-01-10', date_fin_ingenierie: '2025-06-10', date_suivi: '2025-07-01' };

	it('puts checkpoints 6, 12 and 24 months after the end of the ingénierie', async () => {
		// Today 2026-06-15: 6 months (2025-12-10) and 12 months (2026-06-10) overdue, 24 months to come.
		const r = await evaluate(base);
		expect(r.followups).toEqual([
			{ kind: 'consolidation_6', due: '2025-12-10', overdue: true, a_faire: true },
			{ kind: 'consolidation_12', due: '2026-06-10', overdue: true, a_faire: true },
			{ kind: 'consolidation_24', due: '2027-06-10', overdue: false, a_faire: false }
		]);
		expect(r.overdue).toBe(true);
	});

	it('clears a checkpoint by a contact dated from one month before it', async () => {
		// 2025-11-10 = 6-month checkpoint − 1 month: clears it; 12 months still pending.
		expect((await evaluate({ ...base, last_event: '2025-11-10' })).followups.map((f) => f.kind)).toEqual([
			'consolidation_12',
			'consolidation_24'
		]);
		// One day earlier clears nothing.
		expect((await evaluate({ ...base, last_event: '2025-11-09' })).followups).toHaveLength(3);
		// A contact on 2026-05-20 (≥ 2026-05-10) clears the 6 and the 12 months: nothing overdue.
		const cleared = await evaluate({ ...base, last_event: '2026-05-20' });
		expect(cleared.followups.map((f) => f.kind)).toEqual(['consolidation_24']);
		expect(cleared.overdue).toBe(false);
	});

	it('counts from the day suivi was reached when the ingénierie has no end date, to the last day of a short month', async () => {
		expect((await evaluate({ ...base, date_fin_ingenierie: null })).followups[0]).toEqual({
			kind: 'consolidation_6',
			due: '2026-01-01',
			overdue: true,
			a_faire: true
		});
		expect((await evaluate({ ...base, date_fin_ingenierie: null, date_suivi: null })).followups).toEqual([]);
		// 31 August + 6 months = 28 February; cleared from 28 January, not 27.
		const august = { ...base, date_fin_ingenierie: '2025-08-31' };
		expect((await evaluate(august)).followups[0]).toMatchObject({ kind: 'consolidation_6', due: '2026-02-28' });
		expect((await evaluate({ ...august, last_event: '2026-01-28' })).followups[0].kind).toBe('consolidation_12');
		expect((await evaluate({ ...august, last_event: '2026-01-27' })).followups[0].kind).toBe('consolidation_6');
	});

	it('keeps the officer’s next follow-up until a contact on or after its day; due today is not overdue', async () => {
		const p: Case = { stage: 'diagnostic', date_accueil: '2026-05-01', date_diagnostic: '2026-06-01', next_followup: '2026-06-20' };
		expect(await evaluate(p)).toMatchObject({ followups: [{ kind: 'suivi', due: '2026-06-20', overdue: false }], overdue: false });
		expect(await evaluate({ ...p, next_followup: '2026-06-14' })).toMatchObject({ overdue: true });
		expect(await evaluate({ ...p, next_followup: TODAY })).toMatchObject({ overdue: false });
		expect((await evaluate({ ...p, last_event: '2026-06-20' })).followups).toEqual([]);
		expect((await evaluate({ ...p, last_event: '2026-06-19' })).followups).toHaveLength(1);
	});

	it('gives an ended parcours no follow-up and never calls it stalled', async () => {
		for (const stage of ['oriente', 'abandon', 'non_eligible'] as const) {
			const r = await evaluate({ ...base, stage, date_fin: '2025-08-01', next_followup: '2026-01-01' });
			expect(r).toMatchObject({ followups: [], overdue: false, stalled: false, stage_date: '2025-08-01' });
		}
	});

	it('calls a parcours stalled past the configured days of its stage', async () => {
		expect(DEFAULT_PARCOURS_CONFIG.stalled_days.accueil).toBe(30);
		// 2026-05-16 → 2026-06-15: 30 days, not more; one day earlier, 31.
		expect(await evaluate({ stage: 'accueil', date_accueil: '2026-05-16' })).toMatchObject({ stalled: false, stage_date: '2026-05-16' });
		expect((await evaluate({ stage: 'accueil', date_accueil: '2026-05-15' })).stalled).toBe(true);
		// Diagnostic: 60 days. Its own date counts, not the accueil's.
		expect((await evaluate({ stage: 'diagnostic', date_accueil: '2026-01-01', date_diagnostic: '2026-04-16' })).stalled).toBe(false);
		expect((await evaluate({ stage: 'diagnostic', date_accueil: '2026-01-01', date_diagnostic: '2026-04-15' })).stalled).toBe(true);
		// An imported row without its stage's date: the latest date it has.
		expect(await evaluate({ stage: 'diagnostic', date_accueil: '2026-01-01' })).toMatchObject({ stalled: true, stage_date: '2026-01-01' });
		// No date at all: never stalled.
		expect((await evaluate({ stage: 'plan', date_accueil: null })).stalled).toBe(false);
	});
});
