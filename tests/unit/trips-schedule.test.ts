import { describe, expect, it } from 'vitest';
import {
	earliestStart,
	fitDay,
	idleMinutes,
	readyAfterBreak,
	insertStops,
	scheduleDay,
	type DayContext,
	type DayWindow,
	type VisitRule
} from '../../src/lib/domain/trips/index';

const at = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3));
/** The default day: lunch is one hour taken anywhere between 11:45 and 14:00 (it must start by 13:00). */
const DAY: DayWindow = { start: at('09:00'), end: at('17:30'), lunch: { window: [at('11:45'), at('14:00')], duration: 60 } };

/** Start 0, stops 1–3, end 4, all on a line 10 minutes apart; one-hour visits unless told. */
function lineContext(rules: Partial<Record<1 | 2 | 3, Partial<VisitRule>>> = {}, day: DayWindow = DAY): DayContext {
	const minutes = Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => Math.abs(i - j) * 10));
	const rule = (point: 1 | 2 | 3): VisitRule => ({ duration: 60, window: null, ...rules[point] });
	return { minutes, start: 0, end: 4, rules: [undefined, rule(1), rule(2), rule(3), undefined], day };
}

const times = (context: DayContext, order: number[]) =>
	scheduleDay(order, context).visits.map((v) => `${v.point} ${String(v.start)}–${String(v.end)}`);

describe('earliestStart', () => {
	it('waits for the opening; lunch is no fixed block, so a visit may run through noon', () => {
		expect(earliestStart(at('09:10'), { duration: 60, window: null }, DAY)).toBe(at('09:10'));
		expect(earliestStart(at('09:10'), { duration: 60, window: [at('14:00'), at('15:00')] }, DAY)).toBe(at('14:00'));
		expect(earliestStart(at('11:55'), { duration: 60, window: null }, DAY)).toBe(at('11:55'));
	});

	it('refuses a visit that would end after the closing or after the day', () => {
		expect(earliestStart(at('14:30'), { duration: 60, window: [at('14:00'), at('15:00')] }, DAY)).toBeNull();
		expect(earliestStart(at('09:00'), { duration: 60, window: [at('14:00'), at('14:30')] }, DAY)).toBeNull();
		expect(earliestStart(at('17:00'), { duration: 60, window: null }, DAY)).toBeNull();
	});
});

describe('readyAfterBreak', () => {
	const lunch = { window: [at('11:45'), at('14:00')] as const, duration: 60 };
	it('is max(leave + drive, window start) + duration, while the break can still start in time', () => {
		expect(readyAfterBreak(at('11:00'), 10, lunch)).toBe(at('12:45'));
		expect(readyAfterBreak(at('12:10'), 90, lunch)).toBe(at('14:40'));
		expect(readyAfterBreak(at('13:00'), 0, lunch)).toBe(at('14:00'));
		expect(readyAfterBreak(at('13:01'), 0, lunch)).toBeNull();
	});
});

describe('scheduleDay with a flexible lunch', () => {
	it('times three one-hour visits back to back, and lunch at the base once back at 12:40', () => {
		const context = lineContext();
		const day = scheduleDay([1, 2, 3], context);
		expect(times(context, [1, 2, 3])).toEqual([
			`1 ${at('09:10')}–${at('10:10')}`,
			`2 ${at('10:20')}–${at('11:20')}`,
			`3 ${at('11:30')}–${at('12:30')}`
		]);
		expect(day.back).toBe(at('12:40'));
		expect(day.lunch).toEqual({ start: at('12:40'), end: at('13:40'), at: 3, en_route: false, at_base: true });
		expect(day.drive).toBe(40);
		expect(day.depart).toBe(at('09:00'));
		expect(day.skipped).toEqual([]);
	});

	it('visits in the 55 minutes before the window instead of waiting, and lunches on the way back', () => {
		// 1: 09:10–10:40; the car reaches 2 at 10:50, 55 min before the window opens at 11:45. A fixed
		// 12:00–13:30 block would leave 3 waiting until 13:30; here 2 is 10:50–11:50, 3 is 12:00–13:00
		// and lunch is taken at 13:00 (the latest start) on the 10-minute drive back: back at 14:10.
		const context = lineContext({ 1: { duration: 90 } });
		const day = scheduleDay([1, 2, 3], context);
		expect(times(context, [1, 2, 3])).toEqual([
			`1 ${at('09:10')}–${at('10:40')}`,
			`2 ${at('10:50')}–${at('11:50')}`,
			`3 ${at('12:00')}–${at('13:00')}`
		]);
		expect(day.lunch).toEqual({ start: at('13:00'), end: at('14:00'), at: 3, en_route: true, at_base: false });
		expect(idleMinutes(day)).toBe(0);
		expect(day.back).toBe(at('14:10'));
	});

	it('leaves after lunch at the base for a structure that opens at 14:00', () => {
		const context = lineContext({ 1: { window: [at('14:00'), at('17:00')] } });
		const day = scheduleDay([1], context);
		expect(day.depart).toBe(at('13:50'));
		expect(day.visits[0]).toMatchObject({ arrival: at('14:00'), start: at('14:00'), end: at('15:00') });
		expect(day.lunch).toEqual({ start: at('12:50'), end: at('13:50'), at: 0, en_route: false, at_base: true });
		expect(idleMinutes(day)).toBe(0);
	});

	it('takes lunch at a stop that opens at 14:00, as late as the window allows, to cut the wait', () => {
		const context = lineContext({ 3: { window: [at('14:00'), at('17:00')] } });
		const day = scheduleDay([1, 2, 3], context);
		// Reached at 11:30; lunch 13:00–14:00 (the latest start, 13:00), then the visit: 90 min idle left.
		expect(day.visits[2]).toMatchObject({ arrival: at('11:30'), start: at('14:00') });
		expect(day.lunch).toEqual({ start: at('13:00'), end: at('14:00'), at: 2, en_route: false, at_base: false });
		expect(idleMinutes(day)).toBe(90);
	});

	it('takes lunch during a long drive when the window would close before the arrival', () => {
		// Base 0 (also the end, 3), stop 1 ten minutes away, stop 2 ninety minutes from both.
		const place = [0, 1, 2, 0];
		const minutes = place.map((a) => place.map((b) => (a === b ? 0 : a === 2 || b === 2 ? 90 : 10)));
		const rule = (duration: number): VisitRule => ({ duration, window: null });
		const context: DayContext = { minutes, start: 0, end: 3, rules: [undefined, rule(180), rule(60), undefined], day: DAY };
		const day = scheduleDay([1, 2], context);
		// 1: 09:10–12:10; leaving at 12:10, the car would reach 2 at 13:40, after the last start (13:00):
		// lunch 13:00–14:00 on the way, arrival 14:40.
		expect(day.visits.map((v) => [v.arrival, v.start, v.end])).toEqual([
			[at('09:10'), at('09:10'), at('12:10')],
			[at('14:40'), at('14:40'), at('15:40')]
		]);
		expect(day.lunch).toEqual({ start: at('13:00'), end: at('14:00'), at: 1, en_route: true, at_base: false });
		expect(day.back).toBe(at('17:10'));
		expect(idleMinutes(day)).toBe(0);
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
