// The trip aggregate against each backend: create (optimised at once), read back with statuses,
// reorder with times recomputed, add/remove stops, settings with a version check, visit outcome
// (contact logged, accompaniment opened), suggestions, exports and the audit trail.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tripSettings } from '../../src/lib/domain/trips/settings';
import { tripCreateSchema } from '../../src/lib/schemas/trip';
import { upsertAccompaniments, upsertContactLogs } from '../../src/lib/server/queries/accompaniments';
import { syncNafSectors, upsertActors } from '../../src/lib/server/queries/actors';
import {
	addStops,
	createTrip,
	deleteTrip,
	getTrip,
	listTrips,
	optimizeTrip,
	recordVisit,
	removeStop,
	reorderStops,
	suggestForTerritory,
	updateStop,
	updateTrip
} from '../../src/lib/server/queries/trips';
import { tripToCsv, tripToGpx, tripToIcs } from '../../src/lib/server/exports/trips';
import { BACKENDS, openSeededTestDatabase } from '../helpers/backends';
import { actorFixture, actorIdsBySourceId, testAccompaniment } from '../helpers/fixtures';

const BASE = { label: 'COJEP, Metz', lon: 6.1727, lat: 49.1197 };
const WHO = { id: 0, email: 'cm@maillage.test' };
const actor = actorFixture((n) => ({ adresse: `${n} rue de l’Essai`, code_postal: '57000' }));
const settings = (over: Record<string, unknown> = {}) => {
	const parsed = tripCreateSchema.parse({
		name: 'Saulnois — associations',
		date_start: '2026-12-01',
		lunch_start: '12:00',
		lunch_end: '13:30',
		...over
	});
	return tripSettings(parsed, BASE);
};

