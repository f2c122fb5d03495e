// SIRENE (INSEE) extracts → actors. A StockEtablissement-style file, either already joined with
// the columns of its legal units or read together with StockUniteLegale (joined on `siren`).
// Kept: active establishments, inside the territory, of an ESS legal unit (INSEE's ESS flag or an
// ESS legal family); the others are skipped with the reason.
import { isEssLegalFamily, isInEssPerimeter, legalFamilyOf } from '../../domain/legal-forms';
import { normalizeNaf } from '../../domain/sectors';
import { actorSchema, type Actor } from '../../schemas/actor';
import { streetAddress } from './addresses';
import { currentCommuneCode } from './communes';
import { ImportFileError } from './errors';
import { lambert93ToWgs84, parseCoordinate } from './lambert93';
import { openTable, type OpenTableOptions } from './open';
import { canonicalRecord, mapRows, renameColumns, validateRow, type DuplicateKey } from './rows';
import { rejection, type ImportSource, type RowOutcome, type RowResult } from './types';

export interface SireneOptions {
	/** INSEE codes of the communes of the territory. */
	communeCodes: Set<string>;
	/** Former or delegated commune codes → current code, for establishments not yet renumbered. */
	communeAliases?: Map<string, string>;
	/** Also keep collectivités (communes, EPCI, CCAS…) as actors of kind `collectivite`. */
	keepCollectivites?: boolean;
}

/** Skip reasons, as counted in the import summary. */
export const SIRENE_SKIP = { closed: 'fermé', notEss: 'hors ESS', outside: 'hors territoire' } as const;

/** Columns of StockUniteLegale the importer uses, joined onto establishments. */
export const LEGAL_UNIT_COLUMNS = [
	'denominationUniteLegale',
	'denominationUsuelle1UniteLegale',
	'nomUniteLegale',
	'prenomUsuelUniteLegale',
	'sigleUniteLegale',
	'categorieJuridiqueUniteLegale',
	'activitePrincipaleUniteLegale',
	'etatAdministratifUniteLegale',
	'economieSocialeSolidaireUniteLegale',
	'identifiantAssociationUniteLegale',
	'caractereEmployeurUniteLegale',
	'trancheEffectifsUniteLegale'
] as const;

/** Columns of StockEtablissement the importer uses (plus the geocoded ones of Etalab's files). */
export const ETABLISSEMENT_COLUMNS = [
	'siren',
	'nic',
	'siret',
	'etablissementSiege',
	'etatAdministratifEtablissement',
	'dateCreationEtablissement',
	'activitePrincipaleEtablissement',
	'nomenclatureActivitePrincipaleEtablissement',
	'trancheEffectifsEtablissement',
	'caractereEmployeurEtablissement',
	'enseigne1Etablissement',
	'denominationUsuelleEtablissement',
	'complementAdresseEtablissement',
	'numeroVoieEtablissement',
	'indiceRepetitionEtablissement',
	'typeVoieEtablissement',
	'libelleVoieEtablissement',
	'distributionSpecialeEtablissement',
	'codePostalEtablissement',
	'libelleCommuneEtablissement',
	'codeCommuneEtablissement',
	'coordonneeLambertAbscisseEtablissement',
	'coordonneeLambertOrdonneeEtablissement',
	'longitude',
	'latitude'
] as const;

// The source column of each actor field, for the rejected-rows report.
const COLUMN_OF_FIELD: Record<string, string> = {
	kind: 'categorieJuridiqueUniteLegale',
	nom: 'denominationUniteLegale',
	sigle: 'sigleUniteLegale',
	siren: 'siren',
	siret: 'siret',
	rna: 'identifiantAssociationUniteLegale',
	categorie_juridique: 'categorieJuridiqueUniteLegale',
	naf: 'activitePrincipaleEtablissement',
	tranche_effectifs: 'trancheEffectifsEtablissement',
	employeur: 'caractereEmployeurEtablissement',
	date_creation: 'dateCreationEtablissement',
	adresse: 'libelleVoieEtablissement',
	code_postal: 'codePostalEtablissement',
	commune_code: 'codeCommuneEtablissement',
	lon: 'coordonneeLambertAbscisseEtablissement',
	lat: 'coordonneeLambertOrdonneeEtablissement'
};
const columnOf = (field: string) => COLUMN_OF_FIELD[field] ?? null;

