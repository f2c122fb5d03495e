import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCommuneDirectory, loadCommuneDirectory, resolveCommune, type CommuneDirectory } from '../../src/lib/server/imports/communes';
import { guessMapping, mapGenericRow, mappingProblems, readGenericFile, type GenericOptions } from '../../src/lib/server/imports/generic';
import { readGeoJsonFile } from '../../src/lib/server/imports/geojson';
import { readActorsFile } from '../../src/lib/server/imports/index';
import { RejectionReport, rejectionsOf, writeRejectionReport } from '../../src/lib/server/imports/rejections';
import { badSiret, collect, csvText, encoded, PNG_BYTES, sirenOf, siretOf } from '../fixtures/imports/builders';

let moselle: CommuneDirectory;
beforeAll(async () => {
	moselle = await loadCommuneDirectory('57');
});

describe('communes of the territory', () => {
	it('knows the 725 communes of Moselle and their former codes', () => {
		expect(moselle.codes.size).toBe(725);
		expect(moselle.aliases.get('57185')).toBe('57606');
	});

	it('finds a commune from what a spreadsheet holds', () => {
		expect(resolveCommune(moselle, 'METZ', '57000')).toEqual({ ok: true, code: '57463' });
		expect(resolveCommune(moselle, 'St-Avold', null)).toEqual({ ok: true, code: '57606' });
		expect(resolveCommune(moselle, null, '57500')).toEqual({ ok: true, code: '57606' });
		expect(resolveCommune(moselle, 'Forbach', '57600')).toEqual({ ok: true, code: '57227' });
		expect(resolveCommune(moselle, null, '57050')).toMatchObject({ ok: false, reason: 'ambigu' });
		expect(resolveCommune(moselle, 'Nancy', '54000')).toEqual({ ok: false, reason: 'hors territoire' });
		expect(resolveCommune(moselle, 'Atlantis', null)).toEqual({ ok: false, reason: 'introuvable' });
	});

	it('follows a delegated commune to its current commune', () => {
		const directory = buildCommuneDirectory([
			{ code: '57209', nom: 'Faulquemont', type: 'commune-actuelle', codesPostaux: ['57380'] },
			{ code: '57135', nom: 'Chémery', type: 'commune-associee', chefLieu: '57209' }
		]);
		expect(directory.aliases.get('57135')).toBe('57209');
		expect(resolveCommune(directory, 'Chemery', null)).toEqual({ ok: true, code: '57209' });
	});
});

describe('column mapping', () => {
	it('proposes a mapping from French headers, accents and case aside', () => {
		expect(
			guessMapping([
				'Nom de la structure',
				'N° SIRET',
				'Adresse',
				'CP',
				'Ville',
				'Latitude',
				'Longitude',
				'Courriel',
				'Téléphone',
				'Nom du contact',
				'Commentaires',
				'Effectif',
				'Colonne libre'
			])
		).toEqual({
			nom: 'Nom de la structure',
			siret: 'N° SIRET',
			adresse: 'Adresse',
			code_postal: 'CP',
			commune: 'Ville',
			lat: 'Latitude',
			lon: 'Longitude',
			contact_email: 'Courriel',
			contact_telephone: 'Téléphone',
			contact_nom: 'Nom du contact',
			notes: 'Commentaires',
			effectif: 'Effectif'
		});
		expect(guessMapping(['Raison sociale', 'SIRET de l’établissement', 'Code INSEE commune'])).toEqual({
			nom: 'Raison sociale',
			siret: 'SIRET de l’établissement',
			commune_code: 'Code INSEE commune'
		});
	});

	it('says what prevents an import', () => {
		expect(mappingProblems({ nom: 'Nom', commune: 'Ville' }, ['Nom', 'Ville'])).toEqual([]);
		expect(mappingProblems({ nom: 'Structure', lat: 'Lat' }, ['Nom', 'Lat'])).toEqual([
			'colonne « Structure » (Nom) absente du fichier',
			'aucune colonne pour situer les acteurs (commune, code postal, code INSEE ou coordonnées)',
			'longitude et latitude vont ensemble'
		]);
		expect(mappingProblems({ sigle: 'Sigle' }, ['Sigle'], { pointsGiven: true })).toEqual(['aucune colonne pour le nom']);
	});
});