describe.each(BACKENDS)('trips on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openSeededTestDatabase>>;
	const ids: Record<string, number> = {};
	beforeAll(async () => {
		handle = await openSeededTestDatabase(backend, { territories: true });
		await syncNafSectors(handle.db, [{ division: '88', secteur: 'social_sans_hebergement' }]);
		// Five structures in and around Château-Salins (57132, CC du Saulnois), one in Metz.
		await upsertActors(handle.db, [
			actor(1, { nom: 'Foyer rural de Château-Salins', commune_code: '57132', lon: 6.513, lat: 48.819, precision: 'adresse' }),
			actor(2, { nom: 'Épicerie solidaire de Dieuze', commune_code: '57177', lon: 6.72, lat: 48.81, precision: 'adresse' }),
			actor(3, { nom: 'Atelier de Vic-sur-Seille', commune_code: '57712', lon: 6.533, lat: 48.782, precision: 'adresse' }),
			actor(4, { nom: 'Chantier de Delme', commune_code: '57171', lon: 6.393, lat: 48.888, precision: 'adresse', employeur: false }),
			actor(5, { nom: 'Théâtre de Morhange', commune_code: '57483', lon: 6.64, lat: 48.924, precision: 'adresse' }),
			actor(6, { nom: 'Régie de quartier de Metz' })
		]);
		Object.assign(ids, await actorIdsBySourceId(handle.db));
		await upsertAccompaniments(handle.db, [
			testAccompaniment({
				actor_id: ids.t2,
				stage: 'diagnostic',
				date_accueil: '2026-01-10',
				date_diagnostic: '2026-02-01',
				source_id: 'a2'
			})
		]);
		await upsertContactLogs(handle.db, [
			{ actor_id: ids.t5, date: '2024-03-01', type: 'appel', who: null, note: null, source: 'test', source_id: 'c5' }
		]);
	});
	afterAll(async () => handle?.drop());

	let tripId: number;

	it('creates a trip, optimised at once, and reads it back with each structure’s DLA status', async () => {
		tripId = await createTrip(handle.db, settings(), [ids.t1, ids.t2, ids.t3, ids.t4], WHO);
		const trip = (await getTrip(handle.db, tripId))!;
		expect(trip).toMatchObject({
			name: 'Saulnois — associations',
			start_label: 'COJEP, Metz',
			date_end: '2026-12-01',
			day_start: '09:00',
			visit_min: 60,
			version: 1
		});
		expect(trip.stops).toHaveLength(4);
		expect(trip.plan!.unplanned).toEqual([]);
		expect(trip.plan!.order).toEqual(trip.stops.map((s) => String(s.id)));
		expect(trip.stops.map((s) => s.position)).toEqual([0, 1, 2, 3]);
		expect(trip.stops.every((s) => s.day === 1)).toBe(true);
		expect(Object.fromEntries(trip.stops.map((s) => [s.nom, s.dla_status]))).toMatchObject({
			'Épicerie solidaire de Dieuze': 'en_cours',
			'Foyer rural de Château-Salins': 'jamais'
		});
		expect(trip.stops[0].contacts).toBeNull();
		expect(trip.plan!.total_km).toBeGreaterThan(60);
		const list = await listTrips(handle.db);
		expect(list).toEqual([
			expect.objectContaining({ id: tripId, stops: 4, planned: 4, to_plan: 0, done: 0, total_km: trip.plan!.total_km })
		]);
	});

	it('keeps the officer’s order when reordering and recomputes the times; re-optimising brings the officer back no later', async () => {
		const trip = (await getTrip(handle.db, tripId))!;
		// The officer moves the last visit first (as a drag in the list would).
		const ids0 = trip.stops.map((s) => s.id);
		const moved = [ids0[3], ids0[0], ids0[1], ids0[2]];
		const plan = (await reorderStops(handle.db, tripId, [moved], WHO))!;
		expect(plan.unplanned).toEqual([]);
		expect(plan.order).toEqual(moved.map(String));
		expect(plan.legs[0]).toMatchObject({ from: 'start', to: String(ids0[3]) });
		expect(plan.schedule.map((v) => v.arrive)).not.toEqual(trip.plan!.schedule.map((v) => v.arrive));
		const after = (await getTrip(handle.db, tripId))!;
		expect(after.stops.map((s) => s.id)).toEqual(moved);
		expect(after.version).toBe(2);
		const optimized = (await optimizeTrip(handle.db, tripId, WHO))!;
		// The optimiser's criterion: every visit served, then back at the office as early as possible.
		expect(optimized.unplanned).toEqual([]);
		expect(optimized.days[0].back <= plan.days[0].back).toBe(true);
		await expect(reorderStops(handle.db, tripId, [[999_999]], WHO)).rejects.toThrow(/absent/);
		// An order read before someone else's change is refused.
		await expect(reorderStops(handle.db, tripId, [moved], WHO, after.version - 1)).rejects.toThrow(/modifiée entre-temps/);
	});

	it('adds stops at the end (never twice), removes one, and lists what cannot be planned with a reason', async () => {
		expect(await addStops(handle.db, tripId, [ids.t5, ids.t1], WHO)).toEqual([ids.t5]);
		let trip = (await getTrip(handle.db, tripId))!;
		expect(trip.stops.map((s) => s.actor_id).at(-1)).toBe(ids.t5);
		expect(trip.stops.find((s) => s.actor_id === ids.t5)!.last_contact).toBe('2024-03-01');
		// A two-hour visit window that closes before anyone can get there stays listed, with why.
		const dieuze = trip.stops.find((s) => s.actor_id === ids.t2)!;
		expect(await updateStop(handle.db, tripId, dieuze.id, { duration_min: 90, window_start: '09:00', window_end: '09:30' }, WHO)).toBe(
			true
		);
		trip = (await getTrip(handle.db, tripId))!;
		expect(trip.plan!.unplanned).toEqual([String(dieuze.id)]);
		expect(trip.plan!.unplanned_reasons[0].reason).toMatch(/fenêtre horaire 09:00–09:30 plus courte que la visite/);
		expect(trip.stops.at(-1)!.id).toBe(dieuze.id);
		expect(trip.stops.at(-1)!.day).toBeNull();
		expect(await removeStop(handle.db, tripId, dieuze.id, WHO)).toBe(true);
		expect(await removeStop(handle.db, tripId, dieuze.id, WHO)).toBe(false);
		trip = (await getTrip(handle.db, tripId))!;
		expect(trip.stops).toHaveLength(4);
		expect(trip.plan!.unplanned).toEqual([]);
	});

	it('refuses unknown actors and a stale version', async () => {
		await expect(addStops(handle.db, tripId, [999_999], WHO)).rejects.toThrow(/inconnu/);
		const trip = (await getTrip(handle.db, tripId))!;
		expect(await updateTrip(handle.db, tripId, trip.version - 1, settings({ name: 'Autre' }), WHO)).toBeNull();
		const saved = await updateTrip(
			handle.db,
			tripId,
			trip.version,
			settings({ name: 'Saulnois, deux jours', date_end: '2026-12-02', visit_min: 120 }),
			WHO
		);
		expect(saved).toBe(trip.version + 1);
		const after = (await getTrip(handle.db, tripId))!;
		expect(after).toMatchObject({ name: 'Saulnois, deux jours', date_end: '2026-12-02', visit_min: 120 });
		// Two-hour visits do not all fit in the one day they were on: the rest is listed, never dropped.
		expect(after.plan!.order.length + after.plan!.unplanned.length).toBe(4);
		const spread = (await optimizeTrip(handle.db, tripId, WHO))!;
		expect(spread.unplanned).toEqual([]);
		expect(spread.days.map((d) => d.day)).toEqual([1, 2]);
	});

	it('records a visit made as a contact and opens an accompaniment at « accueil »; not met removes the contact', async () => {
		const trip = (await getTrip(handle.db, tripId))!;
		const stop = trip.stops.find((s) => s.actor_id === ids.t1)!;
		const done = (await recordVisit(
			handle.db,
			tripId,
			stop.id,
			{ status: 'fait', note: 'Présidente rencontrée, intérêt pour un DLA', date: '2026-12-01', ouvrir_accompagnement: true },
			WHO
		))!;
		expect(done.contact_log_id).not.toBeNull();
		const log = await handle.db.selectFrom('contact_log').selectAll().where('id', '=', done.contact_log_id!).executeTakeFirstOrThrow();
		expect(log).toMatchObject({
			actor_id: ids.t1,
			type: 'visite',
			date: '2026-12-01',
			who: WHO.email,
			note: 'Présidente rencontrée, intérêt pour un DLA'
		});
		const opened = await handle.db
			.selectFrom('accompaniment')
			.selectAll()
			.where('id', '=', done.accompaniment_id!)
			.executeTakeFirstOrThrow();
		expect(opened).toMatchObject({ actor_id: ids.t1, stage: 'accueil', date_accueil: '2026-12-01' });
		// Marking it again updates the same contact and opens nothing more.
		const again = (await recordVisit(
			handle.db,
			tripId,
			stop.id,
			{ status: 'fait', note: 'Relance en janvier', date: '2026-12-01', ouvrir_accompagnement: true },
			WHO
		))!;
		expect(again).toEqual({ ...done, visit_version: done.visit_version + 1 });
		expect(
			Number((await sql<{ n: number }>`SELECT count(*) AS n FROM accompaniment WHERE actor_id = ${ids.t1}`.execute(handle.db)).rows[0].n)
		).toBe(1);
		const read = (await getTrip(handle.db, tripId))!;
		expect(read.stops.find((s) => s.id === stop.id)).toMatchObject({ status: 'fait', note: 'Relance en janvier', dla_status: 'en_cours' });
		const other = read.stops.find((s) => s.actor_id === ids.t3)!;
		await recordVisit(handle.db, tripId, other.id, { status: 'fait', note: null, date: null, ouvrir_accompagnement: false }, WHO);
		const notMet = (await recordVisit(
			handle.db,
			tripId,
			other.id,
			{ status: 'non_rencontre', note: 'Fermé', date: null, ouvrir_accompagnement: false },
			WHO
		))!;
		expect(notMet.contact_log_id).toBeNull();
		expect(await handle.db.selectFrom('contact_log').select('id').where('actor_id', '=', ids.t3).execute()).toEqual([]);
		expect((await listTrips(handle.db))[0].done).toBe(2);
		const audit = await handle.db
			.selectFrom('audit_log')
			.select(['action', 'entity', 'user_email'])
			.where('entity', 'in', ['trip', 'accompaniment'])
			.orderBy('id')
			.execute();
		expect(audit.map((a) => a.action)).toEqual(
			expect.arrayContaining(['create', 'reorder', 'optimize', 'add_stops', 'update_stop', 'remove_stop', 'update', 'visit'])
		);
		expect(audit.find((a) => a.entity === 'accompaniment')).toMatchObject({ action: 'create', user_email: WHO.email });
	});

	it('saves a visit report replayed with its key once, and refuses one made on an older report count (409)', async () => {
		const trip = (await getTrip(handle.db, tripId))!;
		const stop = trip.stops.find((s) => s.actor_id === ids.t5)!;
		expect(stop.visit_version).toBe(0);
		const report = { status: 'fait' as const, note: 'Trésorier rencontré', date: '2026-12-01', ouvrir_accompagnement: false };
		const audits = async () =>
			Number(
				(
					await sql<{
						n: number;
					}>`SELECT count(*) AS n FROM audit_log WHERE entity = 'trip' AND action = 'visit' AND after->>'stop' = ${String(stop.id)}`.execute(
						handle.db
					)
				).rows[0].n
			);
		const first = (await recordVisit(handle.db, tripId, stop.id, { ...report, version: 0, cle: 'cle-du-premier-rapport' }, WHO))!;
		expect(first).toMatchObject({ visit_version: 1, replayed: false });
		// The answer was lost: the phone sends the same report again.
		const replay = (await recordVisit(handle.db, tripId, stop.id, { ...report, version: 0, cle: 'cle-du-premier-rapport' }, WHO))!;
		expect(replay).toEqual({ ...first, replayed: true });
		expect(await audits()).toBe(1);
		expect(await handle.db.selectFrom('contact_log').select('id').where('source_id', '=', `trip_stop:${stop.id}`).execute()).toHaveLength(
			1
		);
		// Another report made on the count read before the first one came in: refused, nothing written.
		await expect(
			recordVisit(handle.db, tripId, stop.id, { ...report, status: 'non_rencontre', version: 0, cle: 'cle-d-un-autre-rapport' }, WHO)
		).rejects.toMatchObject({
			status: 409,
			field: 'version',
			message: expect.stringMatching(/rapportée entre-temps \(faite : « Trésorier rencontré »\)/)
		});
		expect((await getTrip(handle.db, tripId))!.stops.find((s) => s.id === stop.id)).toMatchObject({ status: 'fait', visit_version: 1 });
		// Made on the count it read: saved.
		const next = (await recordVisit(
			handle.db,
			tripId,
			stop.id,
			{ ...report, note: 'Rappeler en janvier', version: 1, cle: 'cle-du-second-rapport' },
			WHO
		))!;
		expect(next).toMatchObject({ visit_version: 2, replayed: false, contact_log_id: first.contact_log_id });
		expect(await audits()).toBe(2);
	});

	it('exports GPX, ICS and CSV that agree with the plan; contact persons only with personal data', async () => {
		await handle.db
			.insertInto('contact')
			.values({
				actor_id: ids.t4,
				nom: 'Camille Martin',
				role: 'Présidente',
				email: 'camille@example.org',
				telephone: null,
				base_legale: 'interet_legitime'
			})
			.execute();
		const trip = (await getTrip(handle.db, tripId, { withPersonalData: true }))!;
		const gpx = tripToGpx(trip);
		expect(gpx).toContain('<gpx version="1.1"');
		expect(gpx.match(/<rte>/g)).toHaveLength(2);
		expect(gpx.match(/<wpt /g)).toHaveLength(1 + 4);
		const first = trip.plan!.schedule[0];
		const firstStop = trip.stops.find((s) => String(s.id) === first.id)!;
		expect(gpx).toContain(`1. ${firstStop.nom}`);
		const ics = tripToIcs(trip, { withPersonalData: true, origin: 'http://maillage.test' });
		expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(4);
		expect(ics).toContain(`DTSTART:20261201T${first.arrive.replace(':', '')}00`);
		expect(ics.replace(/\r\n /g, '')).toContain('Camille Martin');
		const reader = tripToIcs((await getTrip(handle.db, tripId))!, { withPersonalData: false, origin: 'http://maillage.test' });
		expect(reader.replace(/\r\n /g, '')).not.toContain('Camille Martin');
		const csv = tripToCsv(trip);
		expect(csv.startsWith('\ufeff')).toBe(true);
		const lines = csv.trim().split('\r\n');
		expect(lines).toHaveLength(5);
		expect(lines[1]).toContain(`1;1;2026-12-01;${first.arrive}`);
	});

	it('suggests never-accompanied structures of the Saulnois, close together, not those in an accompaniment', async () => {
		const result = await suggestForTerritory(
			handle.db,
			{ level: 'epci', code: '245701206' },
			{ base: BASE, capacityMin: 420, visitMin: 60, maxStops: 3, today: new Date('2026-11-29') }
		);
		// Château-Salins (accompaniment opened above) and Dieuze (in diagnostic) are not prospects;
		// Morhange is outside the CC du Saulnois; Metz too.
		expect(result.considered).toBe(2);
		expect(result.actors.map((a) => a.id).sort()).toEqual([ids.t3, ids.t4].sort());
		expect(result.actors.map((a) => a.id)).not.toContain(ids.t2);
		expect(result.actors.map((a) => a.id)).not.toContain(ids.t1);
		expect(result.stops[0].reason).toMatch(/jamais/);
	});

	it('deletes a trip and its stops', async () => {
		expect(await deleteTrip(handle.db, tripId, WHO)).toBe(true);
		expect(await getTrip(handle.db, tripId)).toBeNull();
		expect(await handle.db.selectFrom('trip_stop').select('id').execute()).toEqual([]);
		expect(await deleteTrip(handle.db, tripId, WHO)).toBe(false);
	});
});
