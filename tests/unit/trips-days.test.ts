// Which stops go on which day of a trip of several days, and sleeping in the area: the planner
// keeps the most visits (then the highest priorities), then the least driving, and compares the
// trip sleeping away with the trip coming home every evening.
import { describe, expect, it } from 'vitest';
import { clusterStops, mulberry32, planTrip, type TripRequestInput } from '../../src/lib/domain/trips/index';
import { buildTravelMatrix } from '../../src/lib/domain/trips/distance';

/** `count` stops around each town, within about 2 km: structures of a few communes. */
function towns(seed: number, centres: [number, number][], count: number) {
	const random = mulberry32(seed);
	return centres.flatMap(([lon, lat], t) =>
		Array.from({ length: count }, (_, i) => ({
			id: `t${t}-${i}`,
			lon: lon + (random() - 0.5) * 0.05,
			lat: lat + (random() - 0.5) * 0.03
		}))
	);
}

/** Sarreguemines, Sarralbe and Rohrbach-lès-Bitche: 60 to 75 km east of Metz. */
const EAST: [number, number][] = [
	[7.068, 49.11],
	[7.026, 48.998],
	[7.265, 49.048]
];

describe('clusterStops', () => {
	it('puts the stops of each town in a group of their own', () => {
		const stops = towns(1, EAST, 5);
		const points: [number, number][] = [[6.1727, 49.1197], ...stops.map((s): [number, number] => [s.lon, s.lat]), [6.1727, 49.1197]];
		const { min } = buildTravelMatrix(points);
		const rule = { duration: 60, window: null };
		const context = {
			minutes: min,
			start: 0,
			end: points.length - 1,
			rules: [undefined, ...stops.map(() => rule), undefined],
			day: { start: 540, end: 1050, lunch: { window: [705, 840] as const, duration: 60 } }
		};
		const groups = clusterStops(
			stops.map((_, i) => i + 1),
			context,
			3
		);
		expect(groups).toHaveLength(3);
		const townOf = (point: number) => stops[point - 1].id.split('-')[0];
		for (const group of groups) expect(new Set(group.map(townOf)).size).toBe(1);
	});
});

describe('planTrip over several days far from the base', () => {
	const request: TripRequestInput = { stops: towns(2, EAST, 9), days: 3 };

	it('fills each of three days with four visits or more, 60–75 km from Metz', () => {
		const plan = planTrip(request);
		expect(plan.days).toHaveLength(3);
		for (const day of plan.days) expect(day.order.length).toBeGreaterThanOrEqual(4);
		for (const reason of plan.unplanned_reasons) expect(reason.reason).toMatch(/plus de place dans les 3 jours/);
		expect(plan.schedule.length + plan.unplanned.length).toBe(27);
	});

	it('keeps the stops of higher priority when the day cannot hold them all', () => {
		// Ten structures in one street 20 km out: six fit in the day; the five of priority 3 are among them.
		const stops = Array.from({ length: 10 }, (_, i) => ({ id: `s${i}`, lon: 6.42, lat: 49.12, priority: i % 2 ? 3 : 1 }));
		const plan = planTrip({ stops });
		const planned = new Set(plan.order);
		expect(plan.unplanned.length).toBeGreaterThan(0);
		for (const stop of stops.filter((s) => s.priority === 3)) expect(planned.has(stop.id)).toBe(true);
	});

	it('sleeps in the area when offered a place: more visits or less driving, and says how it compares', () => {
		const hotel = { label: 'Hôtel à Sarreguemines', lon: 7.06, lat: 49.105 };
		const plan = planTrip({ ...request, overnight: { places: [hotel] } });
		const home = planTrip(request);
		expect(plan.overnight).not.toBeNull();
		const { chosen, with: away, without } = plan.overnight!;
		expect(chosen).toBe(true);
		expect(without).toEqual({ visits: home.schedule.length, km: home.total_km, drive_min: home.total_min, nights: 0 });
		expect(away.nights).toBe(2);
		expect(away.visits).toBeGreaterThanOrEqual(without.visits);
		expect(away.drive_min).toBeLessThan(without.drive_min);
		expect(plan.days.map((d) => d.night?.label ?? null)).toEqual([hotel.label, hotel.label, null]);
		// Day 2 leaves from the hotel and comes back to it; day 3 goes home.
		expect(plan.days[1].legs[0].from).toBe('nuit:0');
		expect(plan.days[1].legs.at(-1)!.to).toBe('nuit:0');
		expect(plan.days[2].legs.at(-1)!.to).toBe('end');
	});

	it('takes, among candidate towns, the one next to where the day ends and the next begins', () => {
		const places = [
			{ label: 'Thionville', lon: 6.168, lat: 49.358 },
			{ label: 'Sarralbe', lon: 7.026, lat: 48.998 },
			{ label: 'Sarrebourg', lon: 7.054, lat: 48.735 }
		];
		const plan = planTrip({ ...request, overnight: { places } });
		const labels = plan.days.slice(0, -1).map((d) => d.night?.label);
		expect(labels.length).toBe(2);
		for (const label of labels) expect(['Sarralbe']).toContain(label);
	});
});
