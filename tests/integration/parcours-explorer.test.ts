// The explorer's parcours filters and the « tournée des suivis », on both backends, with dates
// counted back from today (the trip endpoint evaluates the rules on the real day): a stalled
// parcours, an overdue follow-up, a consolidation checkpoint cleared by a contact (not kept), an
// ended parcours (never kept); the list, the points, the facets and the tiles' SQL agree; the due
// follow-ups of an EPCI become the stops of a trip through the explorer filter, as the button does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths, todayIn } from '../../src/lib/domain/parcours/calendar';
import { DEFAULT_PARCOURS_CONFIG } from '../../src/lib/domain/parcours/config';
import { tripSettings } from '../../src/lib/domain/trips/settings';
import { actorFilterSchema } from '../../src/lib/schemas/actor-filter';
import { tripCreateSchema } from '../../src/lib/schemas/trip';
import { tripActorIds } from '../../src/lib/server/http/trips';
import { upsertAccompaniments, upsertContactLogs, type AccompanimentUpsert } from '../../src/lib/server/queries/accompaniments';
import { actorFacets, actorPoints, listActors } from '../../src/lib/server/queries/actor-list';
import { upsertActors } from '../../src/lib/server/queries/actors';
import { dueFollowupPoints, parcoursTodo } from '../../src/lib/server/queries/parcours';
import { createTrip } from '../../src/lib/server/queries/trips';
import { BACKENDS, openSeededTestDatabase } from '../helpers/backends';
import { actorFixture, actorIdsBySourceId, testAccompaniment } from '../helpers/fixtures';

const TODAY = todayIn();
const CONTEXT = { config: DEFAULT_PARCOURS_CONFIG, sectorLabels: {}, today: TODAY };
const rules = { config: DEFAULT_PARCOURS_CONFIG, today: TODAY };
// Château-Salins, Dieuze, Vic-sur-Seille: one EPCI (CC du Saulnois); Metz another.
const SAULNOIS = ['57132', '57177', '57712'];
const actor = actorFixture((n) => ({ commune_code: SAULNOIS[n % 3], lon: 6.5 + n / 1000, lat: 48.8, precision: 'adresse' as const }));

