// RNA « waldec » files (the associations register) → actors. Dissolved and deleted associations
// are skipped, as are those outside the territory. In Moselle the register is nearly empty
// (associations of droit local are registered at the tribunal judiciaire): SIRENE is the main
// source there, the RNA matters for other départements.
import { checkSiret } from '../../domain/siret';
import { parseDate } from '../../domain/dates';
import { actorSchema, type Actor } from '../../schemas/actor';
import { streetAddress } from './addresses';
import { ImportFileError } from './errors';
import { openTable, type OpenTableOptions } from './open';
import { canonicalRecord, mapRows, renameColumns, validateRow, type DuplicateKey } from './rows';
import type { ImportSource, RowOutcome, RowResult } from './types';

export interface RnaOptions {
	communeCodes: Set<string>;
	communeAliases?: Map<string, string>;
}

export const RNA_SKIP = { dissolved: 'dissoute', deleted: 'supprimée', outside: 'hors territoire' } as const;

export const RNA_COLUMNS = [
	'id',
	'siret',
	'rup_mi',
	'date_creat',
	'date_disso',
	'groupement',
	'titre',
	'titre_court',
	'objet',
	'adrs_complement',
	'adrs_numvoie',
	'adrs_repetition',
	'adrs_typevoie',
	'adrs_libvoie',
	'adrs_distrib',
	'adrs_codeinsee',
	'adrs_codepostal',
	'position'
] as const;

const COLUMN_OF_FIELD: Record<string, string> = {
	nom: 'titre',
	sigle: 'titre_court',
	rna: 'id',
	date_creation: 'date_creat',
	adresse: 'adrs_libvoie',
	code_postal: 'adrs_codepostal',
	commune_code: 'adrs_codeinsee',
	notes: 'objet'
};
const columnOf = (field: string) => COLUMN_OF_FIELD[field] ?? null;

// The RNA writes 0001-01-01 for « no date ».
const NO_DATE = '0001-01-01';
// Départements of droit local: an association registered there is of this legal form.
const DROIT_LOCAL = /^(57|67|68)/;
const MAX_SIGLE = 60;
const MAX_OBJET = 2000;

type Cells = (name: string) => string;

function cellsOf(record: Record<string, string>): Cells {
	return (name) => (record[name] ?? '').trim();
}

function rnaDate(value: string): string {
	return value === NO_DATE || value.startsWith('0001') ? '' : value;
}

/**
 * The RNA gives no catégorie juridique: a registered association is « déclarée », « reconnue
 * d'utilité publique » when it has an RUP decree, and of droit local in Alsace-Moselle.
 */
function rnaCategorieJuridique(cell: Cells, communeCode: string): string {
	if (cell('rup_mi')) return '9230';
	return DROIT_LOCAL.test(communeCode) ? '9260' : '9220';
}

function rnaTags(groupement: string): string[] {
	if (groupement === 'U') return ['union'];
	if (groupement === 'F') return ['fédération'];
	return [];
}

export function mapRnaRow(record: Record<string, string>, line: number, options: RnaOptions): RowResult<Actor> {
	const cell = cellsOf(record);
	const position = cell('position').toUpperCase();
	if (position === 'D') return { skipped: RNA_SKIP.dissolved };
	if (position === 'S') return { skipped: RNA_SKIP.deleted };
	const dissolution = rnaDate(cell('date_disso'));
	if (dissolution && parseDate(dissolution).ok) return { skipped: RNA_SKIP.dissolved };
	const commune = cell('adrs_codeinsee');
	const communeCode = options.communeCodes.has(commune) ? commune : (options.communeAliases?.get(commune) ?? null);
	if (!communeCode) return { skipped: RNA_SKIP.outside };

	// The register's SIRET is often missing or mistyped: a wrong one must not cost the association.
	const siret = checkSiret(cell('siret'));
	const shortTitle = cell('titre_court');
	const objet = cell('objet');
	return validateRow(
		actorSchema,
		{
			kind: 'structure_ess',
			nom: cell('titre'),
			sigle: shortTitle && shortTitle.length <= MAX_SIGLE && shortTitle !== cell('titre') ? shortTitle : null,
			siret: siret.ok ? siret.value : null,
			rna: cell('id'),
			categorie_juridique: rnaCategorieJuridique(cell, communeCode),
			ess: true,
			date_creation: rnaDate(cell('date_creat')),
			adresse: streetAddress({
				numero: cell('adrs_numvoie'),
				repetition: cell('adrs_repetition'),
				typeVoie: cell('adrs_typevoie'),
				libelleVoie: cell('adrs_libvoie'),
				complement: cell('adrs_complement'),
				distribution: cell('adrs_distrib')
			}),
			code_postal: cell('adrs_codepostal'),
			commune_code: communeCode,
			tags: rnaTags(cell('groupement').toUpperCase()),
			// The notes are the team's: a re-import does not overwrite them, so the object is a start.
			notes: objet ? `Objet (RNA) : ${objet.length > MAX_OBJET ? `${objet.slice(0, MAX_OBJET)}…` : objet}` : null,
			source: 'rna',
			source_id: cell('id'),
			contacts: []
		},
		line,
		columnOf
	);
}

function rnaKey(actor: Actor): DuplicateKey | null {
	return actor.rna ? { key: actor.rna, column: 'id', label: `numéro RNA ${actor.rna}` } : null;
}

/** Reads an RNA waldec file (CSV, `;`-separated in the official extracts), streaming. */
export async function* readRnaFile(source: ImportSource, options: RnaOptions & OpenTableOptions): AsyncGenerator<RowOutcome<Actor>> {
	const table = await openTable(source, options);
	const rename = renameColumns(table.headers, RNA_COLUMNS);
	const headers = new Set(table.headers.map((h) => rename.get(h) ?? h));
	const missing = ['id', 'titre', 'adrs_codeinsee'].filter((name) => !headers.has(name));
	if (missing.length) {
		await table.close();
		throw new ImportFileError(
			`${options.fileName ? `« ${options.fileName} »` : 'le fichier'} : colonnes RNA absentes : ${missing.join(', ')}`
		);
	}
	yield* mapRows(table.rows, (record, line) => mapRnaRow(canonicalRecord(record, rename), line, options), rnaKey);
}
