// The order of a trip's stops between the database and the planner (domain/trips/stop-order.ts).
import { describe, expect, it } from 'vitest';
import { groupByDay, keptDays, stopPositions } from '../../src/lib/domain/trips/stop-order';

// Stops as stored, sorted by position: 10 and 11 on day 1, 12 on day 2, 13 never planned.
const STOPS = [
	{ id: 10, day: 1 },
	{ id: 12, day: 2 },
	{ id: 11, day: 1 },
	{ id: 13, day: null }
];

describe('trip stop order', () => {
	it('groups the stored stops by day, in stored order', () => {
		expect(groupByDay(STOPS)).toEqual([[10, 11], [12]]);
		expect(groupByDay([{ id: 1, day: 3 }])).toEqual([[], [], [1]]);
		expect(groupByDay([{ id: 1, day: null }])).toEqual([]);
	});

	it('keeps the stored days and puts the stops on no day at the end of the last one', () => {
		expect(keptDays(STOPS)).toEqual([
			[10, 11],
			[12, 13]
		]);
		expect(
			keptDays([
				{ id: 1, day: null },
				{ id: 2, day: null }
			])
		).toEqual([[1, 2]]);
	});

	it('follows the days the officer gave, adding the stops they leave out to the last day', () => {
		expect(keptDays(STOPS, [[12], [11, 10]])).toEqual([[12], [11, 10, 13]]);
		expect(keptDays(STOPS, [])).toEqual([[10, 12, 11, 13]]);
	});

	it('writes back planned stops in order with their day, unplanned ones after on no day', () => {
		const plan = {
			order: ['11', '10', '12'],
			unplanned: ['13'],
			schedule: [
				{ id: '11', day: 1 },
				{ id: '10', day: 1 },
				{ id: '12', day: 2 }
			]
		};
		expect(stopPositions(plan)).toEqual([
			{ id: 11, position: 0, day: 1 },
			{ id: 10, position: 1, day: 1 },
			{ id: 12, position: 2, day: 2 },
			{ id: 13, position: 3, day: null }
		]);
	});
});
