import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { syncNafSectors, upsertActors, type ActorUpsert } from '../../src/lib/server/queries/actors';
import { BACKENDS, openSeededTestDatabase } from '../helpers/backends';

const base: ActorUpsert = {
	kind: 'structure_ess',
	nom: 'Association sportive de Sarrebourg',
	sigle: 'ASS',
	siren: '732829320',
	siret: '73282932000074',
	rna: null,
	categorie_juridique: '9260',
	famille_juridique: 'association',
	naf: '93.12Z',
	tranche_effectifs: '02',
	employeur: true,
	ess: true,
	date_creation: '1998-04-01',
	adresse: '1 rue de la Gare',
	code_postal: '57400',
	commune_code: '57630',
	lon: 7.05,
	lat: 48.73,
	precision: 'lambert93',
	tags: ['sport'],
	notes: null,
	source: 'sirene',
	source_id: '73282932000074'
};

describe.each(BACKENDS)('actor upserts on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openSeededTestDatabase>>;
	beforeAll(async () => {
		handle = await openSeededTestDatabase(backend, { territories: true });
		await syncNafSectors(handle.db, [{ division: '93', secteur: 'sport_loisirs' }]);
	});
	afterAll(async () => handle?.drop());

	it('inserts, then leaves identical rows untouched, then updates what changed', async () => {
		const noCoords: ActorUpsert = {
			...base,
			siret: null,
			siren: null,
			nom: 'Foyer rural',
			lon: null,
			lat: null,
			precision: null,
			source: 'csv',
			source_id: 'l2'
		};
		expect(await upsertActors(handle.db, [base, noCoords])).toEqual({ imported: 2, updated: 0, unchanged: 0 });
		expect(await upsertActors(handle.db, [base, noCoords])).toEqual({ imported: 0, updated: 0, unchanged: 2 });
		// Unchanged rows are left out before the INSERT: not even locked (a lock sets xmax and writes the page).
		const { rows: locked } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM actor WHERE xmax::text <> '0'`.execute(handle.db);
		expect(locked).toEqual([{ n: 0 }]);
		expect(await upsertActors(handle.db, [{ ...base, tranche_effectifs: '03' }, noCoords])).toEqual({
			imported: 0,
			updated: 1,
			unchanged: 1
		});
		const rows = await handle.db
			.selectFrom('actor')
			.select(['nom', 'secteur', 'precision', 'version', 'tranche_effectifs'])
			.orderBy('nom')
			.execute();
		expect(rows).toEqual([
			{ nom: 'Association sportive de Sarrebourg', secteur: 'sport_loisirs', precision: 'lambert93', version: 2, tranche_effectifs: '03' },
			{ nom: 'Foyer rural', secteur: 'sport_loisirs', precision: 'commune', version: 1, tranche_effectifs: '02' }
		]);
	});

	it('gives new actors ids in the order of their rows, among rows already stored', async () => {
		// Half the rows are already stored: the anti-join that leaves them out may hand the others
		// over in hash order; the ids still follow the rows (the file's lines).
		const rows = Array.from({ length: 40 }, (_, i) => ({
			...base,
			nom: `Club ${String(i).padStart(2, '0')}`,
			siret: null,
			siren: null,
			source: 'csv',
			source_id: `ordre-${String(i).padStart(2, '0')}`
		}));
		await upsertActors(
			handle.db,
			rows.filter((_, i) => i % 2 === 0)
		);
		expect(await upsertActors(handle.db, rows)).toEqual({ imported: 20, updated: 0, unchanged: 20 });
		const stored = await handle.db.selectFrom('actor').select('nom').where('source_id', 'like', 'ordre-%').orderBy('id').execute();
		const odd = rows.filter((_, i) => i % 2 === 1).map((r) => r.nom);
		expect(stored.map((r) => r.nom).filter((nom) => odd.includes(nom))).toEqual(odd);
	});

	it('places an actor without coordinates inside its commune', async () => {
		const { rows } = await sql<{ inside: boolean }>`
			SELECT ST_Within(a.geom, t.geom) AS inside FROM actor a JOIN territory t ON t.level = 'commune' AND t.code = a.commune_code
			WHERE a.precision = 'commune'`.execute(handle.db);
		expect(rows).toEqual([{ inside: true }]);
	});

	it('refuses an actor in a commune outside the territory', async () => {
		await expect(
			upsertActors(handle.db, [{ ...base, siret: '73282932000082', source_id: '73282932000082', commune_code: '54395' }])
		).rejects.toThrow(/foreign key|clé étrangère/i);
	});
});
