import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { mapAccompanimentRow, accompanimentColumns, readAccompanimentsFile } from '../../src/lib/server/imports/accompaniments';
import { mapRnaRow, readRnaFile } from '../../src/lib/server/imports/rna';
import { badSiret, collect, csvText, encoded, sirenOf, siretOf } from '../fixtures/imports/builders';

const RNA_HEADER = [
	'id',
	'id_ex',
	'siret',
	'rup_mi',
	'gestion',
	'date_creat',
	'date_decla',
	'date_publi',
	'date_disso',
	'nature',
	'groupement',
	'titre',
	'titre_court',
	'objet',
	'objet_social1',
	'objet_social2',
	'adrs_complement',
	'adrs_numvoie',
	'adrs_repetition',
	'adrs_typevoie',
	'adrs_libvoie',
	'adrs_distrib',
	'adrs_codeinsee',
	'adrs_codepostal',
	'adrs_libcommune',
	'adrg_declarant',
	'dir_civilite',
	'siteweb',
	'publiweb',
	'observation',
	'position',
	'maj_time'
];
const territory = { communeCodes: new Set(['54395', '54547']) };

function rnaRow(values: Record<string, string> = {}): Record<string, string> {
	return {
		...Object.fromEntries(RNA_HEADER.map((c) => [c, ''])),
		id: 'W543000123',
		date_creat: '2009-05-12',
		date_disso: '0001-01-01',
		nature: 'D',
		groupement: 'S',
		titre: 'JARDINS PARTAGÉS DE NANCY',
		titre_court: 'JPN',
		objet: 'créer et animer des jardins partagés',
		adrs_numvoie: '3',
		adrs_typevoie: 'RUE',
		adrs_libvoie: 'des Carmes',
		adrs_codeinsee: '54395',
		adrs_codepostal: '54000',
		adrs_libcommune: 'Nancy',
		position: 'A',
		...values
	};
}

describe('RNA rows', () => {
	it('turns an active association into an actor', () => {
		expect(mapRnaRow(rnaRow(), 2, territory)).toMatchObject({
			ok: true,
			value: {
				kind: 'structure_ess',
				nom: 'JARDINS PARTAGÉS DE NANCY',
				sigle: 'JPN',
				rna: 'W543000123',
				siret: null,
				categorie_juridique: '9220',
				famille_juridique: 'association',
				date_creation: '2009-05-12',
				adresse: '3 RUE des Carmes',
				commune_code: '54395',
				precision: 'commune',
				notes: 'Objet (RNA) : créer et animer des jardins partagés',
				source: 'rna',
				source_id: 'W543000123'
			}
		});
	});

	it('skips dissolved, deleted and outside associations', () => {
		expect(mapRnaRow(rnaRow({ position: 'D' }), 2, territory)).toEqual({ skipped: 'dissoute' });
		expect(mapRnaRow(rnaRow({ date_disso: '2021-09-30' }), 2, territory)).toEqual({ skipped: 'dissoute' });
		expect(mapRnaRow(rnaRow({ position: 'S' }), 2, territory)).toEqual({ skipped: 'supprimée' });
		expect(mapRnaRow(rnaRow({ adrs_codeinsee: '57463' }), 2, territory)).toEqual({ skipped: 'hors territoire' });
	});

	it('keeps a valid SIRET, drops a wrong one, reads RUP, droit local and federations', () => {
		const siret = siretOf(sirenOf(77777777));
		expect(mapRnaRow(rnaRow({ siret }), 2, territory)).toMatchObject({ ok: true, value: { siret } });
		expect(mapRnaRow(rnaRow({ siret: badSiret(siret) }), 2, territory)).toMatchObject({ ok: true, value: { siret: null } });
		expect(mapRnaRow(rnaRow({ rup_mi: 'D-1234' }), 2, territory)).toMatchObject({ ok: true, value: { categorie_juridique: '9230' } });
		expect(mapRnaRow(rnaRow({ adrs_codeinsee: '57463' }), 2, { communeCodes: new Set(['57463']) })).toMatchObject({
			ok: true,
			value: { categorie_juridique: '9260' }
		});
		expect(mapRnaRow(rnaRow({ groupement: 'F' }), 2, territory)).toMatchObject({ ok: true, value: { tags: ['fédération'] } });
	});

	it('rejects a malformed RNA number with its column', () => {
		expect(mapRnaRow(rnaRow({ id: 'W54300012' }), 5, territory)).toEqual({
			ok: false,
			errors: [{ line: 5, column: 'id', reason: 'numéro RNA « W54300012 » : W suivi de 9 caractères attendu (ex. W572001234)' }]
		});
	});

	it('streams a waldec file with `;`, skipping and rejecting duplicates', async () => {
		const rows = [
			rnaRow(),
			rnaRow({ id: 'W543000124', position: 'D' }),
			rnaRow(),
			rnaRow({ id: 'W545000001', titre: 'FOYER RURAL', adrs_codeinsee: '54547' })
		];
		const outcomes = await collect(
			readRnaFile(encoded(csvText(rows, { header: RNA_HEADER, delimiter: ';' }), 'windows-1252'), {
				...territory,
				fileName: 'rna_waldec_54.csv'
			})
		);
		expect(outcomes.map((o) => [o.line, 'skipped' in o.result ? o.result.skipped : o.result.ok])).toEqual([
			[2, true],
			[3, 'dissoute'],
			[4, false],
			[5, true]
		]);
		expect(outcomes[2].result).toEqual({
			ok: false,
			errors: [{ line: 4, column: 'id', reason: 'doublon : numéro RNA W543000123 déjà présent ligne 2' }]
		});
		expect(outcomes[0].result).toMatchObject({ ok: true, value: { nom: 'JARDINS PARTAGÉS DE NANCY' } });
	});
});

