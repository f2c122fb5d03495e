import { describe, expect, it } from 'vitest';
import { mulberry32, planTrip, type TripPlan, type TripRequestInput } from '../../src/lib/domain/trips/index';

const at = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3));
const METZ = { lon: 6.1727, lat: 49.1197 };

/** Stops scattered around Metz (about ±15 km), seeded. */
function aroundMetz(seed: number, count: number, duration_min?: number) {
	const random = mulberry32(seed);
	return Array.from({ length: count }, (_, i) => ({
		id: `m${i}`,
		lon: METZ.lon + (random() * 2 - 1) * 0.18,
		lat: METZ.lat + (random() * 2 - 1) * 0.12,
		duration_min
	}));
}

/** Stops anywhere in Moselle's bounding box, seeded. */
function acrossMoselle(seed: number, count: number, duration_min?: number) {
	const random = mulberry32(seed);
	return Array.from({ length: count }, (_, i) => ({
		id: `s${i}`,
		lon: 5.89 + random() * 1.75,
		lat: 48.53 + random() * 0.99,
		duration_min
	}));
}

/**
 * What every plan must satisfy, whatever the request: each stop planned once or unplanned, legs
 * chained from the start to the end of each day, visits inside the day and their windows, one
 * after the other with time to drive between them, and each day's lunch break inside its window,
 * of its length, over no visit.
 */
function checkPlan(request: TripRequestInput, plan: TripPlan): void {
	const ids = request.stops.map((s) => String(s.id));
	const planned = plan.schedule.map((v) => v.id);
	expect(new Set(planned).size).toBe(planned.length);
	expect([...planned, ...plan.unplanned].sort()).toEqual([...ids].sort());
	expect(plan.order).toEqual(planned);
	expect(plan.unplanned_reasons.map((r) => r.id)).toEqual(plan.unplanned);
	for (const reason of plan.unplanned_reasons) expect(reason.reason.length).toBeGreaterThan(10);

	const dayStart = at(request.day?.start ?? '09:00');
	const dayEnd = at(request.day?.end ?? '17:30');
	const lunch = request.day?.lunch === null ? null : (request.day?.lunch ?? ['11:45', '14:00']).map(at);
	const lunchMin = request.day?.lunch_min ?? 60;
	expect(plan.days.length).toBeLessThanOrEqual(request.days ?? 1);
	let km = 0;
	for (const day of plan.days) {
		expect(day.legs.map((l) => l.from)).toEqual(['start', ...day.order]);
		expect(day.legs.map((l) => l.to)).toEqual([...day.order, 'end']);
		expect(at(day.depart)).toBeGreaterThanOrEqual(dayStart);
		expect(at(day.back)).toBeLessThanOrEqual(dayEnd);
		const visits = plan.schedule.filter((v) => v.day === day.day);
		expect(visits.map((v) => v.id)).toEqual(day.order);
		let clock = at(day.depart);
		visits.forEach((visit, i) => {
			const stop = request.stops.find((s) => String(s.id) === visit.id);
			if (!stop) throw new Error(visit.id);
			const begin = at(visit.arrive);
			const end = at(visit.leave);
			// Whole-minute drives are rounded: the leg's minutes, less half a minute of rounding.
			expect(begin).toBeGreaterThanOrEqual(clock + day.legs[i].min - 1);
			expect(end - begin).toBe(stop.duration_min ?? 60);
			if (stop.window) {
				expect(begin).toBeGreaterThanOrEqual(at(stop.window[0]));
				expect(end).toBeLessThanOrEqual(at(stop.window[1]));
			}
			if (day.lunch) expect(begin >= at(day.lunch.end) || end <= at(day.lunch.start)).toBe(true);
			clock = end;
		});
		if (lunch) {
			expect(day.lunch).not.toBeNull();
			expect(at(day.lunch!.start)).toBeGreaterThanOrEqual(lunch[0]);
			expect(at(day.lunch!.end)).toBeLessThanOrEqual(lunch[1]);
			expect(at(day.lunch!.end) - at(day.lunch!.start)).toBe(lunchMin);
		} else expect(day.lunch).toBeNull();
		expect(at(day.back)).toBeGreaterThanOrEqual(clock + day.legs[day.legs.length - 1].min - 1);
		km += day.total_km;
	}
	expect(plan.total_km).toBeCloseTo(km, 0);
}

