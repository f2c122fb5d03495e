// The DLA's accompaniments from a CSV or XLSX (a tracking sheet): one parcours per row, naming its
// structure by SIRET or actor id. Dates in ISO or dd/mm/yyyy, themes separated by `;`, amounts
// with a French decimal comma.
import { accompanimentImportSchema, STAGE_DATE_FIELDS, type AccompanimentImport } from '../../schemas/accompaniment';
import { ACTIVE_STAGES } from '../../domain/stages';
import { ImportFileError } from './errors';
import { openTable, type OpenTableOptions } from './open';
import { fieldColumns, mapRows, validateRow, type DuplicateKey } from './rows';
import type { ImportSource, RowOutcome, RowResult } from './types';

/** An accompaniment ready for the database: its structure still to resolve from SIRET or id. */
export type AccompanimentRecord = AccompanimentImport & { source_id: string };

type AccompanimentField = keyof typeof accompanimentImportSchema.shape;

// Header names accepted for each field besides the field's own name (compared folded).
const SYNONYMS: Partial<Record<AccompanimentField, string[]>> = {
	stage: ['étape', 'etape du parcours'],
	actor_id: ['id acteur', 'acteur'],
	source_id: ['id', 'identifiant', 'id parcours', 'référence'],
	themes: ['thématiques', 'thème'],
	prestataire: ['prestataire nom', 'prestataire_nom', 'consultant'],
	budget_eur: ['budget', 'budget €', 'montant'],
	jours: ['nombre de jours', 'nb jours'],
	next_followup: ['prochain suivi', 'relance']
};

/** Field → the header of the file that holds it. */
export function accompanimentColumns(headers: string[]): Map<AccompanimentField, string> {
	return fieldColumns(Object.keys(accompanimentImportSchema.shape) as AccompanimentField[], headers, SYNONYMS);
}

/**
 * Without an identifier column, a parcours is known by its structure and its first date, so that
 * importing the same sheet again updates it.
 */
function derivedSourceId(a: AccompanimentImport): string {
	const structure = a.siret ?? `acteur-${a.actor_id}`;
	const firstDate = ACTIVE_STAGES.map((stage) => a[STAGE_DATE_FIELDS[stage]]).find((date) => date !== null) ?? a.date_fin;
	return `${structure}:${firstDate}`;
}

export function mapAccompanimentRow(
	record: Record<string, string>,
	line: number,
	columns: Map<AccompanimentField, string>
): RowResult<AccompanimentRecord> {
	const input: Record<string, string> = {};
	for (const [field, header] of columns) input[field] = record[header];
	const result = validateRow(accompanimentImportSchema, input, line, (field) => columns.get(field as AccompanimentField) ?? field);
	if (!('ok' in result) || !result.ok) return result;
	return { ok: true, value: { ...result.value, source_id: result.value.source_id ?? derivedSourceId(result.value) } };
}

function accompanimentKey(a: AccompanimentRecord): DuplicateKey {
	return { key: a.source_id, column: null, label: `parcours ${a.source_id}` };
}

/** Reads an accompaniments file, streaming. */
export async function* readAccompanimentsFile(
	source: ImportSource,
	options: OpenTableOptions = {}
): AsyncGenerator<RowOutcome<AccompanimentRecord>> {
	const table = await openTable(source, options);
	const columns = accompanimentColumns(table.headers);
	const missing = [];
	if (!columns.has('stage')) missing.push('stage');
	if (!columns.has('siret') && !columns.has('actor_id')) missing.push('siret ou actor_id');
	if (missing.length) {
		await table.close();
		throw new ImportFileError(
			`${options.fileName ? `« ${options.fileName} »` : 'le fichier'} : colonne ${missing.join(', ')} absente (fichier d’accompagnements attendu)`
		);
	}
	yield* mapRows(table.rows, (record, line) => mapAccompanimentRow(record, line, columns), accompanimentKey);
}