/** INSEE writes `[ND]` for values a unit asked not to diffuse. */
const NOT_DIFFUSED = '[ND]';

type Cells = (name: string) => string;

function cellsOf(record: Record<string, string>, unit: Record<string, string> | undefined): Cells {
	return (name) => {
		const value = (record[name] || unit?.[name] || '').trim();
		return value === NOT_DIFFUSED ? '' : value;
	};
}

function yesNoFlag(value: string): boolean | null {
	return value === 'O' ? true : value === 'N' ? false : null;
}

/**
 * The establishment's own name (enseigne, dénomination usuelle) with its legal unit's, so that the
 * map shows « ESAT Les Tilleuls – APEI de Thionville » rather than either alone.
 */
function sireneName(cell: Cells): string | null {
	const person = [cell('prenomUsuelUniteLegale'), cell('nomUniteLegale')].filter(Boolean).join(' ');
	const unit = cell('denominationUniteLegale') || cell('denominationUsuelle1UniteLegale') || person;
	const establishment = cell('enseigne1Etablissement') || cell('denominationUsuelleEtablissement');
	if (establishment && unit && establishment.toUpperCase() !== unit.toUpperCase()) return `${establishment} – ${unit}`;
	return establishment || unit || null;
}

/** The point of an establishment: SIRENE's Lambert-93, else Etalab's geocoded WGS 84 columns. */
function sirenePoint(cell: Cells): { lon: number; lat: number; precision: 'lambert93' | 'adresse' } | null {
	const x = parseCoordinate(cell('coordonneeLambertAbscisseEtablissement'));
	const y = parseCoordinate(cell('coordonneeLambertOrdonneeEtablissement'));
	if (x !== null && y !== null) {
		const point = lambert93ToWgs84(x, y);
		if (point) return { lon: point[0], lat: point[1], precision: 'lambert93' };
	}
	const lon = parseCoordinate(cell('longitude'));
	const lat = parseCoordinate(cell('latitude'));
	if (lon !== null && lat !== null && Math.abs(lon) <= 180 && Math.abs(lat) <= 90 && (lon !== 0 || lat !== 0))
		return { lon, lat, precision: 'adresse' };
	return null;
}

/** The NAF rév. 2 code of the establishment, else of its legal unit; older nomenclatures give none. */
function sireneNaf(cell: Cells): string | null {
	const nomenclature = cell('nomenclatureActivitePrincipaleEtablissement');
	const own = nomenclature === '' || nomenclature === 'NAFRev2' ? cell('activitePrincipaleEtablissement') : '';
	return normalizeNaf(own) ?? normalizeNaf(cell('activitePrincipaleUniteLegale'));
}

/**
 * One SIRENE establishment row → an actor, a skip (closed, outside the ESS or the territory) or a
 * rejection. `unit` holds the legal unit's columns when they come from StockUniteLegale.
 */
