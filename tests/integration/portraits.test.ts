// The portrait query on both backends, on a small hand-made territory whose every figure is
// known: Forbach and Stiring-Wendel (CA de Forbach Porte de France), a structure in the Saulnois,
// one in Metz; accompaniments inside and outside the period; a contact that must never surface.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAccompaniments } from '../../src/lib/server/queries/accompaniments';
import { syncNafSectors, upsertActors } from '../../src/lib/server/queries/actors';
import { territoryPortrait, type PortraitOptions } from '../../src/lib/server/queries/portraits';
import { ACCOMPANIED_NAMES_LISTED } from '../../src/lib/domain/portrait/figures';
import { createShare, listShares, resolveShare, revokeShare } from '../../src/lib/server/queries/portrait-shares';
import { gapRows } from '../../src/lib/server/queries/gaps';
import { BACKENDS, openSeededTestDatabase } from '../helpers/backends';
import { actorFixture, actorIdsBySourceId, testAccompaniment } from '../helpers/fixtures';

const FORBACH_EPCI = '245700372';
const actor = actorFixture({ categorie_juridique: '9260', commune_code: '57227', notes: 'note interne' });
const OPTIONS: PortraitOptions = {
	departement: { code: '57', nom: 'Moselle', typeLiaison: 3 },
	sectorLabels: {
		social_sans_hebergement: 'Action sociale sans hébergement',
		culture: 'Arts, spectacles & patrimoine',
		sport_loisirs: 'Sports & loisirs'
	}
};
const PERIOD = { from: 2023, to: 2025 };

