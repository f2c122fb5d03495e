// A table read from a CSV or a worksheet: its header, then its data rows one at a time.
import { ImportFileError } from './errors';
import type { Delimiter, TextEncoding } from './sniff';
import type { SourceRow } from './types';

/** One physical record of a table, before the header gives its cells names. */
export interface RawRecord {
	line: number;
	cells: string[];
	/** Set by the reader when the row cannot be trusted as a whole. */
	problem?: string;
}

export interface TableInfo {
	container: 'csv' | 'xlsx';
	encoding?: TextEncoding;
	delimiter?: Delimiter;
}

export interface OpenTable {
	headers: string[];
	/** Line (or sheet row) of the header. */
	headerLine: number;
	info: TableInfo;
	/** The data rows, streamed; blank rows are left out. */
	rows: AsyncGenerator<SourceRow>;
	/** Releases the file when the rows are not read to the end. */
	close(): Promise<void>;
}

/** Header names as the rows will be keyed: trimmed, never empty, never twice the same. */
export function uniqueHeaders(cells: string[]): string[] {
	const seen = new Map<string, number>();
	return cells.map((cell, i) => {
		const name = cell.replace(/^\uFEFF/, '').trim() || `colonne ${i + 1}`;
		const count = (seen.get(name) ?? 0) + 1;
		seen.set(name, count);
		return count === 1 ? name : `${name} (${count})`;
	});
}

function toSourceRow(headers: string[], raw: RawRecord): SourceRow {
	const record: Record<string, string> = {};
	for (let i = 0; i < headers.length; i++) record[headers[i]] = raw.cells[i] ?? '';
	let problem = raw.problem;
	if (!problem && raw.cells.length > headers.length) {
		const extra = raw.cells.slice(headers.length).filter((c) => c.trim() !== '');
		if (extra.length) {
			problem = `${raw.cells.length} valeurs pour ${headers.length} colonnes d’en-tête : séparateur dans une valeur sans guillemets, ou guillemet mal fermé ?`;
			record['(valeurs en trop)'] = extra.join(' | ');
		}
	}
	return problem ? { line: raw.line, record, problem } : { line: raw.line, record };
}

/**
 * Takes the header from the first record and checks that data follows, so that an empty or
 * header-only file fails at once with one message rather than importing nothing silently.
 */
export async function openRecords(records: AsyncGenerator<RawRecord>, info: TableInfo, fileLabel: string): Promise<OpenTable> {
	const first = await records.next();
	if (first.done) throw new ImportFileError(`${fileLabel} est vide`);
	const headers = uniqueHeaders(first.value.cells);
	const second = await records.next();
	if (second.done) throw new ImportFileError(`${fileLabel} ne contient que la ligne d’en-tête : aucune donnée à importer`);
	const firstRow = second.value;
	async function* rows(): AsyncGenerator<SourceRow> {
		yield toSourceRow(headers, firstRow);
		for await (const raw of records) yield toSourceRow(headers, raw);
	}
	return {
		headers,
		headerLine: first.value.line,
		info,
		rows: rows(),
		close: async () => {
			await records.return(undefined);
		}
	};
}
