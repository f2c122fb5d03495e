import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambert93ToWgs84 } from '../../src/lib/server/imports/lambert93';
import { loadLegalUnits, mapSireneRow, readSireneFile, readSireneFiles, type SireneOptions } from '../../src/lib/server/imports/sirene';
import { ImportFileError } from '../../src/lib/server/imports/errors';
import { countOutcome, emptySummary } from '../../src/lib/server/imports/types';
import {
	badSiret,
	collect,
	csvText,
	encoded,
	ETABLISSEMENT_HEADER,
	JOINED_UNIT_COLUMNS,
	sireneRow,
	sirenOf,
	siretOf,
	UNITE_LEGALE_HEADER
} from '../fixtures/imports/builders';

// Metz, Thionville, Woippy; 57094 (Borny, merged into Metz) is a former code.
const options: SireneOptions = { communeCodes: new Set(['57463', '57672', '57751']), communeAliases: new Map([['57094', '57463']]) };

describe('Lambert-93 to WGS 84', () => {
	it('puts a point of Metz at about 6.17 E, 49.11 N', () => {
		const [lon, lat] = lambert93ToWgs84(931000, 6893000)!;
		expect(lon).toBeCloseTo(6.17, 1);
		expect(lat).toBeCloseTo(49.11, 1);
	});

	it('puts the projection origin at 3 E, 46.5 N and refuses points off its extent', () => {
		expect(lambert93ToWgs84(700000, 6600000)).toEqual([3, 46.5]);
		expect(lambert93ToWgs84(0, 0)).toBeNull();
		expect(lambert93ToWgs84(331000, 1693000)).toBeNull();
	});
});

