import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFilterSchema, parseActorFilter } from '../../src/lib/schemas/actor-filter';
import { upsertAccompaniments, upsertContactLogs } from '../../src/lib/server/queries/accompaniments';
import { actorFacets, FACETS, listActors, type ActorListRow, type FacetName } from '../../src/lib/server/queries/actor-list';
import { syncNafSectors, upsertActors } from '../../src/lib/server/queries/actors';
import { actorsToCsv, actorsToGeoJson, actorsToXlsx } from '../../src/lib/server/exports/actors';
import { BACKENDS, openSeededTestDatabase } from '../helpers/backends';
import { actorFixture, actorIdsBySourceId, testAccompaniment } from '../helpers/fixtures';

const actor = actorFixture({ categorie_juridique: '9260' });
const filter = (raw: Record<string, string>) => {
	const parsed = parseActorFilter(new URLSearchParams(raw));
	if (!parsed.success) throw parsed.error;
	return parsed.data;
};

describe.each(BACKENDS)('actor lists and exports on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openSeededTestDatabase>>;
	beforeAll(async () => {
		handle = await openSeededTestDatabase(backend, { territories: true });
		await syncNafSectors(handle.db, [
			{ division: '88', secteur: 'social_sans_hebergement' },
			{ division: '90', secteur: 'culture' }
		]);
		await upsertActors(handle.db, [
			actor(1, { nom: 'Épicerie solidaire de Metz', tags: ['alimentation'] }),
			actor(2, { nom: 'Théâtre du Saulnois', naf: '90.01Z', commune_code: '57132', lon: 6.5, lat: 48.8, precision: 'adresse' }),
			actor(3, {
				nom: 'SCOP Bâtir',
				famille_juridique: 'cooperative',
				categorie_juridique: '5458',
				naf: '43.99C',
				commune_code: '57630',
				siret: '73282932000074'
			}),
			actor(4, { nom: 'Mairie de Metz', kind: 'collectivite', categorie_juridique: '7210', famille_juridique: 'collectivite' })
		]);
		const ids = await actorIdsBySourceId(handle.db);
		await upsertAccompaniments(handle.db, [
			testAccompaniment({
				actor_id: ids.t1,
				stage: 'diagnostic',
				date_accueil: '2025-02-01',
				date_diagnostic: '2025-03-01',
				source_id: 'a1'
			}),
			testAccompaniment({
				actor_id: ids.t3,
				stage: 'suivi',
				date_accueil: '2015-01-10',
				date_diagnostic: '2015-02-01',
				date_suivi: '2016-06-01',
				source_id: 'a3'
			})
		]);
		await upsertContactLogs(handle.db, [
			{
				actor_id: ids.t1,
				date: new Date().toISOString().slice(0, 10),
				type: 'visite',
				who: 'CM',
				note: null,
				source: 'test',
				source_id: 'c1'
			}
		]);
	});
	afterAll(async () => handle?.drop());

	it('filters by kind, sector, zone and status, and counts', async () => {
		expect((await listActors(handle.db, filter({}))).total).toBe(4);
		expect((await listActors(handle.db, filter({ kind: 'structure_ess' }))).total).toBe(3);
		expect((await listActors(handle.db, filter({ secteur: 'culture' }))).rows.map((r) => r.nom)).toEqual(['Théâtre du Saulnois']);
		expect((await listActors(handle.db, filter({ zone: 'sud' }))).rows.map((r) => r.nom).sort()).toEqual([
			'SCOP Bâtir',
			'Théâtre du Saulnois'
		]);
		const byStatus = await listActors(handle.db, filter({ kind: 'structure_ess' }), { sort: 'nom' });
		expect(Object.fromEntries(byStatus.rows.map((r) => [r.nom, r.status]))).toEqual({
			'Épicerie solidaire de Metz': 'en_cours',
			'SCOP Bâtir': 'ancien',
			'Théâtre du Saulnois': 'jamais'
		});
		expect((await listActors(handle.db, filter({ statut: 'jamais,ancien', kind: 'structure_ess' }))).total).toBe(2);
		expect((await listActors(handle.db, filter({ de: '2025', a: '2026' }))).rows.map((r) => r.nom)).toEqual(['Épicerie solidaire de Metz']);
		expect(
			(await listActors(handle.db, filter({ kind: 'structure_ess', de: '2025', a: '2026', periode: 'sans' }))).rows.map((r) => r.nom).sort()
		).toEqual(['SCOP Bâtir', 'Théâtre du Saulnois']);
		expect((await listActors(handle.db, filter({ contact: 'jamais' }))).total).toBe(3);
		expect((await listActors(handle.db, filter({ tag: 'alimentation' }))).total).toBe(1);
	});

	it('counts each facet with every other filter applied but its own, the status among ESS structures only', async () => {
		// The reference: for each facet, the list filtered by all the others, counted in JavaScript.
		const valueOf: Record<FacetName, (r: ActorListRow) => string | null> = {
			kind: (r) => r.kind,
			secteur: (r) => r.secteur,
			famille: (r) => r.famille_juridique,
			tranche: (r) => r.tranche_effectifs,
			statut: (r) => (r.kind === 'structure_ess' ? r.status : undefined) as string | null,
			zone: (r) => r.zone_code,
			epci: (r) => r.epci_code
		};
		for (const raw of [
			{},
			{ kind: 'structure_ess' },
			{ statut: 'jamais,ancien', zone: 'sud' },
			{ secteur: 'culture', famille: 'association,cooperative', q: 'e' }
		] as Record<string, string>[]) {
			const f = filter(raw);
			const facets = await actorFacets(handle.db, f);
			for (const name of Object.keys(FACETS) as FacetName[]) {
				const { rows } = await listActors(handle.db, { ...f, [name]: [] });
				const expected: Record<string, number> = {};
				for (const row of rows) {
					const value = valueOf[name](row);
					if (value !== undefined) expected[value ?? 'inconnu'] = (expected[value ?? 'inconnu'] ?? 0) + 1;
				}
				expect(facets[name], `${name} ${JSON.stringify(raw)}`).toEqual(expected);
			}
		}
		expect((await actorFacets(handle.db, filter({}))).kind).toEqual({ structure_ess: 3, collectivite: 1 });
	});

	it('searches by name, SIRET and postal code', async () => {
		expect((await listActors(handle.db, filter({ q: 'saulnois' }))).rows.map((r) => r.nom)).toEqual(['Théâtre du Saulnois']);
		expect((await listActors(handle.db, filter({ q: '732 829 320' }))).rows.map((r) => r.nom)).toEqual(['SCOP Bâtir']);
		expect((await listActors(handle.db, filter({ q: '50%' }))).total).toBe(0);
	});

	it('rejects bad filter values with the field named', () => {
		const bad = parseActorFilter(new URLSearchParams({ kind: 'pirate' }));
		expect(bad.success).toBe(false);
		expect(bad.error!.issues[0].path).toEqual(['kind', 0]);
		expect(actorFilterSchema.safeParse({ de: 'hier' }).success).toBe(false);
	});

	it('exports exactly the filtered actors as CSV (BOM, ;), XLSX and GeoJSON', async () => {
		const { rows } = await listActors(handle.db, filter({ zone: 'sud' }));
		const csv = actorsToCsv(rows);
		expect(csv.startsWith('\ufeffIdentifiant Maillage;Nom;')).toBe(true);
		expect(csv.trim().split('\r\n')).toHaveLength(3);
		expect(csv).toContain(';Théâtre du Saulnois;');
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load((await actorsToXlsx(rows, 'Acteurs')) as never);
		expect(workbook.worksheets[0].rowCount).toBe(3);
		const fc = actorsToGeoJson(rows);
		expect(fc.features).toHaveLength(2);
		expect(fc.features.every((f) => f.geometry?.type === 'Point')).toBe(true);
		expect(JSON.stringify(fc)).not.toMatch(/telephone|email/);
	});
});