describe.each(BACKENDS)('explorer parcours filters on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openSeededTestDatabase>>;
	let ids: Record<string, number>;
	let saulnois: string;
	const mine = (rows: { id: number }[]) =>
		rows
			.map((r) => r.id)
			.filter((id) => Object.values(ids).includes(id))
			.sort((a, b) => a - b);
	const name = (id: number) => Object.entries(ids).find(([, v]) => v === id)![0];

	beforeAll(async () => {
		handle = await openSeededTestDatabase(backend, { territories: true });
		await upsertActors(handle.db, [1, 2, 3, 4, 5, 6].map((n) => actor(n)).concat(actor(7, { commune_code: '57463' })));
		ids = await actorIdsBySourceId(handle.db);
		saulnois = (
			await handle.db
				.selectFrom('territory')
				.select('epci_code')
				.where('level', '=', 'commune')
				.where('code', '=', '57132')
				.executeTakeFirstOrThrow()
		).epci_code!;
		const p = (n: number, over: Partial<AccompanimentUpsert>) => testAccompaniment({ actor_id: ids[`t${n}`], source_id: `p${n}`, ...over });
		await upsertAccompaniments(handle.db, [
			// t1: at accueil for 45 days (limit 30): stalled; no follow-up.
			p(1, { date_accueil: addDays(TODAY, -45) }),
			// t2: at diagnostic for 10 days, next follow-up 3 days ago: overdue, not stalled.
			p(2, {
				stage: 'diagnostic',
				date_accueil: addDays(TODAY, -20),
				date_diagnostic: addDays(TODAY, -10),
				next_followup: addDays(TODAY, -3)
			}),
			// t3: ingénierie ended 7 months ago: its 6-month checkpoint was a month ago — cleared below by a contact.
			p(3, {
				stage: 'suivi',
				date_accueil: addMonths(TODAY, -12),
				date_diagnostic: addMonths(TODAY, -11),
				date_ingenierie: addMonths(TODAY, -10),
				date_suivi: addMonths(TODAY, -7),
				ingenierie_type: 'individuelle'
			}),
			// t4: next follow-up in 10 days: « à faire » (horizon 30 days), not overdue.
			p(4, { date_accueil: addDays(TODAY, -5), next_followup: addDays(TODAY, 10) }),
			// t5: ended with a stale follow-up date: nothing.
			p(5, { stage: 'abandon', date_accueil: addDays(TODAY, -200), date_fin: addDays(TODAY, -150), next_followup: addDays(TODAY, -100) }),
			// t6: next follow-up in 60 days: beyond the horizon.
			p(6, { date_accueil: addDays(TODAY, -5), next_followup: addDays(TODAY, 60) }),
			// t7 (Metz): overdue, but in another EPCI.
			p(7, { date_accueil: addDays(TODAY, -5), next_followup: addDays(TODAY, -1) })
		]);
		await handle.db
			.updateTable('accompaniment')
			.set({ date_fin_ingenierie: addMonths(TODAY, -7) })
			.where('actor_id', '=', ids.t3)
			.execute();
	});
	afterAll(async () => handle?.drop());

	const filter = (query: Record<string, string | string[]>) => actorFilterSchema.parse(query);

	it('keeps the stalled parcours and the overdue follow-ups, as « À faire » lists them, in list, points and facets', async () => {
		const stalled = await listActors(handle.db, filter({ parcours: ['en_attente'] }), { rules });
		expect(mine(stalled.rows).map(name).sort()).toEqual(['t1']);
		// t3's checkpoint (a month ago) is overdue until a contact.
		const overdue = await listActors(handle.db, filter({ parcours: ['suivi_en_retard'] }), { rules });
		expect(mine(overdue.rows).map(name).sort()).toEqual(['t2', 't3', 't7']);
		// Two boxes: either.
		const either = await listActors(handle.db, filter({ parcours: ['en_attente', 'suivi_en_retard'] }), { rules });
		expect(mine(either.rows).map(name).sort()).toEqual(['t1', 't2', 't3', 't7']);
		// Due within the horizon: overdue ones and t4 (in 10 days), not t6 (60 days) nor the ended t5.
		const due = await listActors(handle.db, filter({ parcours: ['suivi_a_faire'] }), { rules });
		expect(mine(due.rows).map(name).sort()).toEqual(['t2', 't3', 't4', 't7']);

		// « À faire » agrees on the same rules.
		const todo = await parcoursTodo(handle.db, { zone: [], epci: [] }, { user: null, withPersonalData: true }, CONTEXT);
		const ours = (list: { actor_id: number }[]) =>
			[...new Set(list.map((l) => l.actor_id).filter((id) => Object.values(ids).includes(id)))].map(name).sort();
		expect(ours(todo.stalled)).toEqual(['t1']);
		expect(ours(todo.followups.filter((f) => f.overdue))).toEqual(['t2', 't3', 't7']);
		expect(ours(todo.followups)).toEqual(['t2', 't3', 't4', 't7']);

		// Points (the map's tiles on PGlite read them) and facets honour the filter too.
		const points = await actorPoints(handle.db, filter({ parcours: ['suivi_en_retard'], epci: [saulnois] }), rules);
		expect(
			mine(points.id.map((id) => ({ id })))
				.map(name)
				.sort()
		).toEqual(['t2', 't3']);
		const facets = await actorFacets(handle.db, filter({ parcours: ['suivi_en_retard'], kind: ['structure_ess'] }), rules);
		expect(facets.kind.structure_ess).toBe(overdue.total);
	});

	it('drops a checkpoint cleared by a contact from a month before it', async () => {
		// The 6-month checkpoint is addMonths(−7 months, 6) = a month ago; a contact from two months ago counts.
		await upsertContactLogs(handle.db, [
			{ actor_id: ids.t3, date: addMonths(TODAY, -2), type: 'appel', who: null, note: 'Point à 6 mois', source: 'test', source_id: 'c3' }
		]);
		const overdue = await listActors(handle.db, filter({ parcours: ['suivi_en_retard'] }), { rules });
		expect(mine(overdue.rows).map(name).sort()).toEqual(['t2', 't7']);
		const layer = await dueFollowupPoints(handle.db, { zone: [], epci: [saulnois] }, { user: null, withPersonalData: true }, CONTEXT);
		expect(layer.map((p) => [name(p.actor_id), p.overdue, p.due]).sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
			['t2', true, addDays(TODAY, -3)],
			['t4', false, addDays(TODAY, 10)]
		]);
	});

	it('turns the due follow-ups of an EPCI into a trip through the explorer filter', async () => {
		const filtre = new URLSearchParams({ epci: saulnois, parcours: 'suivi_a_faire' }).toString();
		const stops = await tripActorIds(handle.db, [], filtre);
		if ('error' in stops) throw new Error(stops.error);
		expect(
			stops.ids
				.filter((id) => Object.values(ids).includes(id))
				.map(name)
				.sort()
		).toEqual(['t2', 't4']);
		const settings = tripCreateSchema.parse({ name: 'Suivis · Saulnois', date_start: TODAY, filtre });
		const { actor_ids: _a, filtre: _f, ...rest } = settings;
		const tripId = await createTrip(handle.db, tripSettings(rest, { label: 'COJEP', lon: 6.1727, lat: 49.1197 }), stops.ids, null);
		const saved = await handle.db.selectFrom('trip_stop').select('actor_id').where('trip_id', '=', tripId).execute();
		expect(saved.map((s) => s.actor_id).sort((a, b) => a - b)).toEqual([...stops.ids].sort((a, b) => a - b));
		// Nothing due in the EPCI of Metz besides t7: a filter with no match says so.
		const none = await tripActorIds(handle.db, [], new URLSearchParams({ commune: '57463', parcours: 'en_attente' }).toString());
		expect(none).toMatchObject({ error: expect.stringMatching(/aucune structure/) });
	});
});
