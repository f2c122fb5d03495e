// Imports, database phase, on both backends: counts, idempotence, updates, dry runs, rejections
// kept with their line, accompaniments linked by SIRET, and a file that is not what it claims.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../src/lib/server/importer';
import { ImportFileError } from '../../src/lib/server/imports/index';
import { syncNafSectors } from '../../src/lib/server/queries/actors';
import { sectorDivisions } from '../../src/lib/server/reference';
import { badSiret, csvText, encoded, PNG_BYTES, sirenOf, sireneRow, siretOf } from '../fixtures/imports/builders';
import { BACKENDS, openSeededTestDatabase } from '../helpers/backends';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maillage-import-'));
function file(name: string, content: string | Buffer): string {
	const p = path.join(dir, name);
	fs.writeFileSync(p, content);
	return p;
}

const s1 = sirenOf(11111111);
const s2 = sirenOf(22222222);
const s3 = sirenOf(33333333);
const rows = [
	sireneRow({
		siren: s1,
		siret: siretOf(s1),
		denominationUniteLegale: 'FOYER RURAL DE BITCHE',
		codeCommuneEtablissement: '57089',
		codePostalEtablissement: '57230',
		coordonneeLambertAbscisseEtablissement: '[ND]',
		coordonneeLambertOrdonneeEtablissement: '[ND]'
	}),
	sireneRow({
		siren: s2,
		siret: siretOf(s2),
		denominationUniteLegale: 'THEATRE DE SARREBOURG',
		activitePrincipaleEtablissement: '90.01Z',
		codeCommuneEtablissement: '57630',
		codePostalEtablissement: '57400'
	}),
	sireneRow({ siren: s3, siret: siretOf(s3), denominationUniteLegale: 'ASSOCIATION FERMEE', etatAdministratifEtablissement: 'F' }),
	sireneRow({
		siren: sirenOf(44444444),
		siret: siretOf(sirenOf(44444444)),
		denominationUniteLegale: 'SARL PAS ESS',
		categorieJuridiqueUniteLegale: '5499',
		economieSocialeSolidaireUniteLegale: 'N'
	}),
	sireneRow({
		siren: sirenOf(55555555),
		siret: siretOf(sirenOf(55555555)),
		denominationUniteLegale: 'ASSO DE NANCY',
		codeCommuneEtablissement: '54395',
		codePostalEtablissement: '54000'
	}),
	sireneRow({ siren: sirenOf(66666666), siret: badSiret(siretOf(sirenOf(66666666))), denominationUniteLegale: 'MAUVAIS SIRET' }),
	sireneRow({
		siren: s2,
		siret: siretOf(s2),
		denominationUniteLegale: 'THEATRE DE SARREBOURG (DOUBLON)',
		codeCommuneEtablissement: '57630'
	})
];