describe('generic rows', () => {
	const mapping = guessMapping([
		'Nom',
		'SIRET',
		'Code postal',
		'Commune',
		'Latitude',
		'Longitude',
		'X',
		'Y',
		'Type d’acteur',
		'Effectif',
		'Étiquettes',
		'Contact',
		'Courriel'
	]);
	const options = (): GenericOptions => ({ mapping, communes: moselle, source: 'csv', tags: ['réseau CRESS'] });
	const row = (values: Record<string, string>) => ({
		Nom: 'La Fabrique',
		SIRET: '',
		'Code postal': '57000',
		Commune: 'Metz',
		Latitude: '',
		Longitude: '',
		X: '',
		Y: '',
		'Type d’acteur': '',
		Effectif: '',
		Étiquettes: '',
		Contact: '',
		Courriel: '',
		...values
	});

	it('maps a row: commune by name, French decimals, headcount, contact, tags, stable identifier', () => {
		const result = mapGenericRow(
			row({
				Latitude: '49,1193',
				Longitude: '6,1757',
				'Type d’acteur': 'Partenaire',
				Effectif: '12',
				Étiquettes: 'tiers-lieu; numérique',
				Contact: 'Léa Muller',
				Courriel: 'lea@fabrique.example'
			}),
			4,
			options()
		);
		expect(result).toMatchObject({
			ok: true,
			value: {
				kind: 'partenaire',
				nom: 'La Fabrique',
				commune_code: '57463',
				lon: 6.1757,
				lat: 49.1193,
				precision: 'adresse',
				tranche_effectifs: '11',
				employeur: true,
				tags: ['tiers-lieu', 'numérique', 'réseau CRESS'],
				source: 'csv',
				source_id: 'la fabrique@57463',
				contacts: [{ nom: 'Léa Muller', email: 'lea@fabrique.example', base_legale: 'interet_legitime' }]
			}
		});
	});

	it('converts Lambert-93 columns and lets a point stand for an unknown commune', () => {
		expect(mapGenericRow(row({ X: '931000', Y: '6893000', Commune: 'Inconnue', 'Code postal': '' }), 2, options())).toMatchObject({
			ok: true,
			value: { commune_code: null, precision: 'adresse' }
		});
		expect(mapGenericRow(row({ X: '93100', Y: '689300' }), 2, options())).toEqual({
			ok: false,
			errors: [{ line: 2, column: 'X', reason: 'coordonnées Lambert-93 (93100 ; 689300) hors de France métropolitaine' }]
		});
	});

	it('skips rows outside the territory and rejects those it cannot place', () => {
		expect(mapGenericRow(row({ 'Code postal': '54000', Commune: 'Nancy' }), 2, options())).toEqual({ skipped: 'hors territoire' });
		expect(mapGenericRow(row({ 'Code postal': '57050', Commune: '' }), 3, options())).toEqual({
			ok: false,
			errors: [
				{
					line: 3,
					column: 'Code postal',
					reason: 'commune 57050 ambiguë (57049, 57412, 57415, 57463, 57545) : préciser le code postal ou le code INSEE'
				}
			]
		});
		expect(mapGenericRow(row({ 'Code postal': '', Commune: 'Atlantis' }), 4, options())).toEqual({
			ok: false,
			errors: [{ line: 4, column: 'Commune', reason: 'commune « Atlantis » introuvable dans le territoire' }]
		});
		expect(mapGenericRow(row({ Effectif: 'une dizaine' }), 5, options())).toEqual({
			ok: false,
			errors: [{ line: 5, column: 'Effectif', reason: 'effectif « une dizaine » : nombre de salariés attendu' }]
		});
		expect(mapGenericRow(row({ Latitude: '49,1', Longitude: 'est' }), 6, options())).toEqual({
			ok: false,
			errors: [{ line: 6, column: 'Longitude', reason: 'longitude : nombre attendu' }]
		});
	});

	it('streams a CSV with the proposed mapping and reports duplicates', async () => {
		const siret = siretOf(sirenOf(98765432));
		const rows = [
			row({ SIRET: siret }),
			row({ SIRET: siret, Nom: 'La Fabrique (doublon)' }),
			row({ SIRET: badSiret(siret) }),
			row({ Nom: '' })
		];
		const outcomes = await collect(
			readGenericFile(encoded(csvText(rows), 'windows-1252'), { communes: moselle, fileName: 'partenaires.csv' })
		);
		expect(
			outcomes.map(
				(o) =>
					(o.result as { errors?: { column: string | null; reason: string }[] }).errors?.map((e) => `${o.line} ${e.column}: ${e.reason}`) ??
					o.line
			)
		).toEqual([
			2,
			[`3 SIRET: doublon : SIRET ${siret} déjà présent ligne 2`],
			[`4 SIRET: SIRET « ${badSiret(siret)} » : clé de contrôle (Luhn) du SIRET invalide`],
			['5 Nom: nom obligatoire']
		]);
	});

	it('reads an XLSX through the dispatcher, and refuses a mapping without a name', async () => {
		const book = new ExcelJS.Workbook();
		const sheet = book.addWorksheet('Acteurs');
		sheet.addRow(['Raison sociale', 'Code INSEE']);
		sheet.addRow(['Épicerie solidaire', 57672]);
		const bytes = Buffer.from(await book.xlsx.writeBuffer());
		const outcomes = await collect(readActorsFile(bytes, { communes: moselle, fileName: 'acteurs.xlsx', defaultKind: 'initiative' }));
		expect(outcomes).toMatchObject([
			{ line: 2, result: { ok: true, value: { nom: 'Épicerie solidaire', commune_code: '57672', kind: 'initiative', source: 'xlsx' } } }
		]);
		await expect(collect(readGenericFile(bytes, { communes: moselle, mapping: { commune_code: 'Code INSEE' } }))).rejects.toThrow(
			'le fichier : aucune colonne pour le nom'
		);
	});
});

