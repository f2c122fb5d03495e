// The gap analysis on a planted dataset, on both backends: an EPCI of Moselle Est whose structures
// the DLA never reached, in a sector it reaches nowhere, must come first; the counts, references,
// distances and isolated structures are checked against figures computed by hand here.
import { sql } from 'kysely';
import { distance as turfDistance } from '@turf/turf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAccompaniments } from '../../src/lib/server/queries/accompaniments';
import { syncNafSectors, upsertActors, type ActorUpsert } from '../../src/lib/server/queries/actors';
import { distancePlan, gapAnalysis, gapRows, gapSummary } from '../../src/lib/server/queries/gaps';
import { BACKENDS, openSeededTestDatabase } from '../helpers/backends';
import { testAccompaniment, testActor } from '../helpers/fixtures';

const BITCHE = '200069441'; // CC du Pays de Bitche (zone Est): never accompanied
const METZ = '200039865'; // Eurométropole de Metz
const THIONVILLE = '245701362'; // CA Portes de France-Thionville
const NAF = { culture: '90.01Z', social: '88.99B', sport: '93.12Z' } as const;

let n = 0;
const structure = (commune: string, lon: number, lat: number, naf: string, employeur = true): ActorUpsert => {
	n += 1;
	return {
		...testActor(n),
		naf,
		tranche_effectifs: employeur ? '01' : 'NN',
		employeur,
		commune_code: commune,
		lon,
		lat,
		precision: 'adresse',
		source_id: `g${n}`
	};
};
const accompaniment = (actor_id: number, date: string, cdi = 0) =>
	testAccompaniment({
		actor_id,
		stage: 'diagnostic',
		date_accueil: date,
		date_diagnostic: date,
		emplois_cdi: cdi,
		emplois_cdd: 1,
		source_id: `acc${actor_id}`
	});