describe('accompaniment rows', () => {
	const siret = siretOf(sirenOf(12345678));
	const header = [
		'siret',
		'actor_id',
		'stage',
		'date_accueil',
		'date_diagnostic',
		'date_plan',
		'date_ingenierie',
		'date_suivi',
		'ingenierie_type',
		'themes',
		'prestataire',
		'budget_eur',
		'jours',
		'emplois_cdi',
		'emplois_cdd',
		'emplois_consolides',
		'next_followup',
		'notes'
	];

	it('reads French dates, amounts and themes and derives a stable identifier', () => {
		const columns = accompanimentColumns(header);
		const record = Object.fromEntries(header.map((h) => [h, '']));
		Object.assign(record, {
			siret,
			stage: 'ingenierie',
			date_accueil: '12/01/2024',
			date_diagnostic: '20/02/2024',
			date_ingenierie: '02/04/2024',
			ingenierie_type: 'individuelle',
			themes: 'Numérique;Projet & stratégie',
			budget_eur: '3 200,50',
			jours: '4,5'
		});
		expect(mapAccompanimentRow(record, 3, columns)).toMatchObject({
			ok: true,
			value: {
				siret,
				stage: 'ingenierie',
				date_accueil: '2024-01-12',
				date_ingenierie: '2024-04-02',
				themes: ['Numérique', 'Projet & stratégie'],
				budget_eur: 3200.5,
				jours: 4.5,
				source_id: `${siret}:2024-01-12`
			}
		});
	});

	it('finds its columns by French names too', () => {
		expect([...accompanimentColumns(['SIRET', 'Étape', 'Date accueil', 'Budget', 'Identifiant']).entries()]).toEqual([
			['stage', 'Étape'],
			['date_accueil', 'Date accueil'],
			['budget_eur', 'Budget'],
			['siret', 'SIRET'],
			['source_id', 'Identifiant']
		]);
	});

	it('streams a tracking sheet with errors reported on the right line and column', async () => {
		const rows = (
			[
				{ siret, stage: 'accueil', date_accueil: '2024-01-12' },
				{ siret: badSiret(siret), stage: 'accueil', date_accueil: '2024-01-15' },
				{ siret, stage: 'diagnostic', date_accueil: '2024-03-01', date_diagnostic: '31/02/2024', notes: 'RDV\nà recaler' },
				{ actor_id: '12', stage: 'plan', date_accueil: '2024-02-01', date_plan: '2024-01-01' },
				{ siret, stage: 'accueil', date_accueil: '12/01/2024' }
			] as Record<string, string>[]
		).map((r) => ({ ...Object.fromEntries(header.map((h) => [h, ''])), ...r }));
		const outcomes = await collect(
			readAccompanimentsFile(encoded(csvText(rows, { header, delimiter: ';', bom: true })), { fileName: 'suivi-2024.csv' })
		);
		expect(outcomes.map((o) => (o.result as { errors?: unknown }).errors ?? 'ok')).toEqual([
			'ok',
			[{ line: 3, column: 'siret', reason: `SIRET « ${badSiret(siret)} » : clé de contrôle (Luhn) du SIRET invalide` }],
			[{ line: 4, column: 'date_diagnostic', reason: 'date du diagnostic : « 31/02/2024 » n’existe pas dans le calendrier' }],
			[
				{
					line: 6,
					column: 'date_plan',
					reason: 'date_plan (2024-01-01) antérieure à date_accueil (2024-02-01) : les étapes se suivent dans le temps'
				}
			],
			[{ line: 7, column: null, reason: `doublon : parcours ${siret}:2024-01-12 déjà présent ligne 2` }]
		]);
	});

	it('reads an XLSX tracking sheet with real dates', async () => {
		const book = new ExcelJS.Workbook();
		const sheet = book.addWorksheet('Suivi');
		sheet.addRow(['SIRET', 'Stage', 'Date_accueil', 'Date_suivi', 'Emplois_CDI']);
		sheet.addRow([Number(siret), 'Suivi / consolidation', new Date(Date.UTC(2023, 8, 4)), new Date(Date.UTC(2024, 2, 1)), 3]);
		const outcomes = await collect(readAccompanimentsFile(Buffer.from(await book.xlsx.writeBuffer()), { fileName: 'suivi.xlsx' }));
		expect(outcomes).toMatchObject([
			{
				line: 2,
				result: { ok: true, value: { siret, stage: 'suivi', date_accueil: '2023-09-04', date_suivi: '2024-03-01', emplois_cdi: 3 } }
			}
		]);
	});

	it('refuses a file without stage or structure column', async () => {
		await expect(collect(readAccompanimentsFile(encoded('nom;date\na;b\n'), { fileName: 'x.csv' }))).rejects.toThrow(
			'« x.csv » : colonne stage, siret ou actor_id absente (fichier d’accompagnements attendu)'
		);
	});
});