describe('planTrip on hand-computed cases', () => {
	// Start on the parallel 49° N at 6.0° E, stops every 0.1° of longitude, end at 6.4° E.
	const line: TripRequestInput = {
		start: [6.0, 49.0],
		end: [6.4, 49.0],
		stops: [
			{ id: 'c', lon: 6.3, lat: 49.0 },
			{ id: 'a', lon: 6.1, lat: 49.0 },
			{ id: 'b', lon: 6.2, lat: 49.0 }
		]
	};
	// Great circle between two points of one parallel: 2R·asin(cos φ · sin(Δλ/2)), R = 6371.0088 km.
	const legKm = 2 * 6371.0088 * Math.asin(Math.cos((49 * Math.PI) / 180) * Math.sin((0.1 * Math.PI) / 360)) * 1.3;

	it('visits three stops on a line in the order of the line, with the expected legs', () => {
		expect(legKm).toBeCloseTo(9.48, 2);
		const plan = planTrip(line);
		expect(plan.order).toEqual(['a', 'b', 'c']);
		expect(plan.legs.map((l) => `${l.from}→${l.to}`)).toEqual(['start→a', 'a→b', 'b→c', 'c→end']);
		for (const leg of plan.legs) {
			expect(leg.km).toBeCloseTo(legKm, 1);
			// 9.48 km at 55 km/h is 10.3 min.
			expect(leg.min).toBe(10);
		}
		expect(plan.total_km).toBeCloseTo(4 * legKm, 1);
		expect(plan.total_min).toBe(Math.round(4 * ((legKm / 55) * 60)));
		expect(plan.unplanned).toEqual([]);
	});

	it('times the visits to the minute, and lunch at the base once back before 13:00', () => {
		const plan = planTrip(line);
		// 09:00 + 10.3 min → 09:11; 10:11 + 10.3 → 10:22; 11:22 + 10.3 → 11:33; back 12:33 + 10.3 → 12:44.
		expect(plan.schedule).toEqual([
			{ id: 'a', arrive: '09:11', leave: '10:11', day: 1, wait_min: 0 },
			{ id: 'b', arrive: '10:22', leave: '11:22', day: 1, wait_min: 0 },
			{ id: 'c', arrive: '11:33', leave: '12:33', day: 1, wait_min: 0 }
		]);
		expect(plan.days[0]).toMatchObject({ depart: '09:00', back: '12:44' });
		expect(plan.days[0].lunch).toEqual({ start: '12:44', end: '13:44', before: 'end', en_route: false, at_base: true });
	});

	it('serves the third stop before noon when there is no lunch break', () => {
		const plan = planTrip({ ...line, day: { lunch: null } });
		expect(plan.schedule[2]).toMatchObject({ id: 'c', arrive: '11:33', leave: '12:33', wait_min: 0 });
		expect(plan.days[0].back).toBe('12:44');
	});

	it('uses a matrix supplied by a routing service instead of the estimate', () => {
		// Points: start, a, b, c (request order), end. Going through c first is cheap only in this matrix.
		const min = [
			[0, 50, 50, 1, 50],
			[50, 0, 50, 50, 1],
			[50, 1, 0, 50, 50],
			[50, 50, 1, 0, 50],
			[50, 50, 50, 50, 0]
		];
		const request = { ...line, stops: [line.stops[1], line.stops[2], line.stops[0]] };
		const plan = planTrip(request, { matrix: { km: min, min } });
		expect(plan.order).toEqual(['c', 'b', 'a']);
		expect(plan.total_km).toBe(4);
		expect(() => planTrip(request, { matrix: { km: [[0]], min: [[0]] } })).toThrow(/1 lignes pour 5 points/);
	});
});

describe('planTrip with opening hours and lunch', () => {
	const stops = [
		{ id: 'woippy', lon: 6.151, lat: 49.151 },
		{ id: 'montigny', lon: 6.153, lat: 49.1, window: ['14:00', '15:00'] as [string, string] },
		{ id: 'borny', lon: 6.222, lat: 49.11 },
		{ id: 'marly', lon: 6.146, lat: 49.065 }
	];

	it('schedules a structure open only 14:00–15:00 at 14:00, and the others around it', () => {
		const request = { stops };
		const plan = planTrip(request);
		checkPlan(request, plan);
		expect(plan.unplanned).toEqual([]);
		expect(plan.schedule.find((v) => v.id === 'montigny')).toMatchObject({ arrive: '14:00', leave: '15:00' });
	});

	it('lists as unplanned, with a reason, a window shorter than the visit, before the day, or a stop too far', () => {
		const request = {
			stops: [
				...stops,
				{ id: 'court', lon: 6.2, lat: 49.13, window: ['14:00', '14:30'] as [string, string] },
				{ id: 'matin', lon: 6.2, lat: 49.13, window: ['07:00', '08:30'] as [string, string] },
				{ id: 'paris', lon: 2.35, lat: 48.85 }
			]
		};
		const plan = planTrip(request);
		checkPlan(request, plan);
		expect(plan.unplanned).toEqual(['court', 'matin', 'paris']);
		const reason = (id: string) => plan.unplanned_reasons.find((r) => r.id === id)?.reason;
		expect(reason('court')).toMatch(/plus courte que la visite \(60 min\)/);
		expect(reason('matin')).toMatch(/incompatible avec la journée \(09:00–17:30\)/);
		expect(reason('paris')).toMatch(/trop loin pour un aller-retour/);
		expect(plan.schedule.find((v) => v.id === 'montigny')).toMatchObject({ arrive: '14:00' });
	});

	it('fits more visits with a flexible hour than with a fixed 12:00–13:30 block, and more still with no lunch', () => {
		const request = { stops: aroundMetz(4, 8, 45) };
		const plan = planTrip(request);
		checkPlan(request, plan);
		expect(plan.unplanned.length).toBeGreaterThan(0);
		const fixedBlock = { ...request, day: { lunch: ['12:00', '13:30'] as [string, string], lunch_min: 90 } };
		const fixed = planTrip(fixedBlock);
		checkPlan(fixedBlock, fixed);
		expect(fixed.schedule.every((v) => at(v.arrive) >= at('13:30') || at(v.leave) <= at('12:00'))).toBe(true);
		expect(plan.schedule.length).toBeGreaterThan(fixed.schedule.length);
		const noLunch = { ...request, day: { lunch: null } };
		const free = planTrip(noLunch);
		checkPlan(noLunch, free);
		expect(free.schedule.length).toBeGreaterThanOrEqual(plan.schedule.length);
	});
});