describe('SIRENE row', () => {
	it('turns an active ESS establishment into an actor', () => {
		const row = sireneRow();
		const result = mapSireneRow(row, 2, options);
		expect(result).toMatchObject({ ok: true });
		if (!('ok' in result) || !result.ok) return;
		expect(result.value).toMatchObject({
			kind: 'structure_ess',
			nom: 'CARREFOUR DES ORGANISATIONS DE JEUNESSE',
			sigle: 'COJEP',
			siren: row.siren,
			siret: row.siret,
			categorie_juridique: '9260',
			famille_juridique: 'association',
			naf: '88.99B',
			secteur: 'social_sans_hebergement',
			tranche_effectifs: '11',
			employeur: true,
			ess: true,
			date_creation: '1998-04-15',
			adresse: '1 RUE DU COETLOSQUET',
			code_postal: '57000',
			commune_code: '57463',
			precision: 'lambert93',
			source: 'sirene',
			source_id: row.siret
		});
		expect(result.value.lon).toBeCloseTo(6.1636, 3);
		expect(result.value.lat).toBeCloseTo(49.0952, 3);
	});

	it('names an establishment by its sign and its legal unit, and spells out the street', () => {
		const result = mapSireneRow(
			sireneRow({
				enseigne1Etablissement: 'ESAT LES TILLEULS',
				numeroVoieEtablissement: '12',
				indiceRepetitionEtablissement: 'B',
				typeVoieEtablissement: 'AV',
				libelleVoieEtablissement: 'DE LA LIBERATION',
				complementAdresseEtablissement: 'BATIMENT C'
			}),
			2,
			options
		);
		expect(result).toMatchObject({
			ok: true,
			value: { nom: 'ESAT LES TILLEULS – CARREFOUR DES ORGANISATIONS DE JEUNESSE', adresse: '12 BIS AVENUE DE LA LIBERATION, BATIMENT C' }
		});
	});

	it('places in the commune an establishment without usable coordinates', () => {
		for (const [x, y] of [
			['[ND]', '[ND]'],
			['', ''],
			['abc', '6893000'],
			['0', '0'],
			['931000', '']
		]) {
			const result = mapSireneRow(
				sireneRow({ coordonneeLambertAbscisseEtablissement: x, coordonneeLambertOrdonneeEtablissement: y }),
				2,
				options
			);
			expect(result).toMatchObject({ ok: true, value: { lon: null, lat: null, precision: 'commune', commune_code: '57463' } });
		}
	});

	it('skips closed establishments, those outside the territory and outside the ESS', () => {
		expect(mapSireneRow(sireneRow({ etatAdministratifEtablissement: 'F' }), 2, options)).toEqual({ skipped: 'fermé' });
		expect(mapSireneRow(sireneRow({ etatAdministratifUniteLegale: 'C' }), 2, options)).toEqual({ skipped: 'fermé' });
		expect(mapSireneRow(sireneRow({ codeCommuneEtablissement: '54395' }), 2, options)).toEqual({ skipped: 'hors territoire' });
		expect(mapSireneRow(sireneRow({ codeCommuneEtablissement: '' }), 2, options)).toEqual({ skipped: 'hors territoire' });
		expect(
			mapSireneRow(sireneRow({ categorieJuridiqueUniteLegale: '5710', economieSocialeSolidaireUniteLegale: 'N' }), 2, options)
		).toEqual({ skipped: 'hors ESS' });
		// A political party is an association, yet outside the ESS perimeter.
		expect(
			mapSireneRow(sireneRow({ activitePrincipaleEtablissement: '94.92Z', economieSocialeSolidaireUniteLegale: '' }), 2, options)
		).toEqual({ skipped: 'hors ESS' });
	});

	it('keeps a SCIC (a SAS) by its ESS flag, a droit local association by its legal form, a former commune code', () => {
		expect(
			mapSireneRow(sireneRow({ categorieJuridiqueUniteLegale: '5710', economieSocialeSolidaireUniteLegale: 'O' }), 2, options)
		).toMatchObject({ ok: true, value: { famille_juridique: 'autre', ess: true } });
		expect(mapSireneRow(sireneRow({ economieSocialeSolidaireUniteLegale: '' }), 2, options)).toMatchObject({
			ok: true,
			value: { ess: true }
		});
		expect(mapSireneRow(sireneRow({ codeCommuneEtablissement: '57094' }), 2, options)).toMatchObject({
			ok: true,
			value: { commune_code: '57463' }
		});
	});

	it('keeps collectivités when asked, as such', () => {
		const ccas = sireneRow({
			categorieJuridiqueUniteLegale: '7361',
			economieSocialeSolidaireUniteLegale: 'N',
			denominationUniteLegale: 'CCAS DE METZ',
			activitePrincipaleEtablissement: '88.99B'
		});
		expect(mapSireneRow(ccas, 2, options)).toEqual({ skipped: 'hors ESS' });
		expect(mapSireneRow(ccas, 2, { ...options, keepCollectivites: true })).toMatchObject({
			ok: true,
			value: { kind: 'collectivite', ess: false, famille_juridique: 'collectivite' }
		});
	});

	it('rejects a bad SIRET or a bad date with the SIRENE column at fault', () => {
		const row = sireneRow();
		expect(mapSireneRow({ ...row, siret: badSiret(row.siret) }, 7, options)).toEqual({
			ok: false,
			errors: [{ line: 7, column: 'siret', reason: `SIRET « ${badSiret(row.siret)} » : clé de contrôle (Luhn) du SIRET invalide` }]
		});
		expect(mapSireneRow({ ...row, dateCreationEtablissement: '2019-02-30' }, 8, options)).toEqual({
			ok: false,
			errors: [
				{ line: 8, column: 'dateCreationEtablissement', reason: 'date de création : « 2019-02-30 » n’existe pas dans le calendrier' }
			]
		});
		expect(mapSireneRow({ ...row, dateCreationEtablissement: '1987-06' }, 8, options)).toMatchObject({
			ok: true,
			value: { date_creation: '1987-06-01' }
		});
	});

	it('takes the legal unit’s activity when the establishment’s is in an older nomenclature', () => {
		const result = mapSireneRow(
			sireneRow({
				activitePrincipaleEtablissement: '85.3K',
				nomenclatureActivitePrincipaleEtablissement: 'NAFRev1',
				activitePrincipaleUniteLegale: '87.90B'
			}),
			2,
			options
		);
		expect(result).toMatchObject({ ok: true, value: { naf: '87.90B', secteur: 'social_hebergement' } });
	});
});

