import { describe, expect, it } from 'vitest';
import { planTrip, scheduleTrip, type LonLat } from '../../src/lib/domain/trips/index';

const METZ: LonLat = [6.1727, 49.1197];
import { buildRoadmap, defaultVisitsPerDay, tripDates, tripSpan } from '../../src/lib/domain/trips/roadmap';
import { tripCreateSchema } from '../../src/lib/schemas/trip';

describe('trip dates', () => {
	it('visits on working days: Friday to Tuesday is three days', () => {
		expect(tripDates('2026-12-04', '2026-12-08')).toEqual(['2026-12-04', '2026-12-07', '2026-12-08']);
		expect(tripDates('2026-12-01', '2026-12-01')).toEqual(['2026-12-01']);
		// A weekend chosen on purpose is kept.
		expect(tripDates('2026-12-05', '2026-12-06')).toEqual(['2026-12-05', '2026-12-06']);
	});
	it('spans a trip made from the map over the working days its visits need', () => {
		// Tuesday 2026-12-01, 9 visits at 4 a day: 3 working days, to Thursday.
		expect(tripSpan('2026-12-01', 9, 4)).toEqual({ date_start: '2026-12-01', date_end: '2026-12-03' });
		// Thursday, 9 visits: Thursday, Friday, Monday.
		expect(tripSpan('2026-12-03', 9, 4)).toEqual({ date_start: '2026-12-03', date_end: '2026-12-07' });
		// A Saturday starts on the Monday; one visit is one day.
		expect(tripSpan('2026-12-05', 1, 4)).toEqual({ date_start: '2026-12-07', date_end: '2026-12-07' });
		// 200 visits: ten working days at most, two weeks.
		expect(tripSpan('2026-12-07', 200, 4)).toEqual({ date_start: '2026-12-07', date_end: '2026-12-18' });
		// 09:00–17:30 less the 60-min lunch break = 450 min, at 90 min a visit with its road: 5 visits.
		expect(defaultVisitsPerDay()).toBe(5);
	});
	it('allows two working weeks, not more', () => {
		const base = { name: 'T', date_start: '2026-12-07' };
		expect(tripCreateSchema.safeParse({ ...base, date_end: '2026-12-18' }).success).toBe(true);
		const over = tripCreateSchema.safeParse({ ...base, date_end: '2026-12-21' });
		expect(over.success).toBe(false);
		expect(over.error!.issues[0]).toMatchObject({ path: ['date_end'], message: expect.stringMatching(/10 jours ouvrés/) });
	});
});

describe('buildRoadmap', () => {
	it('numbers the visits across days, dates each day, and lists what the plan left out with its reason', () => {
		const stops = [
			{ id: 1, lon: 6.18, lat: 49.12 },
			{ id: 2, lon: 6.25, lat: 49.15 },
			{ id: 3, lon: 6.3, lat: 49.1 },
			{ id: 4, lon: 6.2, lat: 49.1 }
		];
		const plan = planTrip({
			start: [6.1727, 49.1197],
			stops: stops.map((s) => ({
				id: String(s.id),
				lon: s.lon,
				lat: s.lat,
				duration_min: s.id === 4 ? 30 : 150,
				window: s.id === 4 ? ['07:00', '07:30'] : null
			})),
			days: 2
		});
		const roadmap = buildRoadmap(plan, [...stops, { id: 5, lon: 0, lat: 0 }], { date_start: '2026-12-04', date_end: '2026-12-07' });
		// Two visits of 2 h 30 a day at most (lunch in between): Friday, then Monday.
		expect(roadmap.days.map((d) => d.date)).toEqual(['2026-12-04', '2026-12-07']);
		expect(roadmap.days.flatMap((d) => d.visits.map((v) => v.number))).toEqual([1, 2, 3]);
		expect(roadmap.days[0].visits[0].leg).toMatchObject({ from: 'start' });
		expect(roadmap.days[0].back_leg).toMatchObject({ to: 'end' });
		expect(roadmap.unplanned.map((u) => u.stop.id)).toEqual([4, 5]);
		expect(roadmap.unplanned[0].reason).toMatch(/fenêtre horaire/);
		expect(roadmap.unplanned[1].reason).toMatch(/ré-optimisez/);
	});
});

describe('scheduleTrip (order chosen by the officer)', () => {
	const stops = [
		{ id: 'a', lon: 6.18, lat: 49.12 },
		{ id: 'b', lon: 6.25, lat: 49.15 },
		{ id: 'c', lon: 6.3, lat: 49.1 }
	];
	it('keeps the given order and recomputes the times', () => {
		const forward = scheduleTrip({ start: [...METZ] as [number, number], stops }, [['a', 'b', 'c']]);
		const backward = scheduleTrip({ start: [...METZ] as [number, number], stops }, [['c', 'b', 'a']]);
		expect(forward.order).toEqual(['a', 'b', 'c']);
		expect(backward.order).toEqual(['c', 'b', 'a']);
		const minutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3));
		expect(forward.schedule[0].id).toBe('a');
		expect(minutes(forward.schedule[0].leave) - minutes(forward.schedule[0].arrive)).toBe(60);
		expect(backward.schedule[0].id).toBe('c');
		expect(backward.legs[0]).toMatchObject({ from: 'start', to: 'c' });
		expect(backward.legs[0].km).toBeGreaterThan(forward.legs[0].km);
		expect(backward.schedule[0].arrive > forward.schedule[0].arrive).toBe(true);
	});
	it('lists what no longer fits or was put on no day, with a reason, and keeps day numbers', () => {
		const plan = scheduleTrip({ start: [...METZ] as [number, number], stops: stops.map((s) => ({ ...s, duration_min: 150 })), days: 3 }, [
			[],
			['a', 'b', 'c']
		]);
		expect(plan.days.map((d) => d.day)).toEqual([2]);
		expect(plan.schedule.map((v) => `${v.id}@${v.day}`)).toEqual(['a@2', 'b@2']);
		expect(plan.unplanned).toEqual(['c']);
		expect(plan.unplanned_reasons[0].reason).toMatch(/ne tient plus/);
		const missing = scheduleTrip({ start: [...METZ] as [number, number], stops }, [['a']]);
		expect(missing.unplanned).toEqual(['b', 'c']);
		expect(missing.unplanned_reasons[0].reason).toMatch(/aucun jour/);
	});
});
