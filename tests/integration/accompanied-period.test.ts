// « Accompanied in the period » has one definition (queries/accompanied.ts): the gaps, the portrait,
// the territory statistics and the actor list give the same count of structures accompanied for
// one territory and period, on a hand-made fixture whose every figure is known. The CA de Forbach
// Porte de France, 2023–2025:
// - S1 (Forbach): two accompaniments in the period → one structure, two accompaniments;
// - S2 (Stiring-Wendel): accueil 2021, suivi 2026, no step in 2023–2025 → not accompanied, though
//   its accompaniment spans the period;
// - S3 (Forbach): accueil 2019, plan 2024 → accompanied by its plan step;
// - S4 (Forbach): accompanied in 2022 only → not accompanied;
// - S5 (Forbach): never accompanied;
// - a partner in Forbach accompanied in 2024 → not a structure, counted nowhere;
// - S6 (Metz, another EPCI) accompanied in 2024 → outside the territory.
// Expected: 5 structures, 2 accompanied, 3 accompaniments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseActorFilter } from '../../src/lib/schemas/actor-filter';
import { upsertAccompaniments } from '../../src/lib/server/queries/accompaniments';
import { listActors } from '../../src/lib/server/queries/actor-list';
import { upsertActors } from '../../src/lib/server/queries/actors';
import { gapRows } from '../../src/lib/server/queries/gaps';
import { territoryPortrait } from '../../src/lib/server/queries/portraits';
import { territoryStats } from '../../src/lib/server/queries/territories';
import { importTerritories } from '../../src/lib/server/territories/import';
import { BACKENDS, openTestDatabase } from '../helpers/backends';
import { actorFixture, actorIdsBySourceId, testAccompaniment } from '../helpers/fixtures';
import { testConfig } from '../helpers/config';

const FORBACH_EPCI = '245700372';
const PERIOD = { from: 2023, to: 2025 };
const actor = actorFixture((n) => ({ commune_code: '57227', lon: 6.9, lat: 49.19, precision: 'adresse', source_id: `s${n}` }));

describe.each(BACKENDS)('structures accompanied in a period, counted once on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openTestDatabase>>;
	beforeAll(async () => {
		handle = await openTestDatabase(backend);
		await importTerritories(handle.db, testConfig());
		await upsertActors(handle.db, [
			actor(1, {}),
			actor(2, { commune_code: '57660', lon: 6.93, lat: 49.2 }),
			actor(3, {}),
			actor(4, {}),
			actor(5, {}),
			actor(7, { kind: 'partenaire', naf: null, tranche_effectifs: null }),
			actor(6, { commune_code: '57463', lon: 6.17, lat: 49.12 })
		]);
		const ids = await actorIdsBySourceId(handle.db);
		await upsertAccompaniments(handle.db, [
			testAccompaniment({
				actor_id: ids.s1,
				stage: 'diagnostic',
				date_accueil: '2024-11-02',
				date_diagnostic: '2025-01-15',
				source_id: 'a1'
			}),
			testAccompaniment({ actor_id: ids.s1, stage: 'accueil', date_accueil: '2023-03-01', source_id: 'a1b' }),
			testAccompaniment({ actor_id: ids.s2, stage: 'suivi', date_accueil: '2021-01-10', date_suivi: '2026-02-01', source_id: 'a2' }),
			testAccompaniment({ actor_id: ids.s3, stage: 'plan', date_accueil: '2019-05-01', date_plan: '2024-06-01', source_id: 'a3' }),
			testAccompaniment({ actor_id: ids.s4, stage: 'accueil', date_accueil: '2022-12-31', source_id: 'a4' }),
			testAccompaniment({ actor_id: ids.s7, stage: 'accueil', date_accueil: '2024-02-01', source_id: 'a7' }),
			testAccompaniment({ actor_id: ids.s6, stage: 'accueil', date_accueil: '2024-02-01', source_id: 'a6' })
		]);
	});
	afterAll(async () => handle?.drop());

	it('gives 2 structures accompanied out of 5 in the gaps, the portrait, the statistics and the actor list', async () => {
		const gap = (await gapRows(handle.db, { level: 'epci', by: 'territory', ...PERIOD })).find((r) => r.code === FORBACH_EPCI)!;
		expect({ structures: gap.structures, accompanied: gap.accompanied }).toEqual({ structures: 5, accompanied: 2 });

		const portrait = (await territoryPortrait(handle.db, 'epci', FORBACH_EPCI, PERIOD, {
			departement: { code: '57', nom: 'Moselle', typeLiaison: 3 },
			sectorLabels: {}
		}))!;
		expect({
			structures: portrait.figures.structures,
			accompanied: portrait.figures.accompanied,
			accompaniments: portrait.figures.accompaniments
		}).toEqual({ structures: 5, accompanied: 2, accompaniments: 3 });
		expect(portrait.accompanied_structures.map((s) => s.nom)).toEqual(['Structure 1', 'Structure 3']);
		expect(portrait.map.structures.filter((s) => s.accompanied)).toHaveLength(2);

		const stat = (await territoryStats(handle.db, 'epci', '57', PERIOD.from, PERIOD.to)).find((s) => s.code === FORBACH_EPCI)!;
		expect({ structures: stat.structures, accompanied: stat.accompanied, accompaniments: stat.accompaniments }).toEqual({
			structures: 5,
			accompanied: 2,
			accompaniments: 3
		});

		const parsed = parseActorFilter(
			new URLSearchParams({ kind: 'structure_ess', epci: FORBACH_EPCI, de: String(PERIOD.from), a: String(PERIOD.to) })
		);
		if (!parsed.success) throw parsed.error;
		expect((await listActors(handle.db, parsed.data)).total).toBe(2);
		expect((await listActors(handle.db, { ...parsed.data, periode: 'sans' })).total).toBe(3);
	});
});