export function mapSireneRow(
	record: Record<string, string>,
	line: number,
	options: SireneOptions,
	unit?: Record<string, string>
): RowResult<Actor> {
	const cell = cellsOf(record, unit);
	// Cheapest tests first: in a national file most rows stop at the territory.
	const commune = cell('codeCommuneEtablissement');
	const communeCode = options.communeCodes.has(commune) ? commune : (options.communeAliases?.get(commune) ?? null);
	if (!communeCode) return { skipped: SIRENE_SKIP.outside };
	const etat = cell('etatAdministratifEtablissement');
	if ((etat !== '' && etat !== 'A') || cell('etatAdministratifUniteLegale') === 'C') return { skipped: SIRENE_SKIP.closed };

	const categorieJuridique = cell('categorieJuridiqueUniteLegale');
	const naf = sireneNaf(cell);
	const essFlag = cell('economieSocialeSolidaireUniteLegale') === 'O';
	const ess = essFlag || isInEssPerimeter(categorieJuridique, naf);
	const collectivite = !ess && options.keepCollectivites === true && legalFamilyOf(categorieJuridique) === 'collectivite';
	if (!ess && !collectivite) return { skipped: SIRENE_SKIP.notEss };

	const siret = cell('siret') || cell('siren') + cell('nic');
	if (!siret) return rejection(line, 'siret', 'SIRET absent');
	const point = sirenePoint(cell);
	return validateRow(
		actorSchema,
		{
			kind: ess ? 'structure_ess' : 'collectivite',
			nom: sireneName(cell),
			sigle: cell('sigleUniteLegale'),
			siren: cell('siren'),
			siret,
			rna: cell('identifiantAssociationUniteLegale'),
			categorie_juridique: categorieJuridique,
			naf,
			tranche_effectifs: cell('trancheEffectifsEtablissement') || cell('trancheEffectifsUniteLegale'),
			employeur: yesNoFlag(cell('caractereEmployeurEtablissement') || cell('caractereEmployeurUniteLegale')),
			ess,
			date_creation: cell('dateCreationEtablissement'),
			adresse: streetAddress({
				numero: cell('numeroVoieEtablissement'),
				repetition: cell('indiceRepetitionEtablissement'),
				typeVoie: cell('typeVoieEtablissement'),
				libelleVoie: cell('libelleVoieEtablissement'),
				complement: cell('complementAdresseEtablissement'),
				distribution: cell('distributionSpecialeEtablissement')
			}),
			code_postal: cell('codePostalEtablissement'),
			commune_code: communeCode,
			lon: point?.lon ?? null,
			lat: point?.lat ?? null,
			precision: point?.precision ?? null,
			tags: [],
			notes: null,
			source: 'sirene',
			source_id: siret,
			contacts: []
		},
		line,
		columnOf
	);
}

function siretKey(actor: Actor): DuplicateKey | null {
	return actor.siret ? { key: actor.siret, column: 'siret', label: `SIRET ${actor.siret}` } : null;
}

function requireColumns(headers: Set<string>, groups: string[][], fileLabel: string, hint: string): void {
	for (const group of groups) {
		if (!group.some((name) => headers.has(name))) throw new ImportFileError(`${fileLabel} : colonne ${group.join(' ou ')} absente${hint}`);
	}
}

type FileOptions = OpenTableOptions;

const fileLabel = (options: FileOptions) => (options.fileName ? `« ${options.fileName} »` : 'le fichier SIRENE');

/**
 * Reads a StockEtablissement-style file that already carries its legal units' columns
 * (categorieJuridiqueUniteLegale, economieSocialeSolidaireUniteLegale…), streaming.
 */
export async function* readSireneFile(source: ImportSource, options: SireneOptions & FileOptions): AsyncGenerator<RowOutcome<Actor>> {
	const table = await openTable(source, options);
	const rename = renameColumns(table.headers, [...ETABLISSEMENT_COLUMNS, ...LEGAL_UNIT_COLUMNS]);
	const headers = new Set(table.headers.map((h) => rename.get(h) ?? h));
	try {
		requireColumns(headers, [['siret'], ['codeCommuneEtablissement']], fileLabel(options), '');
		requireColumns(
			headers,
			[['categorieJuridiqueUniteLegale', 'economieSocialeSolidaireUniteLegale']],
			fileLabel(options),
			' : sans les colonnes de l’unité légale, l’appartenance à l’ESS est inconnue ; importer aussi le fichier StockUniteLegale'
		);
	} catch (error) {
		await table.close();
		throw error;
	}
	yield* mapRows(table.rows, (record, line) => mapSireneRow(canonicalRecord(record, rename), line, options), siretKey);
}

export interface LegalUnitFilter {
	/** Only these legal units (those with an establishment in the territory). */
	sirens?: Set<string>;
	keepCollectivites?: boolean;
}

/**
 * Streams StockUniteLegale and keeps, by SIREN, the columns of the legal units of interest: ESS
 * (flag or legal family), and collectivités when asked. The full national file has ~30 million
 * rows; restricting to `sirens` keeps the map to the territory's size.
 */
