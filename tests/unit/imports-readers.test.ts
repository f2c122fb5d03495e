import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openCsv } from '../../src/lib/server/imports/csv';
import { detectTableFormat } from '../../src/lib/server/imports/detect';
import { ImportFileError } from '../../src/lib/server/imports/errors';
import { inspectImportFile } from '../../src/lib/server/imports/index';
import { detectDelimiter } from '../../src/lib/server/imports/sniff';
import type { OpenTable } from '../../src/lib/server/imports/table';
import { openXlsx } from '../../src/lib/server/imports/xlsx';
import { collect, encoded, ETABLISSEMENT_HEADER, PNG_BYTES, UNITE_LEGALE_HEADER } from '../fixtures/imports/builders';

async function rowsOf(table: Promise<OpenTable>) {
	const opened = await table;
	return { headers: opened.headers, info: opened.info, rows: await collect(opened.rows) };
}

async function fileError(open: () => Promise<unknown>): Promise<string> {
	try {
		const opened = await open();
		if (opened && typeof opened === 'object' && 'rows' in opened) await collect((opened as OpenTable).rows);
	} catch (error) {
		expect(error).toBeInstanceOf(ImportFileError);
		return (error as Error).message;
	}
	throw new Error('no error');
}

async function workbook(rows: unknown[][], sheets = 1): Promise<Buffer> {
	const book = new ExcelJS.Workbook();
	for (let s = 1; s <= sheets; s++) {
		const sheet = book.addWorksheet(`Feuille ${s}`);
		for (const row of rows) sheet.addRow(s === 1 ? row : row.map((v) => (typeof v === 'string' ? `${v} (f${s})` : v)));
	}
	return Buffer.from(await book.xlsx.writeBuffer());
}

describe('CSV reader', () => {
	it('gives the physical line where each row starts: BOM, CRLF, quoted line breaks, blank lines', async () => {
		const text = [
			'\uFEFFnom;commune;note', // 1
			'"Asso ""Les Amis""";Metz;"première ligne', // 2
			'deuxième ligne', // 3
			'troisième"', // 4
			'', // 5
			';;', // 6: only separators, left out
			'Cojep;Metz;"a\nb"', // 7 (LF inside a CRLF file)
			'Tiers-Lieu;Thionville;ok' // 9
		].join('\r\n');
		const { headers, info, rows } = await rowsOf(openCsv(encoded(text + '\r\n'), { fileName: 'suivi.csv' }));
		expect(headers).toEqual(['nom', 'commune', 'note']);
		expect(info).toEqual({ container: 'csv', encoding: 'utf-8', delimiter: ';' });
		expect(rows.map((r) => [r.line, r.record.nom])).toEqual([
			[2, 'Asso "Les Amis"'],
			[7, 'Cojep'],
			[9, 'Tiers-Lieu']
		]);
		expect(rows[0].record.note).toBe('première ligne\r\ndeuxième ligne\r\ntroisième');
	});

	it('decodes Windows-1252 when the bytes are not UTF-8 (é = 0xE9)', async () => {
		const bytes = encoded('nom,commune\nCafé associatif,Créhange\n', 'windows-1252');
		expect(bytes.includes(0xe9)).toBe(true);
		const { info, rows } = await rowsOf(openCsv(bytes));
		expect(info.encoding).toBe('windows-1252');
		expect(info.delimiter).toBe(',');
		expect(rows[0].record).toEqual({ nom: 'Café associatif', commune: 'Créhange' });
	});

	it('reads Excel’s « Texte Unicode » (UTF-16, tabs) and a stream', async () => {
		const { info, rows } = await rowsOf(
			openCsv(Readable.from([encoded('\uFEFFnom\tcommune\nÉcole de musique\tSarreguemines\n', 'utf-16le')]))
		);
		expect(info).toMatchObject({ encoding: 'utf-16le', delimiter: '\t' });
		expect(rows[0].record.nom).toBe('École de musique');
	});

	it('rejects the rows it cannot trust, and only them', async () => {
		const ascii = 'x'.repeat(100);
		const head = Array.from({ length: 12_000 }, (_, i) => `${ascii},${i}`).join('\n');
		// UTF-8 was decided on the first megabyte; a Windows-1252 byte comes after it.
		const bytes = Buffer.concat([encoded(`nom,n\n${head}\n`), encoded('Café,1\nfin,2,trop\n', 'windows-1252')]);
		const { info, rows } = await rowsOf(openCsv(bytes));
		expect(info.encoding).toBe('utf-8');
		expect(rows).toHaveLength(12_002);
		expect(rows[12_000]).toMatchObject({ line: 12_002, problem: expect.stringMatching(/mélange des encodages/) });
		expect(rows[12_001]).toMatchObject({
			line: 12_003,
			problem: '3 valeurs pour 2 colonnes d’en-tête : séparateur dans une valeur sans guillemets, ou guillemet mal fermé ?'
		});
		expect(rows.slice(0, 12_000).every((r) => !r.problem)).toBe(true);
	});

	it('names duplicate and blank headers so that no column is lost', async () => {
		const { headers, rows } = await rowsOf(openCsv(encoded('nom;;nom\na;b;c\n')));
		expect(headers).toEqual(['nom', 'colonne 2', 'nom (2)']);
		expect(rows[0].record).toEqual({ nom: 'a', 'colonne 2': 'b', 'nom (2)': 'c' });
	});

	it('refuses with one clear message a file that is not a usable CSV', async () => {
		expect(await fileError(() => openCsv(PNG_BYTES, { fileName: 'structures.csv' }))).toBe(
			'« structures.csv » n’est pas un fichier CSV : c’est une image PNG'
		);
		expect(await fileError(() => openCsv(Buffer.alloc(0), { fileName: 'vide.csv' }))).toBe('« vide.csv » est vide');
		expect(await fileError(() => openCsv(encoded('\uFEFF\r\n\r\n'), { fileName: 'vide.csv' }))).toBe('« vide.csv » est vide');
		expect(await fileError(() => openCsv(encoded('siret;nom\r\n'), { fileName: 'entete.csv' }))).toBe(
			'« entete.csv » ne contient que la ligne d’en-tête : aucune donnée à importer'
		);
		const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256));
		expect(await fileError(() => openCsv(binary, { fileName: 'export.csv' }))).toMatch(/n’est pas un fichier texte/);
		const book = await workbook([['nom'], ['a']]);
		expect(await fileError(() => openCsv(book, { fileName: 'classeur.csv' }))).toBe(
			'« classeur.csv » n’est pas un fichier CSV : son contenu est celui d’un classeur Excel .xlsx'
		);
		expect(await fileError(() => openCsv(encoded('nom;note\na;"ouvert\nb;c\n'), { fileName: 'guillemet.csv' }))).toMatch(
			/^« guillemet\.csv » : CSV illisible \(Quote Not Closed/
		);
	});

	it('guesses the separator from the header, outside quotes', () => {
		expect(detectDelimiter('"nom, prénom";ville;cp\n')).toBe(';');
		expect(detectDelimiter('siren,nic,siret\n')).toBe(',');
		expect(detectDelimiter('a\tb\tc;d\n')).toBe('\t');
		expect(detectDelimiter('nom\nx\n')).toBe(',');
	});
});