describe('SIRENE files', () => {
	const header = [...ETABLISSEMENT_HEADER, ...JOINED_UNIT_COLUMNS];

	it('streams a joined extract: kept, skipped, rejected and duplicate rows with their lines', async () => {
		const good = sireneRow();
		const other = sireneRow({
			siren: sirenOf(22222222),
			codeCommuneEtablissement: '57672',
			codePostalEtablissement: '57100',
			enseigne1Etablissement: 'CAFÉ "SOLIDAIRE"\nANNEXE',
			coordonneeLambertAbscisseEtablissement: '[ND]',
			coordonneeLambertOrdonneeEtablissement: '[ND]'
		});
		const rows = [
			good, // line 2
			sireneRow({ siren: sirenOf(33333333), etatAdministratifEtablissement: 'F' }), // 3
			sireneRow({ siren: sirenOf(44444444), codeCommuneEtablissement: '67482' }), // 4
			other, // 5-6: a line break inside the quoted sign
			{ ...sireneRow({ siren: sirenOf(55555555) }), siret: badSiret(siretOf(sirenOf(55555555))) }, // 7
			good, // 8: same SIRET again
			sireneRow({ siren: sirenOf(66666666), categorieJuridiqueUniteLegale: '5499', economieSocialeSolidaireUniteLegale: 'N' }) // 9
		];
		const outcomes = await collect(
			readSireneFile(encoded(csvText(rows, { header })), { ...options, fileName: 'StockEtablissement_57.csv' })
		);
		expect(outcomes.map((o) => [o.line, 'skipped' in o.result ? o.result.skipped : o.result.ok])).toEqual([
			[2, true],
			[3, 'fermé'],
			[4, 'hors territoire'],
			[5, true],
			[7, false],
			[8, false],
			[9, 'hors ESS']
		]);
		expect(outcomes[3].result).toMatchObject({
			ok: true,
			value: { nom: 'CAFÉ "SOLIDAIRE"\nANNEXE – CARREFOUR DES ORGANISATIONS DE JEUNESSE', precision: 'commune', commune_code: '57672' }
		});
		expect(outcomes[4].result).toMatchObject({ ok: false, errors: [{ line: 7, column: 'siret' }] });
		expect(outcomes[5].result).toEqual({
			ok: false,
			errors: [{ line: 8, column: 'siret', reason: `doublon : SIRET ${good.siret} déjà présent ligne 2` }]
		});
		expect(outcomes[4].raw.siret).toBe(badSiret(siretOf(sirenOf(55555555))));

		const summary = emptySummary();
		for (const o of outcomes) countOutcome(summary, o.result);
		expect(summary).toEqual({
			read: 7,
			imported: 0,
			updated: 0,
			unchanged: 0,
			skipped: 3,
			rejected: 2,
			skippedByReason: { fermé: 1, 'hors territoire': 1, 'hors ESS': 1 }
		});
	});

	it('reads a Windows-1252 extract with `;` as Excel saves it', async () => {
		const text = csvText([sireneRow({ libelleVoieEtablissement: 'DE L’ÉGLISE', denominationUniteLegale: 'ÉCOLE DE MUSIQUE' })], {
			header,
			delimiter: ';',
			eol: '\r\n'
		});
		const outcomes = await collect(readSireneFile(encoded(text.replace('’', "'"), 'windows-1252'), options));
		expect(outcomes[0].result).toMatchObject({ ok: true, value: { nom: 'ÉCOLE DE MUSIQUE', adresse: "1 RUE DE L'ÉGLISE" } });
	});

	it('asks for StockUniteLegale when the extract lacks the legal unit columns', async () => {
		const etab = sireneRow();
		const text = csvText([etab], { header: ETABLISSEMENT_HEADER });
		await expect(collect(readSireneFile(encoded(text), { ...options, fileName: 'StockEtablissement.csv' }))).rejects.toThrow(
			ImportFileError
		);
		await expect(collect(readSireneFile(encoded(text), options))).rejects.toThrow(/importer aussi le fichier StockUniteLegale/);
	});

	describe('StockEtablissement joined with StockUniteLegale', () => {
		let dir: string;
		const association = sirenOf(11111111);
		const company = sirenOf(22222222);
		const outsider = sirenOf(33333333);

		beforeAll(async () => {
			dir = await fs.mkdtemp(path.join(os.tmpdir(), 'maillage-sirene-'));
			const unit = (siren: string, values: Record<string, string>) => ({
				...Object.fromEntries(UNITE_LEGALE_HEADER.map((c) => [c, ''])),
				siren,
				etatAdministratifUniteLegale: 'A',
				...values
			});
			await fs.writeFile(
				path.join(dir, 'StockUniteLegale.csv'),
				csvText(
					[
						unit(association, {
							denominationUniteLegale: 'MJC DE BORNY',
							categorieJuridiqueUniteLegale: '9260',
							economieSocialeSolidaireUniteLegale: 'O',
							identifiantAssociationUniteLegale: ''
						}),
						unit(company, {
							denominationUniteLegale: 'GARAGE DU CENTRE',
							categorieJuridiqueUniteLegale: '5499',
							economieSocialeSolidaireUniteLegale: 'N'
						}),
						unit(outsider, {
							denominationUniteLegale: 'ASSOCIATION DE NANCY',
							categorieJuridiqueUniteLegale: '9220',
							economieSocialeSolidaireUniteLegale: 'O'
						})
					],
					{ header: UNITE_LEGALE_HEADER }
				)
			);
			const etab = (siren: string, n: number, values: Record<string, string> = {}) => {
				const row = sireneRow({ siren, siret: siretOf(siren, n), nic: siretOf(siren, n).slice(9), ...values });
				return Object.fromEntries(ETABLISSEMENT_HEADER.map((c) => [c, row[c]]));
			};
			await fs.writeFile(
				path.join(dir, 'StockEtablissement.csv'),
				csvText(
					[
						etab(association, 1),
						etab(association, 2, { codeCommuneEtablissement: '57751', enseigne1Etablissement: 'ANTENNE DE WOIPPY' }),
						etab(company, 1),
						etab(outsider, 1, { codeCommuneEtablissement: '54395' })
					],
					{
						header: ETABLISSEMENT_HEADER
					}
				)
			);
		});

		afterAll(async () => {
			await fs.rm(dir, { recursive: true, force: true });
		});

		it('joins on siren and keeps the ESS establishments of the territory', async () => {
			const outcomes = await collect(
				readSireneFiles(
					{ etablissements: path.join(dir, 'StockEtablissement.csv'), unitesLegales: path.join(dir, 'StockUniteLegale.csv') },
					options
				)
			);
			expect(outcomes.map((o) => ('skipped' in o.result ? o.result.skipped : o.result.ok && o.result.value.nom))).toEqual([
				'MJC DE BORNY',
				'ANTENNE DE WOIPPY – MJC DE BORNY',
				'hors ESS',
				'hors territoire'
			]);
		});

		it('loads only the legal units of interest', async () => {
			const all = await loadLegalUnits(path.join(dir, 'StockUniteLegale.csv'));
			expect([...all.keys()].sort()).toEqual([association, outsider].sort());
			const territory = await loadLegalUnits(path.join(dir, 'StockUniteLegale.csv'), { sirens: new Set([association, company]) });
			expect([...territory.keys()]).toEqual([association]);
			expect(territory.get(association)).toMatchObject({ denominationUniteLegale: 'MJC DE BORNY', categorieJuridiqueUniteLegale: '9260' });
		});
	});
});
