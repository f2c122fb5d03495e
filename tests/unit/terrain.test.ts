// The field view's pure parts: which day of a trip to show and in what order, the links to the
// phone's navigation, phone and mail apps, and the chaining of reports queued for one stop.
import { describe, expect, it } from 'vitest';
import { fieldDay } from '../../src/lib/domain/terrain/field-day';
import { mailLink, navigationLinks, telLink } from '../../src/lib/domain/terrain/links';
import type { Roadmap } from '../../src/lib/domain/trips/roadmap';
import { chainedVersion } from '../../src/lib/offline/visit-queue';

type Stop = { id: number; status: string };

function roadmap(days: { date: string; statuses: string[] }[]): Roadmap<Stop> {
	let id = 0;
	return {
		days: days.map((d, i) => ({
			day: i + 1,
			date: d.date,
			depart: '09:00',
			back: '17:00',
			km: 0,
			drive_min: 0,
			back_leg: null,
			lunch: null,
			night: null,
			geometry: null,
			visits: d.statuses.map((status) => {
				id += 1;
				return { number: id, day: i + 1, date: d.date, arrive: '10:00', leave: '11:00', wait_min: 0, leg: null, stop: { id, status } };
			})
		})),
		unplanned: [],
		total_km: 0,
		drive_min: 0
	};
}

describe('fieldDay', () => {
	const trip = roadmap([
		{ date: '2026-12-01', statuses: ['fait', 'prevu', 'non_rencontre', 'prevu', 'prevu'] },
		{ date: '2026-12-02', statuses: ['prevu', 'prevu'] },
		{ date: '2026-12-04', statuses: ['prevu'] }
	]);

	it('shows today: the first visit still to make first, the others in order, the reported ones last', () => {
		const day = fieldDay(trip, '2026-12-01')!;
		expect(day.today).toBe(true);
		expect(day.next?.stop.id).toBe(2);
		expect(day.later.map((v) => v.stop.id)).toEqual([4, 5]);
		expect(day.reported.map((v) => v.stop.id)).toEqual([1, 3]);
	});

	it('shows the next day with visits when today has none, the last day after the trip', () => {
		expect(fieldDay(trip, '2026-11-20')).toMatchObject({ today: false, day: { date: '2026-12-01' } });
		expect(fieldDay(trip, '2026-12-03')).toMatchObject({ today: false, day: { date: '2026-12-04' } });
		expect(fieldDay(trip, '2026-12-10')).toMatchObject({ today: false, day: { date: '2026-12-04' } });
	});

	it('has no next visit once all are reported, and no day without a planned visit', () => {
		const done = fieldDay(roadmap([{ date: '2026-12-01', statuses: ['fait', 'fait'] }]), '2026-12-01')!;
		expect(done.next).toBeNull();
		expect(done.later).toEqual([]);
		expect(fieldDay(roadmap([{ date: '2026-12-01', statuses: [] }]), '2026-12-01')).toBeNull();
	});
});

describe('navigation, call and mail links', () => {
	it('opens the navigation app (geo:), Google Maps directions and OpenStreetMap at the structure', () => {
		const links = navigationLinks({ lon: 6.5130004, lat: 48.8190001, label: 'Foyer rural (Château-Salins)' });
		expect(links.geo).toBe('geo:48.819,6.513?q=48.819,6.513(Foyer%20rural%20Ch%C3%A2teau-Salins)');
		expect(links.maps).toBe('https://www.google.com/maps/dir/?api=1&destination=48.819,6.513');
		expect(links.osm).toBe('https://www.openstreetmap.org/directions?to=48.819,6.513#map=16/48.819/6.513');
	});

	it('dials a number as people write it', () => {
		expect(telLink('03 87 12 34 56')).toBe('tel:0387123456');
		expect(telLink('+33 (0)3 87 12 34 56')).toBe('tel:+33387123456');
		expect(telLink('0033 3.87.12.34.56')).toBe('tel:+33387123456');
		expect(telLink('n.c.')).toBeNull();
		expect(telLink(null)).toBeNull();
	});

	it('writes to a valid address only, with a subject', () => {
		expect(mailLink(' camille@example.org ', 'Foyer rural — DLA')).toBe(
			'mailto:camille@example.org?subject=Foyer%20rural%20%E2%80%94%20DLA'
		);
		expect(mailLink('pas une adresse')).toBeNull();
	});
});

describe('chainedVersion', () => {
	it('makes a second report of a stop on the version the first one will leave', () => {
		expect(chainedVersion(3, [], 7)).toBe(3);
		const queued = [
			{ stop_id: 7, version: 3, state: 'pending' as const },
			{ stop_id: 7, version: 4, state: 'pending' as const },
			{ stop_id: 8, version: 9, state: 'pending' as const }
		];
		expect(chainedVersion(3, queued, 7)).toBe(5);
		// A refused report will not move the stop: it does not count.
		expect(chainedVersion(3, [{ stop_id: 7, version: 3, state: 'refused' as const }], 7)).toBe(3);
		// The page read a newer version than the queue knows (sent meanwhile).
		expect(chainedVersion(6, queued, 7)).toBe(6);
	});
});