describe.each(BACKENDS)('territory portraits on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openSeededTestDatabase>>;
	beforeAll(async () => {
		handle = await openSeededTestDatabase(backend, { territories: true });
		await syncNafSectors(handle.db, [
			{ division: '88', secteur: 'social_sans_hebergement' },
			{ division: '90', secteur: 'culture' },
			{ division: '93', secteur: 'sport_loisirs' }
		]);
		await upsertActors(handle.db, [
			actor(1, { nom: 'Épicerie solidaire de Forbach', tranche_effectifs: '11', lon: 6.9, lat: 49.19, precision: 'adresse' }),
			actor(2, {
				nom: 'Théâtre du Bassin',
				naf: '90.01Z',
				tranche_effectifs: '02',
				commune_code: '57660',
				lon: 6.93,
				lat: 49.2,
				precision: 'adresse'
			}),
			actor(3, { nom: 'Club de foot', naf: '93.12Z', tranche_effectifs: 'NN', employeur: false, famille_juridique: 'association' }),
			actor(4, {
				nom: 'SCOP du Bassin',
				famille_juridique: 'cooperative',
				categorie_juridique: '5458',
				naf: '88.10A',
				tranche_effectifs: null,
				employeur: true,
				source: 'demo'
			}),
			actor(5, { nom: 'Foyer du Saulnois', commune_code: '57132', tranche_effectifs: '12' }),
			actor(6, { nom: 'Maison de Metz', commune_code: '57463', tranche_effectifs: '03' }),
			actor(7, { nom: 'France Active Lorraine', kind: 'partenaire', naf: null, tranche_effectifs: null }),
			actor(8, { nom: 'Repair café de Forbach', kind: 'initiative', naf: null, tranche_effectifs: null, employeur: null })
		]);
		const ids = await actorIdsBySourceId(handle.db);
		await handle.db
			.insertInto('contact')
			.values({
				actor_id: ids.t1,
				nom: 'Zoé Témoin',
				email: 'zoe.temoin@exemple.test',
				telephone: '03 87 00 11 22',
				role: 'présidente',
				base_legale: 'intérêt légitime',
				created_at: new Date(),
				updated_at: new Date()
			})
			.execute();
		const base = { notes: 'confidentiel' };
		await upsertAccompaniments(handle.db, [
			// In the period, over two years: counts in 2024 and 2025.
			testAccompaniment({
				...base,
				actor_id: ids.t1,
				stage: 'diagnostic',
				date_accueil: '2024-11-02',
				date_diagnostic: '2025-01-15',
				emplois_cdi: 4,
				emplois_cdd: 2,
				source_id: 'a1'
			}),
			testAccompaniment({ ...base, actor_id: ids.t1, stage: 'accueil', date_accueil: '2023-03-01', source_id: 'a1b' }),
			// Before the period: not counted.
			testAccompaniment({
				...base,
				actor_id: ids.t2,
				stage: 'suivi',
				date_accueil: '2018-01-10',
				date_diagnostic: '2018-02-01',
				date_suivi: '2019-06-01',
				source_id: 'a2'
			}),
			testAccompaniment({ ...base, actor_id: ids.t5, stage: 'diagnostic', date_accueil: '2024-05-01', source_id: 'a5' }),
			testAccompaniment({ ...base, actor_id: ids.t6, stage: 'accueil', date_accueil: '2025-05-01', source_id: 'a6' })
		]);
	});
	afterAll(async () => handle?.drop());

	it('gives the figures of an EPCI with the département as reference', async () => {
		const p = (await territoryPortrait(handle.db, 'epci', FORBACH_EPCI, PERIOD, OPTIONS))!;
		expect(p.territory.nom).toBe('CA de Forbach Porte de France');
		expect(p.territory.parents.map((t) => t.level)).toEqual(['arrondissement', 'zone']);
		expect(p.territory.population).toBeGreaterThan(70_000);
		expect(p.figures.structures).toBe(4);
		expect(p.figures.structures_employeuses).toBe(3);
		// 11 (10–19) + 02 (3–5) : 13 to 24 jobs; the SCOP employs without a band.
		expect(p.figures.jobs).toEqual({ min: 13, max: 24, structures_with_band: 2, employers_without_band: 1 });
		expect(p.figures.accompanied).toBe(1);
		expect(p.figures.accompaniments).toBe(2);
		expect(p.figures.accompanied_share).toBe(0.25);
		expect(p.figures.emplois_concernes).toBe(6);
		expect(p.figures.structures_per_10k).toBeCloseTo((4 * 10_000) / p.territory.population!, 6);
		expect(p.figures.structure_sources).toEqual([
			{ source: 'test', count: 3 },
			{ source: 'demo', count: 1 }
		]);
		expect(p.reference_figures.structures).toBe(6);
		expect(p.reference_figures.accompanied).toBe(3);
		expect(p.reference_figures.accompaniments).toBe(4);

		const social = p.sectors.find((s) => s.code === 'social_sans_hebergement')!;
		expect(social).toMatchObject({ structures: 2, accompanied: 1, reference_structures: 4, reference_accompanied: 3 });
		expect(p.sectors[0].code).toBe('social_sans_hebergement');
		expect(p.families).toEqual([
			{ code: 'association', label: 'Association', structures: 3, reference_structures: 5 },
			{ code: 'cooperative', label: expect.any(String), structures: 1, reference_structures: 1 }
		]);
		// In structures: the Épicerie reached a stage each year (first in 2023); in the département the
		// Foyer (2024) and the Maison (2025) are new — the new ones add up to the accompanied structures.
		expect(p.years).toEqual([
			{ year: 2023, accompanied: 1, first_accompanied: 1, reference_accompanied: 1, reference_first_accompanied: 1 },
			{ year: 2024, accompanied: 1, first_accompanied: 0, reference_accompanied: 2, reference_first_accompanied: 1 },
			{ year: 2025, accompanied: 1, first_accompanied: 0, reference_accompanied: 2, reference_first_accompanied: 1 }
		]);
		expect(p.departement_gaps).toBeNull();
		expect(p.accompanied_structures).toEqual([
			{ nom: 'Épicerie solidaire de Forbach', commune: 'Forbach', secteur: 'social_sans_hebergement', demo: false }
		]);
		expect(p.accompanied_structures_count).toBe(1);
		expect(p.partners.map((x) => [x.kind, x.nom])).toEqual([
			['partenaire', 'France Active Lorraine'],
			['initiative', 'Repair café de Forbach']
		]);
	});

	it('draws the map data: the territory, touching EPCI and located structures', async () => {
		const p = (await territoryPortrait(handle.db, 'epci', FORBACH_EPCI, PERIOD, OPTIONS))!;
		expect(p.map.territory?.type).toMatch(/Polygon/);
		const names = p.map.neighbours.map((n) => n.nom);
		// Germany lies to the north: two Mosellan EPCI touch it.
		expect(names.sort()).toEqual(['CA Sarreguemines Confluences', 'CC de Freyming-Merlebach']);
		expect(p.map.neighbours.every((n) => n.geometry?.type.endsWith('Polygon') && n.label?.length === 2)).toBe(true);
		// Structures without an address are placed in their commune (precise: false).
		expect(p.map.structures.filter((s) => s.precise)).toEqual([
			{ lon: 6.93, lat: 49.2, accompanied: false, precise: true },
			{ lon: 6.9, lat: 49.19, accompanied: true, precise: true }
		]);
		expect(p.map.structures.filter((s) => !s.precise)).toHaveLength(2);
		const [w, s, e, n] = p.map.bbox;
		expect(w).toBeLessThan(6.9);
		expect(e).toBeGreaterThan(6.93);
		expect(s).toBeLessThan(49.19);
		expect(n).toBeGreaterThan(49.2);
	});

	it('measures the gap at the départemental rate and ranks among the EPCI (shared gap analysis)', async () => {
		const p = (await territoryPortrait(handle.db, 'epci', FORBACH_EPCI, PERIOD, OPTIONS))!;
		expect(p.gap.basis).toBe('gaps');
		expect(p.gap.score).toBeGreaterThan(0);
		expect(p.gap.indicators.reference_rate).toBe(0.5);
		expect(p.gap.indicators.expected).toBe(2);
		expect(p.gap.indicators.missing).toBe(1);
		// Forbach misses 1, every other EPCI 0 (Saulnois and Metz are at 100 %).
		expect(p.gap.rank).toBe(1);
		expect(p.gap.peers).toBeGreaterThanOrEqual(22);
		expect(p.gap.summary).toContain('CA de Forbach Porte de France');
		expect(p.gap.summary).toContain('il en manque 1');
		const metz = (await territoryPortrait(handle.db, 'commune', '57463', PERIOD, OPTIONS))!;
		expect(metz.gap.indicators.missing).toBe(0);
		expect(metz.gap.rank).toBeGreaterThan(1);
	});

	it('portrays the département against itself, with its EPCI for context', async () => {
		const p = (await territoryPortrait(handle.db, 'departement', '57', PERIOD, OPTIONS))!;
		expect(p.figures).toEqual(p.reference_figures);
		expect(p.figures.structures).toBe(6);
		expect(p.gap.rank).toBeNull();
		expect(p.map.neighbours.length).toBeGreaterThanOrEqual(22);
		expect(p.map.structures).toHaveLength(6);
		expect(p.map.structures.filter((s) => s.accompanied)).toHaveLength(3);
		expect(p.accompanied_structures.map((s) => s.nom)).toEqual(['Épicerie solidaire de Forbach', 'Foyer du Saulnois', 'Maison de Metz']);
	});

	it('says where the DLA is missing across the département: by zone, and its EPCI as the gap analysis ranks them', async () => {
		const priority = { nom: 'Est & Sud', zones: ['est', 'sud'] };
		const p = (await territoryPortrait(handle.db, 'departement', '57', PERIOD, { ...OPTIONS, priority }))!;
		const gaps = p.departement_gaps!;
		expect(gaps.priority).toEqual(priority);
		expect(gaps.reference_rate).toBe(0.5);
		// Est: Forbach's 4 structures, 1 accompanied, 2 expected; Sud: the Foyer (1 of 1); Metz: the Maison (1 of 1); Nord: none.
		expect(gaps.zones.map((z) => [z.code, z.priority, z.structures, z.accompanied, z.expected, z.missing])).toEqual([
			['est', true, 4, 1, 2, 1],
			['sud', true, 1, 1, 0.5, -0.5],
			['nord', false, 0, 0, 0, 0],
			['metz', false, 1, 1, 0.5, -0.5]
		]);
		expect(gaps.zones.find((z) => z.code === 'est')!.rate).toBe(0.25);
		// expected − accompanied redistributes the département's accompaniments: it sums to zero.
		expect(gaps.zones.reduce((sum, z) => sum + z.missing, 0)).toBeCloseTo(0, 9);
		// The EPCI: the shared analysis' rows, in its order.
		const shared = await gapRows(handle.db, { level: 'epci', by: 'territory', ...PERIOD });
		expect(gaps.epci.map((e) => [e.code, e.rank, e.score])).toEqual(
			[...shared].sort((a, b) => a.rank - b.rank).map((r) => [r.code, r.rank, r.score])
		);
		expect(gaps.epci[0]).toMatchObject({ code: FORBACH_EPCI, zone: 'Est', priority: true, structures: 4, accompanied: 1, missing: 1 });
		expect(gaps.epci.length).toBeGreaterThanOrEqual(22);
	});

	it('holds no personal data and knows no unknown territory', async () => {
		const p = await territoryPortrait(handle.db, 'epci', FORBACH_EPCI, PERIOD, OPTIONS);
		const text = JSON.stringify(p);
		for (const secret of ['Zoé', 'zoe.temoin', '03 87 00 11 22', 'note interne', 'confidentiel']) expect(text).not.toContain(secret);
		expect(await territoryPortrait(handle.db, 'epci', '999999999', PERIOD, OPTIONS)).toBeNull();
		expect(await territoryPortrait(handle.db, 'commune', FORBACH_EPCI, PERIOD, OPTIONS)).toBeNull();
	});

	it('ranks by missing structures when the gap analysis does not know the territory', async () => {
		const p = (await territoryPortrait(handle.db, 'epci', FORBACH_EPCI, PERIOD, { ...OPTIONS, gapSource: async () => null }))!;
		expect(p.gap).toMatchObject({ basis: 'indicateurs', score: null, rank: 1, rank_basis: 'selon le nombre de structures manquantes' });
		expect(p.gap.peers).toBeGreaterThanOrEqual(22);
	});

	it('uses the gap source it is given', async () => {
		const p = (await territoryPortrait(handle.db, 'epci', FORBACH_EPCI, PERIOD, {
			...OPTIONS,
			gapSource: async (_db, q) => (q.code === FORBACH_EPCI ? { score: 42.5, rank: 3, peers: 23, summary: 'Résumé partagé.' } : null)
		}))!;
		expect(p.gap).toMatchObject({ basis: 'gaps', score: 42.5, rank: 3, peers: 23, summary: 'Résumé partagé.' });
	});

	it('creates, resolves, lists and revokes share links, storing only the hash', async () => {
		const admin = await handle.db
			.insertInto('app_user')
			.values({
				email: 'cm@test.fr',
				nom: 'CM',
				role: 'charge_mission',
				password_hash: 'x',
				created_at: new Date(),
				updated_at: new Date()
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const who = { id: admin.id, email: 'cm@test.fr' };
		const { id, token } = await createShare(handle.db, who, { level: 'epci', code: FORBACH_EPCI, from: 2023, to: 2025, expiresAt: null });
		const stored = await handle.db.selectFrom('portrait_share').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
		expect(JSON.stringify(stored)).not.toContain(token);
		expect(await resolveShare(handle.db, token)).toMatchObject({
			status: 'valid',
			share: { level: 'epci', code: FORBACH_EPCI, from: 2023, to: 2025 }
		});
		expect(await resolveShare(handle.db, 'x'.repeat(43))).toEqual({ status: 'unknown' });
		expect(await resolveShare(handle.db, '../../etc')).toEqual({ status: 'unknown' });

		const past = await createShare(handle.db, who, {
			level: 'commune',
			code: '57227',
			from: 2024,
			to: 2024,
			expiresAt: new Date(Date.now() + 60_000)
		});
		expect((await resolveShare(handle.db, past.token)).status).toBe('valid');
		expect((await resolveShare(handle.db, past.token, new Date(Date.now() + 120_000))).status).toBe('expired');

		expect((await listShares(handle.db, 'epci', FORBACH_EPCI)).map((s) => [s.id, s.created_by_email, s.revoked_at])).toEqual([
			[id, 'cm@test.fr', null]
		]);
		expect(await revokeShare(handle.db, who, id)).toBe(true);
		expect(await revokeShare(handle.db, who, id)).toBe(false);
		expect(await resolveShare(handle.db, token)).toEqual({ status: 'revoked' });
		const audit = await handle.db
			.selectFrom('audit_log')
			.select(['action', 'entity', 'entity_id', 'user_email'])
			.where('entity', '=', 'portrait_share')
			.orderBy('id')
			.execute();
		// The journal never holds a usable token.
		const journal = JSON.stringify(await handle.db.selectFrom('audit_log').selectAll().execute());
		expect(journal).not.toContain(token);
		expect(journal).not.toContain(past.token);
		expect(audit).toEqual([
			{ action: 'create', entity: 'portrait_share', entity_id: String(id), user_email: 'cm@test.fr' },
			{ action: 'create', entity: 'portrait_share', entity_id: String(past.id), user_email: 'cm@test.fr' },
			{ action: 'revoke', entity: 'portrait_share', entity_id: String(id), user_email: 'cm@test.fr' }
		]);
	});

	// Last: it adds structures to the territory the other tests count.
	it('names the first accompanied structures by name and counts them all', async () => {
		const SARREBOURG = '57630';
		const many = Array.from({ length: ACCOMPANIED_NAMES_LISTED + 4 }, (_, i) =>
			actor(100 + i, { nom: `Association ${String(i).padStart(2, '0')} de Sarrebourg`, commune_code: SARREBOURG })
		);
		await upsertActors(handle.db, many);
		const ids = await actorIdsBySourceId(handle.db);
		await upsertAccompaniments(
			handle.db,
			many.map((a, i) => testAccompaniment({ actor_id: ids[a.source_id!], date_accueil: '2024-02-01', source_id: `s${i}` }))
		);
		const p = (await territoryPortrait(handle.db, 'commune', SARREBOURG, PERIOD, OPTIONS))!;
		expect(p.figures.accompanied).toBe(ACCOMPANIED_NAMES_LISTED + 4);
		expect(p.accompanied_structures_count).toBe(ACCOMPANIED_NAMES_LISTED + 4);
		expect(p.accompanied_structures.map((s) => s.nom)).toEqual(many.slice(0, ACCOMPANIED_NAMES_LISTED).map((a) => a.nom));
	});
});
