// The parcours domain, on hand-computed cases: the transition rules and the funnel counted in
// structures. (The follow-up and stalled rules run in SQL: tests/integration/parcours-rules.test.ts.)
import { describe, expect, it } from 'vitest';
import {
	addMonths,
	assembleFunnel,
	checkMove,
	daysBetween,
	moveChanges,
	stageDate,
	type FunnelParcours,
	type ParcoursState
} from '../../src/lib/domain/parcours/index';

const state = (over: Partial<ParcoursState> = {}): ParcoursState => ({
	stage: 'accueil',
	date_accueil: '2026-03-01',
	date_diagnostic: null,
	date_plan: null,
	date_ingenierie: null,
	date_suivi: null,
	date_fin: null,
	ingenierie_type: null,
	...over
});
const TODAY = '2026-06-15';

describe('calendar', () => {
	it('adds months the way people count, keeping to the month’s last day', () => {
		expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
		expect(addMonths('2023-08-31', 6)).toBe('2024-02-29');
		expect(addMonths('2026-01-15', 12)).toBe('2027-01-15');
		expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
		expect(daysBetween('2026-03-01', '2026-03-31')).toBe(30);
		expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2); // across the daylight saving change
	});
});

describe('transitions', () => {
	const refused = (s: ParcoursState, move: Parameters<typeof checkMove>[1]) => {
		const result = checkMove(s, move, TODAY);
		return result.ok ? null : result.field;
	};

	it('moves forward, skipping stages but never the diagnostic', () => {
		expect(refused(state(), { stage: 'diagnostic', date: '2026-03-10' })).toBeNull();
		expect(refused(state(), { stage: 'plan', date: '2026-03-10' })).toBe('stage');
		expect(refused(state(), { stage: 'ingenierie', date: '2026-03-10', ingenierie_type: 'individuelle' })).toBe('stage');
		expect(refused(state(), { stage: 'suivi', date: '2026-03-10' })).toBe('stage');
		const diagnosed = state({ stage: 'diagnostic', date_diagnostic: '2026-04-01' });
		expect(refused(diagnosed, { stage: 'ingenierie', date: '2026-04-02', ingenierie_type: 'collective' })).toBeNull();
		expect(refused(diagnosed, { stage: 'suivi', date: '2026-04-02' })).toBeNull();
		const result = checkMove(state(), { stage: 'plan', date: '2026-03-10' }, TODAY);
		expect(result.ok ? '' : result.message).toMatch(/sans diagnostic/);
	});

	it('never goes backwards nor repeats a stage, except a follow-up at suivi', () => {
		const plan = state({ stage: 'plan', date_diagnostic: '2026-04-01', date_plan: '2026-05-01' });
		expect(refused(plan, { stage: 'diagnostic', date: '2026-05-02' })).toBe('stage');
		expect(refused(plan, { stage: 'accueil', date: '2026-05-02' })).toBe('stage');
		expect(refused(plan, { stage: 'plan', date: '2026-05-02' })).toBe('stage');
		const suivi = state({ stage: 'suivi', date_diagnostic: '2026-04-01', date_suivi: '2026-05-01' });
		expect(refused(suivi, { stage: 'suivi', date: '2026-06-01' })).toBeNull();
		expect(moveChanges(suivi, { stage: 'suivi', date: '2026-06-01' })).toEqual({ stage: 'suivi' });
	});

	it('ends from any active stage; oriente needs where to, an ended parcours moves no more', () => {
		expect(refused(state(), { stage: 'abandon', date: '2026-03-02' })).toBeNull();
		expect(refused(state(), { stage: 'non_eligible', date: '2026-03-01' })).toBeNull();
		expect(refused(state(), { stage: 'oriente', date: '2026-03-02' })).toBe('oriente_vers');
		expect(refused(state(), { stage: 'oriente', date: '2026-03-02', oriente_vers: '  ' })).toBe('oriente_vers');
		expect(refused(state(), { stage: 'oriente', date: '2026-03-02', oriente_vers: 'France Active' })).toBeNull();
		const ended = state({ stage: 'abandon', date_fin: '2026-03-05' });
		expect(refused(ended, { stage: 'diagnostic', date: '2026-03-06' })).toBe('stage');
		expect(refused(ended, { stage: 'oriente', date: '2026-03-06', oriente_vers: 'x' })).toBe('stage');
		expect(moveChanges(state(), { stage: 'abandon', date: '2026-03-02' })).toEqual({ stage: 'abandon', date_fin: '2026-03-02' });
	});

	it('dates a step on or after the current stage and not in the future', () => {
		expect(refused(state(), { stage: 'diagnostic', date: '2026-02-28' })).toBe('date');
		expect(refused(state(), { stage: 'diagnostic', date: '2026-03-01' })).toBeNull();
		expect(refused(state(), { stage: 'diagnostic', date: TODAY })).toBeNull();
		expect(refused(state(), { stage: 'diagnostic', date: '2026-06-16' })).toBe('date');
	});

	it('needs the type of an ingénierie, given with the move or already known', () => {
		const plan = state({ stage: 'plan', date_diagnostic: '2026-04-01', date_plan: '2026-05-01' });
		expect(refused(plan, { stage: 'ingenierie', date: '2026-05-02' })).toBe('ingenierie_type');
		expect(refused({ ...plan, ingenierie_type: 'individuelle' }, { stage: 'ingenierie', date: '2026-05-02' })).toBeNull();
		expect(moveChanges(plan, { stage: 'ingenierie', date: '2026-05-02', ingenierie_type: 'collective' })).toEqual({
			stage: 'ingenierie',
			date_ingenierie: '2026-05-02',
			ingenierie_type: 'collective'
		});
	});

	it('dates the current stage, an ended parcours by its end', () => {
		expect(stageDate(state({ stage: 'diagnostic', date_diagnostic: '2026-04-01' }))).toBe('2026-04-01');
		expect(stageDate(state({ stage: 'abandon', date_fin: '2026-04-03' }))).toBe('2026-04-03');
		// An imported ended parcours without end date: its latest stage date.
		expect(stageDate(state({ stage: 'oriente', date_diagnostic: '2026-04-01' }))).toBe('2026-04-01');
	});
});