describe('GeoJSON', () => {
	const feature = (geometry: unknown, properties: Record<string, unknown>) => ({ type: 'Feature', geometry, properties });

	it('maps point features, rejects other geometries, accepts Lambert-93 layers', async () => {
		const collection = {
			type: 'FeatureCollection',
			features: [
				feature({ type: 'Point', coordinates: [6.1757, 49.1193] }, { nom: 'Repair café', ville: 'Metz', tags: ['réemploi'] }),
				feature(
					{
						type: 'Polygon',
						coordinates: [
							[
								[6, 49],
								[6.1, 49],
								[6, 49.1],
								[6, 49]
							]
						]
					},
					{ nom: 'Zone' }
				),
				feature(null, { nom: 'Sans point', ville: 'Thionville' }),
				feature({ type: 'Point', coordinates: [6.1757, 49.1193] }, { nom: 'Repair café', ville: 'Metz' })
			]
		};
		const outcomes = await collect(readGeoJsonFile(encoded(JSON.stringify(collection)), { communes: moselle, fileName: 'carte.geojson' }));
		expect(outcomes.map((o) => [o.line, 'skipped' in o.result ? o.result.skipped : o.result.ok])).toEqual([
			[1, true],
			[2, false],
			[3, true],
			[4, false]
		]);
		expect(outcomes[0].result).toMatchObject({
			ok: true,
			value: { lon: 6.1757, lat: 49.1193, commune_code: '57463', source: 'geojson', precision: 'adresse' }
		});
		expect(outcomes[1].result).toEqual({
			ok: false,
			errors: [{ line: 2, column: null, reason: 'géométrie Polygon : seuls les points sont importés' }]
		});
		expect(outcomes[2].result).toMatchObject({ ok: true, value: { commune_code: '57672', precision: 'commune' } });
		expect(outcomes[3].result).toMatchObject({ ok: false, errors: [{ reason: 'doublon : acteur Repair café déjà présent ligne 1' }] });

		const lambert = {
			type: 'FeatureCollection',
			crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } },
			features: [feature({ type: 'Point', coordinates: [931000, 6893000] }, { nom: 'Tiers-lieu' })]
		};
		const [point] = await collect(readGeoJsonFile(encoded(JSON.stringify(lambert)), { communes: moselle }));
		expect(point.result).toMatchObject({ ok: true, value: { commune_code: null } });
		expect((point.result as { value: { lon: number } }).value.lon).toBeCloseTo(6.17, 1);
	});

	it('refuses files that are not GeoJSON, with one message', async () => {
		const read = (bytes: Buffer, fileName: string) => collect(readGeoJsonFile(bytes, { communes: moselle, fileName }));
		await expect(read(encoded('{"type": "FeatureCollection", "features": ['), 'a.geojson')).rejects.toThrow(
			/^« a\.geojson » : JSON illisible/
		);
		await expect(read(encoded('{"type": "Topology"}'), 'b.geojson')).rejects.toThrow(
			'« b.geojson » n’est pas une FeatureCollection GeoJSON'
		);
		await expect(read(encoded('{"type": "FeatureCollection", "features": []}'), 'c.geojson')).rejects.toThrow(
			'« c.geojson » ne contient aucune entité'
		);
		await expect(read(PNG_BYTES, 'd.geojson')).rejects.toThrow('« d.geojson » n’est pas un fichier GeoJSON : c’est une image PNG');
		const other = {
			type: 'FeatureCollection',
			crs: { type: 'name', properties: { name: 'EPSG:3857' } },
			features: [feature(null, { nom: 'x' })]
		};
		await expect(read(encoded(JSON.stringify(other)), 'e.geojson')).rejects.toThrow('système de coordonnées EPSG:3857 non pris en charge');
	});
});

