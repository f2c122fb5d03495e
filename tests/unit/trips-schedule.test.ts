import { describe, expect, it } from 'vitest';
import {
	earliestStart,
	fitDay,
	insertStops,
	scheduleDay,
	type DayContext,
	type DayWindow,
	type VisitRule
} from '../../src/lib/domain/trips/index';

const at = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3));
const DAY: DayWindow = { start: at('09:00'), end: at('17:30'), lunch: [at('12:00'), at('13:30')] };

/** Start 0, stops 1–3, end 4, all on a line 10 minutes apart; one-hour visits unless told. */
function lineContext(rules: Partial<Record<1 | 2 | 3, Partial<VisitRule>>> = {}, day: DayWindow = DAY): DayContext {
	const minutes = Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => Math.abs(i - j) * 10));
	const rule = (point: 1 | 2 | 3): VisitRule => ({ duration: 60, window: null, ...rules[point] });
	return { minutes, start: 0, end: 4, rules: [undefined, rule(1), rule(2), rule(3), undefined], day };
}

const times = (context: DayContext, order: number[]) =>
	scheduleDay(order, context).visits.map((v) => `${v.point} ${String(v.start)}–${String(v.end)}`);

describe('earliestStart', () => {
	it('waits for the opening, and for the end of lunch when the visit would overlap it', () => {
		expect(earliestStart(at('09:10'), { duration: 60, window: null }, DAY)).toBe(at('09:10'));
		expect(earliestStart(at('09:10'), { duration: 60, window: [at('14:00'), at('15:00')] }, DAY)).toBe(at('14:00'));
		// 11:50–12:00 touches lunch without overlapping it; 11:55–12:05 would overlap.
		expect(earliestStart(at('11:50'), { duration: 10, window: null }, DAY)).toBe(at('11:50'));
		expect(earliestStart(at('11:55'), { duration: 10, window: null }, DAY)).toBe(at('13:30'));
		expect(earliestStart(at('12:40'), { duration: 30, window: null }, DAY)).toBe(at('13:30'));
		expect(earliestStart(at('11:55'), { duration: 10, window: null }, { ...DAY, lunch: null })).toBe(at('11:55'));
	});

	it('refuses a visit that would end after the closing or after the day', () => {
		expect(earliestStart(at('14:30'), { duration: 60, window: [at('14:00'), at('15:00')] }, DAY)).toBeNull();
		expect(earliestStart(at('09:00'), { duration: 60, window: [at('14:00'), at('14:30')] }, DAY)).toBeNull();
		expect(earliestStart(at('17:00'), { duration: 60, window: null }, DAY)).toBeNull();
		// Open only over lunch: the visit cannot take place.
		expect(earliestStart(at('09:00'), { duration: 60, window: [at('12:00'), at('13:30')] }, DAY)).toBeNull();
	});
});

describe('scheduleDay', () => {
	it('times three one-hour visits 10 minutes apart, the third after lunch', () => {
		const context = lineContext();
		const day = scheduleDay([1, 2, 3], context);
		expect(times(context, [1, 2, 3])).toEqual([
			`1 ${at('09:10')}–${at('10:10')}`,
			`2 ${at('10:20')}–${at('11:20')}`,
			`3 ${at('13:30')}–${at('14:30')}`
		]);
		expect(day.visits[2].arrival).toBe(at('11:30'));
		expect(day.back).toBe(at('14:40'));
		expect(day.drive).toBe(40);
		expect(day.depart).toBe(at('09:00'));
		expect(day.skipped).toEqual([]);
	});

	it('drives through lunch when there is no visit to make then', () => {
		const context = lineContext({ 1: { duration: 170 } });
		// 09:10–12:00, then drive 12:00–12:10 and wait until 13:30.
		const day = scheduleDay([1, 2], context);
		expect(day.visits[1]).toMatchObject({ arrival: at('12:10'), start: at('13:30') });
	});

	it('leaves the base later rather than wait for a structure that opens in the afternoon', () => {
		const context = lineContext({ 1: { window: [at('14:00'), at('15:00')] } });
		const day = scheduleDay([1, 2, 3], context);
		expect(day.depart).toBe(at('13:50'));
		expect(times(context, [1, 2, 3])).toEqual([
			`1 ${at('14:00')}–${at('15:00')}`,
			`2 ${at('15:10')}–${at('16:10')}`,
			`3 ${at('16:20')}–${at('17:20')}`
		]);
		expect(day.back).toBe(at('17:30'));
	});

	it('skips a stop that would bring the officer back after the end of the day, and goes on', () => {
		const short = { ...DAY, end: at('11:30'), lunch: null };
		const context = lineContext({}, short);
		// 1: 09:10–10:10; 3 (20 min away) would end 11:30 and be back 11:40; 2 fits 10:20–11:20, back 11:40 too late as well.
		const day = scheduleDay([1, 3, 2], context);
		expect(day.order).toEqual([1]);
		expect(day.skipped).toEqual([3, 2]);
		expect(day.back).toBe(at('10:40'));
	});

	it('skips a stop whose window cannot be met and serves the others', () => {
		const context = lineContext({ 2: { window: [at('09:00'), at('09:30')] } });
		const day = scheduleDay([1, 2, 3], context);
		expect(day.order).toEqual([1, 3]);
		expect(day.skipped).toEqual([2]);
	});
});

describe('fitDay', () => {
	it('puts the stop open 14:00–15:00 in the afternoon and the others in the morning', () => {
		const context = lineContext({ 1: { window: [at('14:00'), at('15:00')] } });
		const day = fitDay([1, 2, 3], context);
		expect(day.skipped).toEqual([]);
		const windowed = day.visits.find((v) => v.point === 1);
		expect(windowed).toMatchObject({ start: at('14:00'), end: at('15:00') });
		expect(day.order[2]).toBe(1);
		expect(day.back).toBe(at('15:30'));
	});

	it('keeps as many stops as the day holds and returns the rest as skipped', () => {
		const context = lineContext({}, { start: at('09:00'), end: at('12:00'), lunch: null });
		const day = fitDay([1, 2, 3], context);
		// Two one-hour visits and their drives fit in three hours; three do not.
		expect(day.order).toHaveLength(2);
		expect(day.skipped).toHaveLength(1);
		expect(day.back).toBeLessThanOrEqual(at('12:00'));
	});
});

describe('insertStops', () => {
	it('inserts from an empty day the cheapest stop first, then whatever still fits', () => {
		// On a road out of the base: stops 5, 40 and 60 minutes away, the end back at the base.
		const position = [0, 5, 40, 60, 0];
		const minutes = position.map((a) => position.map((b) => Math.abs(a - b)));
		const rule = { duration: 60, window: null };
		const context: DayContext = {
			minutes,
			start: 0,
			end: 4,
			rules: [undefined, rule, rule, rule, undefined],
			day: { start: at('09:00'), end: at('12:00'), lunch: null }
		};
		// Stop 1 alone is back at 10:10; adding stop 2 would end at 12:20, stop 3 at 13:00.
		const { order, left } = insertStops([], [3, 2, 1], context);
		expect(order).toEqual([1]);
		expect(left).toEqual([3, 2]);
		// With a longer day, the others come in too, and the day is still served whole.
		const long = { ...context, day: { ...context.day, end: at('17:30') } };
		const all = insertStops([], [3, 2, 1], long);
		expect(all.left).toEqual([]);
		expect(scheduleDay(all.order, long).visits).toHaveLength(3);
	});
});