describe('XLSX reader', () => {
	it('gives the rows of the first sheet with their row numbers and cells as text', async () => {
		const bytes = await workbook([
			['Nom', 'Date de création', 'SIRET', 'Code postal', 'Employeur'],
			[],
			['Cojep', new Date(Date.UTC(2005, 0, 31)), 35600000000010, 57000, true],
			[{ richText: [{ text: 'Asso ' }, { text: 'riche' }] }, '15/04/1998', { formula: '"1"&"2"', result: '12' }, 5000, false]
		]);
		const { headers, info, rows } = await rowsOf(openXlsx(bytes, { fileName: 'acteurs.xlsx' }));
		expect(info.container).toBe('xlsx');
		expect(headers).toEqual(['Nom', 'Date de création', 'SIRET', 'Code postal', 'Employeur']);
		expect(rows).toEqual([
			{
				line: 3,
				record: { Nom: 'Cojep', 'Date de création': '2005-01-31', SIRET: '35600000000010', 'Code postal': '57000', Employeur: 'oui' }
			},
			{ line: 4, record: { Nom: 'Asso riche', 'Date de création': '15/04/1998', SIRET: '12', 'Code postal': '5000', Employeur: 'non' } }
		]);
	});

	it('reads another sheet when asked', async () => {
		const twoSheets = await workbook([['Nom'], ['A']], 2);
		expect((await rowsOf(openXlsx(twoSheets))).rows).toEqual([{ line: 2, record: { Nom: 'A' } }]);
		expect((await rowsOf(openXlsx(twoSheets, { sheet: 2 }))).rows).toEqual([{ line: 2, record: { 'Nom (f2)': 'A (f2)' } }]);
		expect(await fileError(() => openXlsx(twoSheets, { sheet: 3 }))).toBe('le fichier n’a pas de feuille n° 3');
		expect(await fileError(() => openXlsx(encoded('nom;cp\na;1\n'), { fileName: 'faux.xlsx' }))).toBe(
			'« faux.xlsx » n’est pas un classeur Excel .xlsx : son contenu est celui d’un fichier CSV'
		);
		const truncated = (await workbook([['Nom'], ['A']])).subarray(0, 300);
		expect(await fileError(() => openXlsx(truncated, { fileName: 'coupé.xlsx' }))).toMatch(/classeur illisible|n’est pas un classeur/);
	});
});

describe('format detection', () => {
	it('recognises SIRENE, RNA and accompaniment files from their header', () => {
		expect(detectTableFormat(ETABLISSEMENT_HEADER, 'csv')).toBe('sirene');
		expect(detectTableFormat(UNITE_LEGALE_HEADER, 'csv')).toBe('sirene_unite_legale');
		expect(detectTableFormat(['id', 'id_ex', 'siret', 'titre', 'objet', 'adrs_codeinsee', 'position'], 'csv')).toBe('rna');
		expect(detectTableFormat(['SIRET', 'Stage', 'date_accueil'], 'xlsx')).toBe('accompaniments');
		expect(detectTableFormat(['actor_id', 'stage'], 'csv')).toBe('accompaniments');
		expect(detectTableFormat(['Nom', 'SIRET', 'Commune'], 'xlsx')).toBe('xlsx');
	});

	it('inspects a file: container, format, encoding, proposed mapping and first rows', async () => {
		const inspection = await inspectImportFile(
			encoded('Raison sociale;N° SIRET;Code postal;Ville\nCafé,Metz;x;57000;Metz\nB;y;57100;Thionville\n', 'windows-1252'),
			{ fileName: 'partenaires.csv', sampleSize: 1 }
		);
		expect(inspection).toMatchObject({ container: 'csv', format: 'csv', encoding: 'windows-1252', delimiter: ';' });
		expect(inspection.mapping).toEqual({ nom: 'Raison sociale', siret: 'N° SIRET', code_postal: 'Code postal', commune: 'Ville' });
		expect(inspection.sample).toEqual([
			{ line: 2, record: { 'Raison sociale': 'Café,Metz', 'N° SIRET': 'x', 'Code postal': '57000', Ville: 'Metz' } }
		]);
	});
});