describe('rejected-rows report', () => {
	it('writes a CSV that opens in Excel: BOM, `;`, CRLF, original row, no formula', async () => {
		const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'maillage-report-'));
		const file = path.join(dir, 'rejets.csv');
		const count = await writeRejectionReport(
			[
				{
					line: 4,
					column: 'siret',
					reason: 'clé de contrôle (Luhn) du SIRET invalide',
					raw: { Nom: 'Café; "Le Lien"', SIRET: '12345678901234' }
				},
				{ line: 9, column: '=HYPERLINK("x")', reason: 'commune introuvable', raw: 'ligne brute' }
			],
			file
		);
		expect(count).toBe(2);
		const bytes = await fs.readFile(file);
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(bytes.subarray(3).toString('utf8')).toBe(
			'ligne;colonne;motif;donnees\r\n' +
				'4;siret;clé de contrôle (Luhn) du SIRET invalide;"{""Nom"":""Café; \\""Le Lien\\"""",""SIRET"":""12345678901234""}"\r\n' +
				`9;"'=HYPERLINK(""x"")";commune introuvable;ligne brute\r\n`
		);
		await fs.rm(dir, { recursive: true, force: true });
	});

	it('turns each problem of a rejected row into a line, and nothing for accepted rows', async () => {
		const raw = { a: '1' };
		expect(
			rejectionsOf({
				line: 3,
				raw,
				result: {
					ok: false,
					errors: [
						{ line: 3, column: 'a', reason: 'x' },
						{ line: 3, column: 'b', reason: 'y' }
					]
				}
			})
		).toHaveLength(2);
		expect(rejectionsOf({ line: 3, raw, result: { skipped: 'fermé' } })).toEqual([]);
		const sink = new PassThrough();
		const chunks: Buffer[] = [];
		sink.on('data', (c: Buffer) => chunks.push(c));
		const report = new RejectionReport(sink);
		await report.addOutcome({ line: 3, raw, result: { ok: true, value: 1 } });
		await report.addOutcome({ line: 5, raw, result: { ok: false, errors: [{ line: 5, column: null, reason: 'ligne illisible' }] } });
		await report.close();
		expect(Buffer.concat(chunks).toString('utf8')).toBe('\uFEFFligne;colonne;motif;donnees\r\n5;;ligne illisible;"{""a"":""1""}"\r\n');
	});
});