export async function loadLegalUnits(
	source: ImportSource,
	filter: LegalUnitFilter & FileOptions = {}
): Promise<Map<string, Record<string, string>>> {
	const table = await openTable(source, filter);
	const rename = renameColumns(table.headers, ['siren', ...LEGAL_UNIT_COLUMNS]);
	const headers = new Set(table.headers.map((h) => rename.get(h) ?? h));
	const present = LEGAL_UNIT_COLUMNS.filter((name) => headers.has(name));
	try {
		requireColumns(
			headers,
			[['siren'], ['categorieJuridiqueUniteLegale', 'economieSocialeSolidaireUniteLegale']],
			fileLabel(filter),
			' (fichier StockUniteLegale attendu)'
		);
	} catch (error) {
		await table.close();
		throw error;
	}
	const units = new Map<string, Record<string, string>>();
	for await (const row of table.rows) {
		const record = canonicalRecord(row.record, rename);
		const siren = (record.siren ?? '').trim();
		if (filter.sirens && !filter.sirens.has(siren)) continue;
		const categorie = (record.categorieJuridiqueUniteLegale ?? '').trim();
		const wanted =
			(record.economieSocialeSolidaireUniteLegale ?? '').trim() === 'O' ||
			isEssLegalFamily(categorie) ||
			(filter.keepCollectivites === true && legalFamilyOf(categorie) === 'collectivite');
		if (!wanted) continue;
		const unit: Record<string, string> = {};
		for (const name of present) unit[name] = record[name];
		units.set(siren, unit);
	}
	return units;
}

/** The SIRENs of the establishments located in the territory: a first, light pass. */
export async function territorySirens(source: ImportSource, options: SireneOptions & FileOptions): Promise<Set<string>> {
	const table = await openTable(source, options);
	const rename = renameColumns(table.headers, ETABLISSEMENT_COLUMNS);
	const directory = { codes: options.communeCodes, aliases: options.communeAliases ?? new Map<string, string>() };
	const sirens = new Set<string>();
	for await (const row of table.rows) {
		const record = canonicalRecord(row.record, rename);
		if (currentCommuneCode(directory, (record.codeCommuneEtablissement ?? '').trim())) {
			sirens.add((record.siren || (record.siret ?? '').slice(0, 9)).trim());
		}
	}
	return sirens;
}

export interface SireneFiles {
	etablissements: ImportSource;
	unitesLegales: ImportSource;
}

/**
 * Reads StockEtablissement joined with StockUniteLegale on `siren`. When the establishments are a
 * file path, a first pass collects the SIRENs of the territory so that only their legal units are
 * held in memory; the establishments are then streamed.
 */
export async function* readSireneFiles(files: SireneFiles, options: SireneOptions & FileOptions): AsyncGenerator<RowOutcome<Actor>> {
	const sirens = typeof files.etablissements === 'string' ? await territorySirens(files.etablissements, options) : undefined;
	const units = await loadLegalUnits(files.unitesLegales, { sirens, keepCollectivites: options.keepCollectivites });
	const table = await openTable(files.etablissements, options);
	const rename = renameColumns(table.headers, ETABLISSEMENT_COLUMNS);
	const headers = new Set(table.headers.map((h) => rename.get(h) ?? h));
	try {
		requireColumns(headers, [['siret'], ['codeCommuneEtablissement']], fileLabel(options), ' (fichier StockEtablissement attendu)');
	} catch (error) {
		await table.close();
		throw error;
	}
	yield* mapRows(
		table.rows,
		(raw, line) => {
			const record = canonicalRecord(raw, rename);
			const siren = (record.siren || (record.siret ?? '').slice(0, 9)).trim();
			// A legal unit not kept is outside the ESS: mapSireneRow says so once territory and
			// state are checked, so the skip reason stays the most telling one.
			return mapSireneRow(record, line, options, units.get(siren) ?? EMPTY_UNIT);
		},
		siretKey
	);
}

const EMPTY_UNIT: Record<string, string> = {};
