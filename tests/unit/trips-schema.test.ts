import { describe, expect, it } from 'vitest';
import { COJEP_OFFICE, MAX_STOPS, parseTripRequest, planTrip, TripRequestError, type FieldError } from '../../src/lib/domain/trips/index';

const stop = (id: string | number, extra: Record<string, unknown> = {}) => ({ id, lon: 6.2, lat: 49.1, ...extra });

function errorsOf(body: unknown): FieldError[] {
	const result = parseTripRequest(body);
	if (result.ok) throw new Error('la requête aurait dû être refusée');
	return result.errors;
}

function messageFor(errors: FieldError[], field: string): string {
	const error = errors.find((e) => e.field === field);
	if (!error) throw new Error(`pas d’erreur sur ${field} : ${JSON.stringify(errors)}`);
	return error.message;
}

describe('tripRequestSchema', () => {
	it('fills the defaults: COJEP start, 09:00–17:30 with an hour for lunch between 11:45 and 14:00, one day, detour 1.3', () => {
		const result = parseTripRequest({ stops: [stop('a')] });
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.request.start).toEqual([...COJEP_OFFICE]);
		expect(result.request.end).toBeUndefined();
		expect(result.request.day).toEqual({ start: '09:00', end: '17:30', lunch: ['11:45', '14:00'], lunch_min: 60 });
		expect(result.request.days).toBe(1);
		expect(result.request.detour_factor).toBe(1.3);
	});

	it('normalises the clock times people type and keeps a lunch set to null', () => {
		const result = parseTripRequest({ stops: [stop(7, { window: ['14h', '15h30'] })], day: { start: '8:30', end: '18h', lunch: null } });
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.request.stops[0]).toMatchObject({ id: '7', window: ['14:00', '15:30'] });
		expect(result.request.day).toEqual({ start: '08:30', end: '18:00', lunch: null, lunch_min: 60 });
	});

	it('refuses a request without stops', () => {
		expect(messageFor(errorsOf({ stops: [] }), 'stops')).toMatch(/aucun arrêt/);
		expect(messageFor(errorsOf({}), 'stops')).toMatch(/aucun arrêt/);
	});

	it('refuses out-of-range coordinates and hints at swapped longitude and latitude', () => {
		const errors = errorsOf({ start: [49.12, 96.17], stops: [stop('a', { lon: 200 }), stop('b', { lat: -91 })] });
		expect(messageFor(errors, 'start.1')).toMatch(/latitude hors limites \(96\.17\).*inversées/);
		expect(messageFor(errors, 'stops.0.lon')).toMatch(/longitude hors limites \(200\) : entre -180 et 180/);
		expect(messageFor(errors, 'stops.1.lat')).toMatch(/latitude hors limites/);
		expect(messageFor(errorsOf({ stops: [stop('a', { lon: '6,2' })] }), 'stops.0.lon')).toMatch(/nombre attendu/);
	});

	it('refuses an unreadable window and says the expected format', () => {
		const errors = errorsOf({ stops: [stop('a', { window: ['25:00', '15:00'] }), stop('b', { window: ['14:00'] })] });
		expect(messageFor(errors, 'stops.0.window.0')).toMatch(/heure illisible « 25:00 », format attendu HH:MM/);
		expect(messageFor(errors, 'stops.1.window')).toMatch(/\[début, fin\] attendu/);
	});

	it('refuses a window that ends before it starts', () => {
		expect(messageFor(errorsOf({ stops: [stop('a', { window: ['15:00', '14:00'] })] }), 'stops.0.window')).toBe(
			'fenêtre horaire : la fin (14:00) doit suivre le début (15:00)'
		);
	});

	it('refuses duplicate stop ids, even alongside other mistakes, and points at the second one', () => {
		const errors = errorsOf({ stops: [stop('a'), stop('b', { lat: 100 }), stop(' a ')] });
		expect(messageFor(errors, 'stops.2.id')).toBe('identifiant « a » en double (déjà celui de l’arrêt n° 1)');
		expect(messageFor(errors, 'stops.1.lat')).toMatch(/hors limites/);
	});

	it('refuses more than 300 stops and says to split the list', () => {
		const stops = Array.from({ length: MAX_STOPS + 1 }, (_, i) => stop(i));
		expect(messageFor(errorsOf({ stops }), 'stops')).toBe('trop d’arrêts (301) : 300 au plus par tournée, scindez la liste');
		expect(parseTripRequest({ stops: stops.slice(0, MAX_STOPS) }).ok).toBe(true);
	});

	it('refuses ids reserved for the base, a day that ends before it starts, a lunch outside the day', () => {
		expect(messageFor(errorsOf({ stops: [stop('start')] }), 'stops.0.id')).toMatch(/réservé/);
		expect(messageFor(errorsOf({ stops: [stop('a')], day: { start: '18:00', end: '09:00' } }), 'day.end')).toMatch(/avant le début/);
		expect(messageFor(errorsOf({ stops: [stop('a')], day: { start: '09:00', end: '12:00' } }), 'day.lunch')).toMatch(/hors de la journée/);
		expect(messageFor(errorsOf({ stops: [stop('a')], day: { lunch: ['12:00', '12:30'], lunch_min: 45 } }), 'day.lunch_min')).toMatch(
			/45 min plus longue que sa plage \(12:00–12:30\)/
		);
	});

	it('refuses a number of days, a detour factor or a visit length out of bounds', () => {
		expect(messageFor(errorsOf({ stops: [stop('a')], days: 0 }), 'days')).toMatch(/1 au moins/);
		expect(messageFor(errorsOf({ stops: [stop('a')], days: 1.5 }), 'days')).toMatch(/entier/);
		expect(messageFor(errorsOf({ stops: [stop('a')], detour_factor: 0.8 }), 'detour_factor')).toMatch(/vol d’oiseau/);
		expect(messageFor(errorsOf({ stops: [stop('a', { duration_min: 62.5 })] }), 'stops.0.duration_min')).toMatch(/entier de minutes/);
		expect(messageFor(errorsOf({ stops: [stop('a', { duration_min: 800 })] }), 'stops.0.duration_min')).toMatch(/720 minutes/);
	});

	it('makes planTrip throw the same list of errors', () => {
		try {
			planTrip({ stops: [] });
			expect.unreachable('planTrip aurait dû refuser la requête');
		} catch (error) {
			expect(error).toBeInstanceOf(TripRequestError);
			expect((error as TripRequestError).errors).toEqual([
				{ field: 'stops', message: 'aucun arrêt : ajoutez au moins une structure à visiter' }
			]);
		}
	});
});
