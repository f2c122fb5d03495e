import { describe, expect, it } from 'vitest';
import { tripRequest, tripSettings, type TripBase } from '../../src/lib/domain/trips/settings';
import { tripCreateSchema } from '../../src/lib/schemas/trip';

const BASE: TripBase = { label: 'COJEP, Metz', lon: 6.1727, lat: 49.1197 };
const parse = (over: Record<string, unknown> = {}) =>
	tripCreateSchema.parse({ name: 'Saulnois', date_start: '2026-12-01', actor_ids: [1], ...over });

describe('trip settings', () => {
	it('start at the configured base and end there when the officer chose nothing', () => {
		const settings = tripSettings(parse(), BASE);
		expect(settings).toMatchObject({ start_label: 'COJEP, Metz', start_lon: 6.1727, start_lat: 49.1197, end_label: null, end_lon: null });
		expect(settings.date_end).toBe('2026-12-01');
	});
	it('keep the officer’s own start and end, with default labels', () => {
		const settings = tripSettings(parse({ start_lon: 6.5, start_lat: 48.8, end_lon: 6.7, end_lat: 48.9 }), BASE);
		expect(settings).toMatchObject({ start_label: 'Départ', start_lon: 6.5, start_lat: 48.8, end_label: 'Arrivée', end_lon: 6.7 });
	});
	it('ask the optimiser for one day per calendar day, each stop with its own duration or the trip’s', () => {
		const settings = tripSettings(parse({ date_end: '2026-12-03', visit_min: 50 }), BASE);
		const request = tripRequest(settings, [
			{ id: 7, lon: 6.5, lat: 48.8, duration_min: null, window_start: null, window_end: null },
			{ id: 9, lon: 6.6, lat: 48.9, duration_min: 30, window_start: '14:00', window_end: '15:00' }
		]);
		expect(request.days).toBe(3);
		expect(request.start).toEqual([6.1727, 49.1197]);
		expect(request.end).toBeUndefined();
		expect(request.stops).toEqual([
			{ id: '7', lon: 6.5, lat: 48.8, duration_min: 50, window: null },
			{ id: '9', lon: 6.6, lat: 48.9, duration_min: 30, window: ['14:00', '15:00'] }
		]);
	});
});