describe('funnel', () => {
	const p = (actor_id: number, group: string | null, over: Partial<ParcoursState>): FunnelParcours => ({
		actor_id,
		group,
		...state({ date_accueil: null, ...over })
	});
	const DE = '2026-01-01';
	const A = '2026-12-31';

	it('counts structures, converts from the previous stage, takes medians and ended shares', () => {
		const parcours = [
			// Actor 1 (zone N): accueil → diagnostic 10 days → plan 20 days.
			p(1, 'N', { stage: 'plan', date_accueil: '2026-01-10', date_diagnostic: '2026-01-20', date_plan: '2026-02-09' }),
			// Actor 2 (N): accueil → diagnostic 30 days, then abandon.
			p(2, 'N', { stage: 'abandon', date_accueil: '2026-02-01', date_diagnostic: '2026-03-03', date_fin: '2026-04-01' }),
			// Actor 3 (S): accueil only, then oriented.
			p(3, 'S', { stage: 'oriente', date_accueil: '2026-05-01', date_fin: '2026-05-05' }),
			// Actor 4 (S): accueil in 2025 (out of the period), diagnostic in 2026.
			p(4, 'S', { stage: 'diagnostic', date_accueil: '2025-12-01', date_diagnostic: '2026-01-05' })
		];
		const { rows, departement } = assembleFunnel(
			[
				{ code: 'N', nom: 'Nord' },
				{ code: 'S', nom: 'Sud' },
				{ code: 'E', nom: 'Est' }
			],
			{ code: '57', nom: 'Moselle' },
			parcours,
			DE,
			A
		);
		expect(departement.reached).toEqual({ accueil: 3, diagnostic: 3, plan: 1, ingenierie: 0, suivi: 0 });
		// Diagnostic: of the 3 structures welcomed in 2026, 2 were diagnosed; plan: 1 of the 3 diagnosed.
		expect(departement.conversion).toEqual({ diagnostic: 2 / 3, plan: 1 / 3, ingenierie: 0, suivi: null });
		// Days accueil → diagnostic: 10, 30, 35 → median 30; diagnostic → plan: 20.
		expect(departement.median_days).toEqual({ diagnostic: 30, plan: 20, ingenierie: null, suivi: null });
		expect(departement.ended).toEqual({ oriente: 1, abandon: 1, non_eligible: 0 });
		expect(departement.ended_share).toEqual({ oriente: 1 / 4, abandon: 1 / 4, non_eligible: 0 });
		expect(rows.map((r) => [r.code, r.reached.accueil, r.reached.diagnostic])).toEqual([
			['N', 2, 2],
			['S', 1, 1],
			['E', 0, 0]
		]);
		expect(rows[2].conversion.diagnostic).toBeNull();
		expect(rows[2].ended_share.oriente).toBeNull();
	});

	it('counts a structure once, whatever its parcours in one ingénierie collective', () => {
		const collective = {
			stage: 'ingenierie' as const,
			date_accueil: '2026-01-05',
			date_diagnostic: '2026-02-01',
			date_ingenierie: '2026-03-01'
		};
		const { departement } = assembleFunnel(
			[],
			{ code: '57', nom: 'Moselle' },
			[p(7, null, collective), p(7, null, collective), p(8, null, collective)],
			DE,
			A
		);
		expect(departement.reached.ingenierie).toBe(2);
		expect(departement.reached.accueil).toBe(2);
		expect(departement.median_days.ingenierie).toBe(28);
	});
});