describe('planTrip over several days', () => {
	it('plans 30 one-hour visits around Metz in 5 days, the fewest possible, each day in its window', () => {
		// A day holds at most 6 one-hour visits: 09:00–17:30 less an hour for lunch is 7 h 30, and
		// seven visits would leave 30 minutes for eight drives out of Metz. So 5 days is the minimum.
		const request = { stops: aroundMetz(1, 30), days: 6 };
		const plan = planTrip(request);
		checkPlan(request, plan);
		expect(plan.unplanned).toEqual([]);
		expect(plan.days).toHaveLength(5);
	});

	it('plans 30 twenty-minute visits in 3 days, shorter than cutting the list in three', () => {
		const request = { stops: aroundMetz(2, 30, 20), days: 3 };
		const plan = planTrip(request);
		checkPlan(request, plan);
		expect(plan.unplanned).toEqual([]);
		expect(plan.days.length).toBeLessThanOrEqual(3);
		// Grouping nearby stops must beat days made of the list in its input order.
		const naive = [0, 10, 20].map((from) => planTrip({ stops: request.stops.slice(from, from + 10) }));
		for (const day of naive) expect(day.unplanned).toEqual([]);
		const naiveKm = naive.reduce((sum, p) => sum + p.total_km, 0);
		expect(plan.total_km).toBeLessThan(naiveKm * 0.85);
	});

	it('cannot fit 30 one-hour visits in 3 days: plans what fits and lists the rest, each with a reason', () => {
		const request = { stops: aroundMetz(1, 30), days: 3 };
		const plan = planTrip(request);
		checkPlan(request, plan);
		expect(plan.schedule.length).toBeLessThanOrEqual(18);
		expect(plan.schedule.length).toBeGreaterThanOrEqual(15);
		expect(plan.unplanned.length).toBe(30 - plan.schedule.length);
		for (const reason of plan.unplanned_reasons) expect(reason.reason).toMatch(/plus de place dans les 3 jours/);
	});

	it('plans 30 one-hour visits spread over the whole of Moselle within 10 days', () => {
		const request = { stops: acrossMoselle(3, 30), days: 10 };
		const plan = planTrip(request);
		checkPlan(request, plan);
		expect(plan.unplanned).toEqual([]);
	});
});

describe('planTrip invariants on random requests', () => {
	it('accounts for every stop and respects every constraint on 40 random requests', () => {
		const random = mulberry32(77);
		for (let trial = 0; trial < 40; trial++) {
			const count = 3 + Math.floor(random() * 35);
			const stops = (trial % 2 ? acrossMoselle(trial, count) : aroundMetz(trial, count)).map((stop) => {
				const withDuration = { ...stop, duration_min: 15 + Math.floor(random() * 6) * 15 };
				if (random() > 0.3) return withDuration;
				const opens = 8 * 60 + Math.floor(random() * 18) * 30;
				const span = 30 + Math.floor(random() * 8) * 30;
				const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
				return { ...withDuration, window: [clock(opens), clock(Math.min(opens + span, 23 * 60))] as [string, string] };
			});
			const request: TripRequestInput = {
				stops,
				days: 1 + (trial % 3),
				day: trial % 5 === 0 ? { start: '08:00', end: '18:00', lunch: null } : undefined,
				end: trial % 7 === 0 ? [6.1683, 49.3579] : undefined
			};
			checkPlan(request, planTrip(request));
		}
	});

	it('gives the same plan for the same request', () => {
		const request = { stops: acrossMoselle(9, 40, 30), days: 3 };
		expect(planTrip(request)).toEqual(planTrip(request));
	});
});
