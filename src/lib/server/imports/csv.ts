// Streaming CSV reader: detects the encoding (UTF-8 with or without BOM, UTF-16 from Excel's
// « Texte Unicode », else Windows-1252) and the separator, and gives each row with the physical
// line where it starts, so that a rejection points at the line the user sees in a text editor.
import { Readable, pipeline } from 'node:stream';
import path from 'node:path';
import { parse, CsvError } from 'csv-parse';
import iconv from 'iconv-lite';
import { ImportFileError } from './errors';
import { detectContainer, detectDelimiter, detectEncoding, peekSource, type Delimiter, type TextEncoding } from './sniff';
import { openRecords, type OpenTable, type RawRecord } from './table';
import type { ImportSource } from './types';

const DELIMITER_SAMPLE = 64 * 1024;
const REPLACEMENT_CHARACTER = '\uFFFD';

export interface CsvOptions {
	/** The name the file came with, to check that its content matches its extension. */
	fileName?: string;
	/** Forces the encoding instead of detecting it. */
	encoding?: TextEncoding;
	/** Forces the separator instead of detecting it. */
	delimiter?: Delimiter;
}

/** Line breaks inside quoted values: CRLF, LF or a lone CR each count once. */
function lineBreaksIn(cells: string[]): number {
	let breaks = 0;
	for (const cell of cells) {
		if (cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) continue;
		for (let i = 0; i < cell.length; i++) {
			const c = cell.charCodeAt(i);
			if (c === 10 || (c === 13 && cell.charCodeAt(i + 1) !== 10)) breaks++;
		}
	}
	return breaks;
}

export function fileLabelOf(fileName: string | undefined): string {
	return fileName ? `« ${path.basename(fileName)} »` : 'le fichier';
}

/** UTF-8 was chosen from the head; a later byte that is not UTF-8 decodes as U+FFFD. */
function undecodable(cells: string[]): boolean {
	for (const cell of cells) if (cell.includes(REPLACEMENT_CHARACTER)) return true;
	return false;
}

async function* csvRecords(
	chunks: AsyncGenerator<Buffer>,
	encoding: TextEncoding,
	delimiter: Delimiter,
	fileLabel: string
): AsyncGenerator<RawRecord> {
	// Empty lines come through as records of one empty cell (and are left out below) rather than
	// being skipped by csv-parse: its `info` option, needed otherwise to count them, costs 2.5× the
	// parse itself on a SIRENE file.
	const parser = parse({ delimiter, relax_column_count: true, relax_quotes: true });
	// pipeline destroys every stream on error, so the loop below sees the parser's error.
	pipeline(Readable.from(chunks), iconv.decodeStream(encoding), parser, () => {});
	// A record starts after the previous one; it spans as many lines as the line breaks inside its
	// quoted values. (csv-parse's own line count is off by one for each CRLF inside quotes.)
	let previousEnd = 0;
	try {
		for await (const record of parser as AsyncIterable<string[]>) {
			const line = previousEnd + 1;
			previousEnd = line + lineBreaksIn(record);
			if (record.every((cell) => cell.trim() === '')) continue;
			yield undecodable(record)
				? { line, cells: record, problem: 'caractères illisibles : le fichier mélange des encodages (l’enregistrer en UTF-8)' }
				: { line, cells: record };
		}
	} catch (error) {
		if (error instanceof CsvError) {
			const line = typeof error.lines === 'number' ? error.lines : null;
			throw new ImportFileError(`${fileLabel} : CSV illisible (${error.message})`, line);
		}
		throw error;
	} finally {
		parser.destroy();
	}
}

/** Opens a CSV: header read, first data row checked, the rest streamed. */
export async function openCsv(source: ImportSource, options: CsvOptions = {}): Promise<OpenTable> {
	const fileLabel = fileLabelOf(options.fileName);
	const { head, chunks } = await peekSource(source);
	try {
		const container = detectContainer(head, options.fileName);
		if (container !== 'csv')
			throw new ImportFileError(
				`${fileLabel} n’est pas un fichier CSV : son contenu est celui d’un ${container === 'xlsx' ? 'classeur Excel .xlsx' : 'fichier GeoJSON'}`
			);
		const encoding = options.encoding ?? detectEncoding(head);
		const delimiter = options.delimiter ?? detectDelimiter(iconv.decode(head.subarray(0, DELIMITER_SAMPLE), encoding));
		return await openRecords(csvRecords(chunks, encoding, delimiter, fileLabel), { container: 'csv', encoding, delimiter }, fileLabel);
	} catch (error) {
		await chunks.return(undefined);
		throw error;
	}
}