describe.each(BACKENDS)('gap analysis on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openSeededTestDatabase>>;
	const place: Record<string, { commune: string; lon: number; lat: number }> = {};

	beforeAll(async () => {
		handle = await openSeededTestDatabase(backend, { territories: true });
		await syncNafSectors(handle.db, [
			{ division: '88', secteur: 'social_sans_hebergement' },
			{ division: '90', secteur: 'culture' },
			{ division: '93', secteur: 'sport_loisirs' }
		]);
		// Each EPCI's structures sit on the label point of its first commune.
		for (const epci of [BITCHE, METZ, THIONVILLE]) {
			const { rows } = await sql<{ code: string; lon: number; lat: number }>`
				SELECT code, ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM territory
				WHERE level = 'commune' AND epci_code = ${epci} ORDER BY code LIMIT 1`.execute(handle.db);
			place[epci] = { commune: rows[0].code, lon: rows[0].lon, lat: rows[0].lat };
		}
		const at = (epci: string, naf: string, count: number, employeur = true) =>
			Array.from({ length: count }, () => structure(place[epci].commune, place[epci].lon, place[epci].lat, naf, employeur));
		await upsertActors(handle.db, [
			// Bitche: 14 culture + 6 social, none accompanied.
			...at(BITCHE, NAF.culture, 14),
			...at(BITCHE, NAF.social, 6, false),
			// Metz: 10 culture (none accompanied) + 10 social (4 accompanied).
			...at(METZ, NAF.culture, 10),
			...at(METZ, NAF.social, 10),
			// Thionville: 10 social + 10 sport (4 + 4 accompanied).
			...at(THIONVILLE, NAF.social, 10),
			...at(THIONVILLE, NAF.sport, 10)
		]);
		const ids = await handle.db
			.selectFrom('actor')
			.innerJoin('territory as c', (j) => j.on('c.level', '=', 'commune').onRef('c.code', '=', 'actor.commune_code'))
			.select(['actor.id', 'actor.secteur', 'c.epci_code'])
			.where('actor.source', '=', 'test')
			.orderBy('actor.id')
			.execute();
		const pick = (epci: string, secteur: string, k: number) =>
			ids
				.filter((r) => r.epci_code === epci && r.secteur === secteur)
				.slice(0, k)
				.map((r) => r.id);
		await upsertAccompaniments(handle.db, [
			...pick(METZ, 'social_sans_hebergement', 4).map((id) => accompaniment(id, '2025-03-01', 2)),
			...pick(THIONVILLE, 'social_sans_hebergement', 4).map((id) => accompaniment(id, '2024-05-01')),
			...pick(THIONVILLE, 'sport_loisirs', 4).map((id) => accompaniment(id, '2026-01-15')),
			// Out of the period: must not count.
			...pick(BITCHE, 'culture', 1).map((id) => accompaniment(id, '2019-06-01'))
		]);
	});
	afterAll(async () => handle?.drop());

	it('ranks the never-accompanied EPCI of Moselle Est first, with hand-computed figures', async () => {
		const { rows, departement } = await gapAnalysis(handle.db, { level: 'epci', by: 'territory', from: 2024, to: 2026 });
		expect(departement.nom).toBe('Moselle');
		expect(rows).toHaveLength(23);
		const [first] = rows;
		expect(first).toMatchObject({
			code: BITCHE,
			rank: 1,
			structures: 20,
			structures_employeuses: 14,
			accompanied: 0,
			rate: 0,
			white_zone: true,
			isolated: 20
		});
		// 12 of 60 accompanied in the département: rate 0.2, so 20 × 0.2 = 4 expected, 4 missing.
		expect(first.benchmark_rate).toBeCloseTo(0.2, 10);
		expect(first.reference).toMatchObject({ structures: 60, accompanied: 12, emplois_concernes: 4 * 3 + 8 * 1 });
		expect(first.expected).toBeCloseTo(4, 10);
		expect(first.missing).toBeCloseTo(4, 10);
		expect(first.score).toBeGreaterThan(0);
		const metz = rows.find((r) => r.code === METZ)!;
		expect(metz).toMatchObject({
			structures: 20,
			accompanied: 4,
			missing: 0,
			score: 0,
			white_zone: false,
			isolated: 0,
			emplois_concernes: 12
		});
		expect(rows.find((r) => r.code === THIONVILLE)).toMatchObject({ accompanied: 8, missing: 0, score: 0 });
		// Per 10,000 inhabitants, on the population of the EPCI's communes in the département.
		expect(first.structures_per_10k).toBeCloseTo((20 * 10_000) / first.population!, 6);
		// Ranks are 1..n, scores non-increasing.
		expect(rows.map((r) => r.rank)).toEqual(rows.map((_, i) => i + 1));
		for (let i = 1; i < rows.length; i++) expect(rows[i].score).toBeLessThanOrEqual(rows[i - 1].score);
	});

	it('measures the distance to the nearest accompanied structure on the geography', async () => {
		const [first] = await gapRows(handle.db, { level: 'epci', by: 'territory', from: 2024, to: 2026 });
		const { rows } = await sql<{
			lon: number;
			lat: number;
		}>`SELECT ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM territory WHERE level = 'epci' AND code = ${BITCHE}`.execute(
			handle.db
		);
		const from = [rows[0].lon, rows[0].lat];
		const expected = Math.min(...[METZ, THIONVILLE].map((e) => turfDistance(from, [place[e].lon, place[e].lat], { units: 'kilometers' })));
		// PostGIS measures on the spheroid, turf on a sphere: within 0.5 %.
		expect(first.distance_km!).toBeGreaterThan(40);
		expect(Math.abs(first.distance_km! - expected) / expected).toBeLessThan(0.005);
	});

	it('finds the nearest accompanied structure through an index of the accompanied points', async () => {
		const plan = await distancePlan(handle.db, 'epci', 2024, 2026);
		expect(plan).toMatch(/Index Scan using gap_accompanied_geog_idx/);
		expect(plan).toMatch(/Order By: \(geog <-> /);
	});

	it('puts the sector the DLA reaches nowhere, in that EPCI, at the top of the matrix', async () => {
		const rows = await gapRows(handle.db, { level: 'epci', by: 'sector', from: 2024, to: 2026 });
		expect(rows[0]).toMatchObject({
			code: BITCHE,
			sector: 'culture',
			sector_label: 'Arts, spectacles & patrimoine',
			structures: 14,
			accompanied: 0,
			rank: 1
		});
		expect(rows[0].missing).toBeCloseTo(14 * 0.2, 10);
		// The reference column is culture over the whole département: 24 structures, none accompanied.
		expect(rows[0].reference).toMatchObject({ structures: 24, accompanied: 0, rate: 0 });
		// Only cells with structures: Bitche ×2, Metz ×2, Thionville ×2.
		expect(rows).toHaveLength(6);
		expect(rows.find((r) => r.code === THIONVILLE && r.sector === 'sport_loisirs')).toMatchObject({ accompanied: 4, missing: 0 });
		// One sector asked: same cells, that sector only.
		const culture = await gapRows(handle.db, { level: 'epci', by: 'territory', sector: 'culture', from: 2024, to: 2026 });
		expect(culture.filter((r) => r.structures > 0).map((r) => [r.code, r.structures])).toEqual([
			[BITCHE, 14],
			[METZ, 10]
		]);
	});

	it('keeps the territories of the zones asked, against the whole département', async () => {
		const rows = await gapRows(handle.db, { level: 'epci', by: 'territory', zone: ['est', 'sud'], from: 2024, to: 2026 });
		expect(rows).toHaveLength(11);
		expect(rows[0].code).toBe(BITCHE);
		expect(rows[0].reference.structures).toBe(60);
		const zones = await gapRows(handle.db, { level: 'zone', by: 'territory', from: 2024, to: 2026 });
		expect(zones[0]).toMatchObject({ code: 'est', structures: 20, accompanied: 0 });
		const communes = await gapRows(handle.db, { level: 'commune', by: 'territory', from: 2024, to: 2026 });
		expect(communes).toHaveLength(725);
		expect(communes[0]).toMatchObject({ code: place[BITCHE].commune, structures: 20, white_zone: true });
	});

	it('counts an accompaniment only in its period', async () => {
		const old = await gapRows(handle.db, { level: 'epci', by: 'territory', from: 2019, to: 2019 });
		expect(old.find((r) => r.code === BITCHE)).toMatchObject({ accompanied: 1, missing: 0 });
		expect(old.find((r) => r.code === METZ)).toMatchObject({ accompanied: 0 });
	});

	it('writes the summary from the figures', async () => {
		const summary = await gapSummary(handle.db, { level: 'epci', code: BITCHE, from: 2024, to: 2026 });
		expect(summary!.text).toContain('Dans la CC du Pays de Bitche, 20 structures de l’ESS, dont aucune accompagnée depuis 2024');
		expect(summary!.text).toMatch(/Au taux du département, 4 seraient accompagnées.*il en manque 4\./);
		expect(summary!.text).toContain('la culture (14 structures)');
		const dep = await gapSummary(handle.db, { level: 'departement', code: '57', from: 2024, to: 2026 });
		expect(dep!.text).toMatch(/En Moselle, 60 structures de l’ESS, dont 12 accompagnées depuis 2024/);
		expect(await gapSummary(handle.db, { level: 'epci', code: '999999999', from: 2024, to: 2026 })).toBeNull();
	});
	it('fills the matrix with the figures of one independent SQL query', async () => {
		for (const [from, to] of [
			[2024, 2026],
			[2019, 2019]
		]) {
			const rows = await gapRows(handle.db, { level: 'epci', by: 'sector', from, to });
			// Every actor joined to its EPCI and to its accompaniments with a step in the years: one
			// query, no temporary table, nothing shared with the module's SQL.
			const { rows: expected } = await sql<{
				code: string;
				sector: string;
				structures: number;
				employeuses: number;
				accompanied: number;
				emplois: number;
				distance_km: number | null;
			}>`
				WITH period AS (SELECT make_date(${from}, 1, 1) AS first, make_date(${to}, 12, 31) AS last),
				acc AS (
					SELECT ac.actor_id, sum(coalesce(ac.emplois_cdi, 0) + coalesce(ac.emplois_cdd, 0))::int AS emplois
					FROM accompaniment ac, period p
					WHERE greatest(
						ac.date_accueil BETWEEN p.first AND p.last, ac.date_diagnostic BETWEEN p.first AND p.last,
						ac.date_plan BETWEEN p.first AND p.last, ac.date_ingenierie BETWEEN p.first AND p.last,
						ac.date_suivi BETWEEN p.first AND p.last)
					GROUP BY 1
				)
				SELECT c.epci_code AS code, coalesce(a.secteur, '') AS sector, count(*)::int AS structures,
					count(*) FILTER (WHERE a.employeur)::int AS employeuses, count(acc.actor_id)::int AS accompanied,
					coalesce(sum(acc.emplois), 0)::int AS emplois,
					(SELECT min(ST_Distance(b.geog, e.label_point::geography)) / 1000
						FROM actor b JOIN acc x ON x.actor_id = b.id WHERE b.kind = 'structure_ess') AS distance_km
				FROM actor a
				JOIN territory c ON c.level = 'commune' AND c.code = a.commune_code
				JOIN territory e ON e.level = 'epci' AND e.code = c.epci_code
				LEFT JOIN acc ON acc.actor_id = a.id
				WHERE a.kind = 'structure_ess'
				GROUP BY c.epci_code, e.label_point, 2`.execute(handle.db);
			expect(rows.length, `${from}–${to}`).toBe(expected.length);
			for (const e of expected) {
				const row = rows.find((r) => r.code === e.code && (r.sector ?? '') === e.sector)!;
				expect(row, `${e.code} × ${e.sector}`).toMatchObject({
					structures: e.structures,
					structures_employeuses: e.employeuses,
					accompanied: e.accompanied,
					emplois_concernes: e.emplois
				});
				if (e.distance_km === null) expect(row.distance_km).toBeNull();
				else expect(row.distance_km!).toBeCloseTo(e.distance_km, 6);
			}
		}
	});
	// Last: it adds structures. Around the accompanied ones of Metz, from 3 to 45 km away, so that
	// the commune is decided neither way and its structures are probed one by one.
	it('counts isolated structures as a structure-by-structure check does', async () => {
		const metz = place[METZ];
		await upsertActors(
			handle.db,
			Array.from({ length: 24 }, (_, k) => {
				const angle = (k * 2 * Math.PI) / 24;
				const km = 3 + k * 1.8;
				return structure(metz.commune, metz.lon + (km / 73) * Math.cos(angle), metz.lat + (km / 111) * Math.sin(angle), NAF.sport);
			})
		);
		const rows = await gapRows(handle.db, { level: 'epci', by: 'territory', from: 2024, to: 2026 });
		const { rows: expected } = await sql<{ code: string; isolated: number }>`
			SELECT c.epci_code AS code, count(*)::int AS isolated
			FROM actor a JOIN territory c ON c.level = 'commune' AND c.code = a.commune_code
			WHERE a.kind = 'structure_ess' AND a.geog IS NOT NULL
				AND NOT EXISTS (
					SELECT 1 FROM actor b JOIN accompaniment ac ON ac.actor_id = b.id
					WHERE ac.date_diagnostic BETWEEN DATE '2024-01-01' AND DATE '2026-12-31'
						AND ST_DWithin(b.geog, a.geog, 15000, false))
			GROUP BY 1`.execute(handle.db);
		const byCode = Object.fromEntries(expected.map((r) => [r.code, r.isolated]));
		expect(byCode[METZ]).toBeGreaterThan(0);
		expect(byCode[METZ]).toBeLessThan(24);
		for (const row of rows) expect(row.isolated, row.nom).toBe(byCode[row.code] ?? 0);
	});
});
