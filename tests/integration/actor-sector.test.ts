// A sector given explicitly by a file (« secteur » column, code or label) is imported, wins over
// the one of the NAF code, and is kept by later imports and by the start-time re-derivation
// (issue 12, item 10). Without it, the sector follows the NAF code, as before.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../src/lib/server/importer';
import { syncNafSectors, updateActor } from '../../src/lib/server/queries/actors';
import { sectorDivisions } from '../../src/lib/server/reference';
import { csvText, sirenOf, sireneRow, siretOf } from '../fixtures/imports/builders';
import { BACKENDS, openTestDatabase } from '../helpers/backends';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maillage-sector-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
function file(name: string, content: string): string {
	const p = path.join(dir, name);
	fs.writeFileSync(p, content);
	return p;
}

const [sA, sB, sC] = [sirenOf(10101010), sirenOf(20202020), sirenOf(30303030)];
const generic = (rows: Record<string, string>[]) =>
	csvText(rows, { delimiter: ';', header: ['Nom', 'SIRET', 'Code commune', 'NAF', 'Secteur'] });

describe.each(BACKENDS)('an explicit sector on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openTestDatabase>>;
	const options = { departement: '57', fileName: 'partenaires.csv', format: 'csv' as const };
	const sectors = async () =>
		Object.fromEntries(
			(
				await handle.db.selectFrom('actor').select(['nom', 'secteur', 'secteur_source']).where('source', 'in', ['csv', 'sirene']).execute()
			).map((a) => [a.nom, `${a.secteur} (${a.secteur_source})`])
		);
	beforeAll(async () => {
		handle = await openTestDatabase(backend);
		// One commune is enough for these actors: they are placed at its label point.
		await sql`INSERT INTO territory (level, code, nom, departement_code, label_point) VALUES ('commune', '57463', 'Metz', '57', ST_SetSRID(ST_MakePoint(6.1757, 49.1193), 4326))`.execute(
			handle.db
		);
		await syncNafSectors(handle.db, await sectorDivisions('data'));
	}, 600_000);
	afterAll(async () => handle?.drop());

	it('is imported by a generic CSV, by code or label, and wins over the NAF code', { timeout: 300_000 }, async () => {
		const result = await runImport(
			handle.db,
			file(
				`a-${backend}.csv`,
				generic([
					{ Nom: 'Sans NAF', SIRET: siretOf(sA), 'Code commune': '57463', NAF: '', Secteur: 'culture' },
					{ Nom: 'Club mal classé', SIRET: siretOf(sB), 'Code commune': '57463', NAF: '88.99B', Secteur: 'Sports & loisirs' },
					{ Nom: 'Théâtre', SIRET: siretOf(sC), 'Code commune': '57463', NAF: '90.01Z', Secteur: '' },
					{ Nom: 'Inconnu', SIRET: '', 'Code commune': '57463', NAF: '', Secteur: 'piraterie' }
				])
			),
			options
		);
		expect(result.summary).toMatchObject({ read: 4, imported: 3, rejected: 1 });
		expect(result.rejections).toEqual([expect.objectContaining({ line: 5, column: 'Secteur', reason: 'secteur « piraterie » inconnu' })]);
		expect(await sectors()).toEqual({
			'Sans NAF': 'culture (explicite)',
			'Club mal classé': 'sport_loisirs (explicite)',
			Théâtre: 'culture (naf)'
		});
	});

	it('is kept by the start-time re-derivation of sectors and by a re-import without it', { timeout: 300_000 }, async () => {
		// The NAF → sector table is edited: division 88 and 90 now in other sectors.
		const divisions = (await sectorDivisions('data')).map((d) =>
			d.division === '88' ? { ...d, secteur: 'sante' } : d.division === '90' ? { ...d, secteur: 'sport_loisirs' } : d
		);
		expect(await syncNafSectors(handle.db, divisions)).toBe(1);
		expect(await sectors()).toMatchObject({ 'Club mal classé': 'sport_loisirs (explicite)', Théâtre: 'sport_loisirs (naf)' });
		await syncNafSectors(handle.db, await sectorDivisions('data'));

		// SIRENE brings the club's NAF code again; the same partner file without the sector too.
		const sirene = await runImport(
			handle.db,
			file(
				`sirene-${backend}.csv`,
				csvText(
					[
						sireneRow({
							siren: sB,
							siret: siretOf(sB),
							denominationUniteLegale: 'Club mal classé',
							activitePrincipaleEtablissement: '88.99B'
						})
					],
					{ delimiter: ';' }
				)
			),
			{ departement: '57', fileName: 'sirene.csv' }
		);
		expect(sirene.summary).toMatchObject({ read: 1, rejected: 0 });
		const again = await runImport(
			handle.db,
			file(`b-${backend}.csv`, generic([{ Nom: 'Sans NAF', SIRET: siretOf(sA), 'Code commune': '57463', NAF: '', Secteur: '' }])),
			options
		);
		expect(again.summary).toMatchObject({ read: 1, unchanged: 1 });
		expect(await sectors()).toEqual({
			'Sans NAF': 'culture (explicite)',
			'Club mal classé': 'sport_loisirs (explicite)',
			Théâtre: 'culture (naf)'
		});

		// A file that states another sector is the newer word.
		const changed = await runImport(
			handle.db,
			file(
				`c-${backend}.csv`,
				generic([{ Nom: 'Sans NAF', SIRET: siretOf(sA), 'Code commune': '57463', NAF: '', Secteur: 'Enseignement & formation' }])
			),
			options
		);
		expect(changed.summary).toMatchObject({ read: 1, updated: 1 });
		expect((await sectors())['Sans NAF']).toBe('enseignement (explicite)');
	});

	it('an edit without a sector gives the actor back to its NAF code', { timeout: 300_000 }, async () => {
		const club = await handle.db.selectFrom('actor').selectAll().where('siret', '=', siretOf(sB)).executeTakeFirstOrThrow();
		const edit = { ...club, lon: null, lat: null, precision: null, secteur: null, tags: club.tags };
		expect(await updateActor(handle.db, club.id, club.version, edit)).toBe(club.version + 1);
		expect((await sectors())['Club mal classé']).toBe('social_sans_hebergement (naf)');
		expect(await updateActor(handle.db, club.id, club.version + 1, { ...edit, secteur: 'culture' })).toBe(club.version + 2);
		expect((await sectors())['Club mal classé']).toBe('culture (explicite)');
	});
});