describe.each(BACKENDS)('imports into the database on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openSeededTestDatabase>>;
	const options = { departement: '57', fileName: 'sirene.csv' };
	beforeAll(async () => {
		handle = await openSeededTestDatabase(backend, { territories: true });
		await syncNafSectors(handle.db, await sectorDivisions('data'));
	});
	afterAll(async () => handle?.drop());

	it('imports a SIRENE file: keeps active ESS establishments of the territory, says why for the rest', async () => {
		const path1 = file(`sirene-${backend}.csv`, encoded(csvText(rows, { delimiter: ';', bom: true })));
		const dry = await runImport(handle.db, path1, { ...options, dryRun: true });
		expect(dry.summary).toMatchObject({ read: 7, imported: 2, rejected: 2 });
		expect(await handle.db.selectFrom('actor').select('id').where('source', '=', 'sirene').execute()).toEqual([]);

		const actorIndexes = async () =>
			(await sql<{ d: string }>`SELECT indexdef AS d FROM pg_indexes WHERE tablename = 'actor' ORDER BY indexname`.execute(handle.db)).rows;
		const indexesBefore = await actorIndexes();
		const existing = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM actor`.execute(handle.db)).rows[0].n;
		const first = await runImport(handle.db, path1, options);
		// A load larger than the table is written without its secondary indexes, rebuilt the same.
		expect(existing).toBeLessThan(first.summary.imported);
		expect(await actorIndexes()).toEqual(indexesBefore);
		expect(first.format).toBe('sirene');
		expect(first.summary).toMatchObject({ read: 7, imported: 2, updated: 0, unchanged: 0, skipped: 3, rejected: 2 });
		expect(first.summary.skippedByReason).toMatchObject({ fermé: 1, 'hors ESS': 1, 'hors territoire': 1 });
		// Lines count the header: data row n is on line n + 1.
		expect(first.rejections).toEqual([
			expect.objectContaining({ line: 7, column: 'siret', reason: expect.stringMatching(/Luhn/) }),
			expect.objectContaining({ line: 8, column: 'siret', reason: expect.stringMatching(/doublon.*ligne 3/) })
		]);
		const stored = await handle.db
			.selectFrom('import_rejection')
			.selectAll()
			.where('import_run_id', '=', first.runId!)
			.orderBy('line')
			.execute();
		expect(stored.map((r) => [r.line, r.column_name])).toEqual([
			[7, 'siret'],
			[8, 'siret']
		]);

		const actors = await handle.db
			.selectFrom('actor')
			.select(['nom', 'precision', 'secteur', 'famille_juridique'])
			.where('source', '=', 'sirene')
			.orderBy('nom')
			.execute();
		expect(actors).toEqual([
			{ nom: 'FOYER RURAL DE BITCHE', precision: 'commune', secteur: 'social_sans_hebergement', famille_juridique: 'association' },
			{ nom: 'THEATRE DE SARREBOURG', precision: 'lambert93', secteur: 'culture', famille_juridique: 'association' }
		]);
	});

	it('leaves planner statistics for the imported actors: no waiting for autovacuum (off on CI, absent from PGlite)', async () => {
		const stats = await sql<{ reltuples: number; columns: number; actors: number }>`
			SELECT (SELECT reltuples FROM pg_class WHERE oid = 'actor'::regclass)::float8 AS reltuples,
				(SELECT count(*) FROM pg_stats WHERE schemaname = 'public' AND tablename = 'actor')::int AS columns,
				(SELECT count(*) FROM actor)::int AS actors`.execute(handle.db);
		expect(stats.rows[0].actors).toBeGreaterThan(0);
		expect(stats.rows[0].reltuples).toBe(stats.rows[0].actors);
		expect(stats.rows[0].columns).toBeGreaterThan(10);
	});

	it('is idempotent, and a newer file updates what changed without duplicating', async () => {
		const again = await runImport(handle.db, file(`sirene-again-${backend}.csv`, csvText(rows, { delimiter: ';' })), options);
		expect(again.summary).toMatchObject({ imported: 0, updated: 0, unchanged: 2 });
		const newer = rows.map((r) => (r.siren === s2 ? { ...r, trancheEffectifsEtablissement: '12' } : r));
		const update = await runImport(handle.db, file(`sirene-newer-${backend}.csv`, csvText(newer, { delimiter: ',' })), options);
		expect(update.summary).toMatchObject({ imported: 0, updated: 1, unchanged: 1 });
		expect(await handle.db.selectFrom('actor').select('siret').where('source', '=', 'sirene').execute()).toHaveLength(2);
	});

	it('imports accompaniments linked by SIRET, with dd/mm/yyyy dates, and rejects unknown structures', async () => {
		const csv = [
			'siret;stage;date_accueil;date_diagnostic;themes;budget_eur',
			`${siretOf(s2)};diagnostic;12/03/2025;02/04/2025;Numérique;1 500,50`,
			`${siretOf(s3)};accueil;2025-01-10;;;`
		].join('\r\n');
		const result = await runImport(handle.db, file(`acc-${backend}.csv`, csv), { ...options, fileName: 'accompagnements.csv' });
		expect(result.format).toBe('accompaniments');
		expect(result.summary).toMatchObject({ read: 2, imported: 1, rejected: 1 });
		expect(result.rejections[0]).toMatchObject({ line: 3, column: 'siret' });
		const saved = await handle.db.selectFrom('accompaniment').select(['stage', 'date_diagnostic', 'budget_eur', 'themes']).execute();
		expect(saved).toEqual([{ stage: 'diagnostic', date_diagnostic: '2025-04-02', budget_eur: 1500.5, themes: ['Numérique'] }]);
	});

	it('journals the steps of imported parcours from their stage dates, once, keeping re-imports idempotent', async () => {
		const steps = async () =>
			(
				await handle.db
					.selectFrom('accompaniment_step as st')
					.innerJoin('accompaniment as ac', 'ac.id', 'st.accompaniment_id')
					.select(['st.stage', 'st.date'])
					.where('ac.source', '=', 'csv')
					.orderBy('st.date')
					.orderBy('st.id')
					.execute()
			).map((r) => `${r.stage} ${r.date}`);
		// The parcours of the previous test: accueil and diagnostic dated.
		expect(await steps()).toEqual(['accueil 2025-03-12', 'diagnostic 2025-04-02']);
		const ended = [
			'siret;stage;date_accueil;date_diagnostic;date_fin;themes;budget_eur',
			`${siretOf(s2)};abandon;12/03/2025;02/04/2025;20/05/2025;Numérique;1 500,50`
		].join('\r\n');
		const options2 = { ...options, fileName: 'accompagnements.csv' };
		const result = await runImport(handle.db, file(`acc-ended-${backend}.csv`, ended), options2);
		expect(result.summary).toMatchObject({ updated: 1 });
		// The end joins the journal; the stages already there are not repeated.
		expect(await steps()).toEqual(['accueil 2025-03-12', 'diagnostic 2025-04-02', 'abandon 2025-05-20']);
		const again = await runImport(handle.db, file(`acc-ended-again-${backend}.csv`, ended), options2);
		expect(again.summary).toMatchObject({ unchanged: 1 });
		expect(await steps()).toHaveLength(3);
	});

	it('refuses a file that is not what it claims, with one clear error, and writes nothing', async () => {
		const before = await handle.db.selectFrom('actor').select('id').execute();
		await expect(runImport(handle.db, file(`image-${backend}.csv`, PNG_BYTES), options)).rejects.toBeInstanceOf(ImportFileError);
		expect(await handle.db.selectFrom('actor').select('id').execute()).toHaveLength(before.length);
	});
});
