import { describe, expect, it } from 'vitest';
import { buildTravelMatrix, type LonLat } from '../../src/lib/domain/trips/index';
import { suggestVisits, visitPriority, type SuggestionCandidate } from '../../src/lib/domain/trips/suggest';

const METZ: LonLat = [6.1727, 49.1197];
const TODAY = new Date('2026-11-29T00:00:00Z');
const candidate = (id: number, lon: number, lat: number, over: Partial<SuggestionCandidate> = {}): SuggestionCandidate => ({
	id,
	lon,
	lat,
	status: 'jamais',
	last_contact: null,
	employeur: false,
	...over
});
/** A working day of 9:00–17:30 less 1 h 30 lunch. */
const DAY = 8.5 * 60 - 90;

describe('visit priority', () => {
	it('puts never-accompanied, never-contacted structures first and leaves out those in an accompaniment', () => {
		const never = visitPriority(candidate(1, 0, 0), TODAY)!;
		const old = visitPriority(candidate(2, 0, 0, { status: 'ancien', last_contact: '2020-01-01' }), TODAY)!;
		const recent = visitPriority(candidate(3, 0, 0, { status: 'accompagne', last_contact: '2026-10-01' }), TODAY)!;
		expect(never).toBeGreaterThan(old);
		expect(old).toBeGreaterThan(recent);
		expect(visitPriority(candidate(4, 0, 0, { status: 'en_cours' }), TODAY)).toBeNull();
		// An older last contact weighs more than a recent one, all else equal.
		const older = visitPriority(candidate(5, 0, 0, { last_contact: '2021-01-01' }), TODAY)!;
		const newer = visitPriority(candidate(6, 0, 0, { last_contact: '2026-06-01' }), TODAY)!;
		expect(older).toBeGreaterThan(newer);
	});
});

describe('suggestVisits', () => {
	// A cluster of 6 structures around Sarrebourg and 6 scattered across the département, all of
	// equal priority: the day must go to the cluster, not zigzag.
	const sarrebourg = Array.from({ length: 6 }, (_, i) => candidate(100 + i, 7.05 + (i % 3) * 0.02, 48.73 + Math.floor(i / 3) * 0.02));
	const scattered: SuggestionCandidate[] = [
		candidate(1, 6.0, 49.4),
		candidate(2, 7.4, 49.1),
		candidate(3, 6.6, 48.6),
		candidate(4, 6.3, 49.3),
		candidate(5, 7.6, 48.9),
		candidate(6, 5.95, 49.0)
	];

	it('clusters the day: the visits lie close together and the day holds', () => {
		// Metz → Sarrebourg is about an hour each way: four one-hour visits fill the rest of the day.
		const result = suggestVisits([...scattered, ...sarrebourg], { base: METZ, capacityMin: DAY, visitMin: 60, maxStops: 6, today: TODAY });
		expect(result.stops).toHaveLength(4);
		expect(result.stops.every((s) => s.id >= 100)).toBe(true);
		expect(result.drive_min + 4 * 60).toBeLessThanOrEqual(DAY);
		expect(result.drive_min).toBeGreaterThan(100);
		expect(result.considered).toBe(12);
		expect(result.stops[0].reason).toMatch(/jamais accompagnée, jamais contactée/);
	});

	it('prefers the higher priority when distances are equal, and never proposes an accompaniment in progress', () => {
		const near = [
			candidate(1, 6.2, 49.12, { status: 'accompagne', last_contact: '2026-11-01' }),
			candidate(2, 6.21, 49.12, { status: 'jamais' }),
			candidate(3, 6.22, 49.12, { status: 'en_cours' })
		];
		const result = suggestVisits(near, { base: METZ, capacityMin: DAY, visitMin: 60, maxStops: 1, today: TODAY });
		expect(result.stops.map((s) => s.id)).toEqual([2]);
		const all = suggestVisits(near, { base: METZ, capacityMin: DAY, visitMin: 60, maxStops: 5, today: TODAY });
		// Highest priority first.
		expect(all.stops.map((s) => s.id)).toEqual([2, 1]);
	});

	it('respects the time of the day: fewer visits when they are long, none when nothing fits', () => {
		const short = suggestVisits(sarrebourg, { base: METZ, capacityMin: DAY, visitMin: 60, maxStops: 10, today: TODAY });
		const long = suggestVisits(sarrebourg, { base: METZ, capacityMin: DAY, visitMin: 150, maxStops: 10, today: TODAY });
		expect(long.stops.length).toBeLessThan(short.stops.length);
		const matrix = buildTravelMatrix([METZ, [7.05, 48.73]]);
		expect(long.drive_min + long.stops.length * 150).toBeLessThanOrEqual(DAY);
		expect(long.drive_min).toBeGreaterThan(1.8 * matrix.min[0][1]);
		expect(suggestVisits(sarrebourg, { base: METZ, capacityMin: 60, visitMin: 60, today: TODAY }).stops).toEqual([]);
		expect(suggestVisits([], { base: METZ, capacityMin: DAY, today: TODAY })).toEqual({ stops: [], drive_min: 0, km: 0, considered: 0 });
	});
});
