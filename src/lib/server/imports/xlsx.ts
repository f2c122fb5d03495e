// Streaming XLSX reader (exceljs WorkbookReader): rows of one worksheet with their row number,
// cells turned into the text a CSV of the same sheet would hold (dates as ISO days).
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { isoDateOfUtc } from '../../domain/dates';
import { fileLabelOf } from './csv';
import { ImportFileError } from './errors';
import { detectContainer, peekSource } from './sniff';
import { openRecords, type OpenTable, type RawRecord } from './table';
import type { ImportSource } from './types';

const XLSX_HEAD = 64 * 1024;

export interface XlsxOptions {
	fileName?: string;
	/** Worksheet position, from 1 (the first sheet by default). */
	sheet?: number;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

/** The text of a cell value: rich text flattened, formulas by their result, links by their text. */
export function cellText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return String(value);
	if (typeof value === 'boolean') return value ? 'oui' : 'non';
	// exceljs builds dates from the serial number as UTC midnight.
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : isoDateOfUtc(value);
	if (isObject(value)) {
		if (Array.isArray(value.richText)) return value.richText.map((part: { text?: string }) => part.text ?? '').join('');
		if ('result' in value) return cellText(value.result);
		if ('text' in value) return cellText(value.text);
		if ('error' in value) return '';
	}
	return String(value);
}

function rowCells(values: unknown): string[] {
	if (!Array.isArray(values)) return [];
	// exceljs row values are 1-based and sparse.
	const cells: string[] = new Array(Math.max(values.length - 1, 0));
	for (let i = 1; i < values.length; i++) cells[i - 1] = cellText(values[i]);
	return cells;
}

async function* sheetRecords(chunks: AsyncGenerator<Buffer>, sheet: number, fileLabel: string): AsyncGenerator<RawRecord> {
	const workbook = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(chunks), {
		sharedStrings: 'cache',
		// Styles tell dates from numbers.
		styles: 'cache',
		hyperlinks: 'ignore',
		worksheets: 'emit',
		entries: 'ignore'
	});
	let position = 0;
	try {
		for await (const worksheet of workbook) {
			position++;
			for await (const row of worksheet) {
				if (position !== sheet) continue;
				const cells = rowCells(row.values);
				if (cells.every((cell) => cell === undefined || cell.trim() === '')) continue;
				yield { line: row.number, cells: Array.from(cells, (cell) => cell ?? '') };
			}
			if (position === sheet) return;
		}
	} catch (error) {
		throw new ImportFileError(`${fileLabel} : classeur illisible (${error instanceof Error ? error.message : String(error)})`);
	} finally {
		await chunks.return(undefined);
	}
	if (position < sheet) throw new ImportFileError(`${fileLabel} n’a pas de feuille n° ${sheet}`);
}

/** Opens the worksheet of a workbook: header read, first data row checked, the rest streamed. */
export async function openXlsx(source: ImportSource, options: XlsxOptions = {}): Promise<OpenTable> {
	const fileLabel = fileLabelOf(options.fileName);
	const { head, chunks } = await peekSource(source, XLSX_HEAD);
	try {
		const container = detectContainer(head, options.fileName);
		if (container !== 'xlsx')
			throw new ImportFileError(
				`${fileLabel} n’est pas un classeur Excel .xlsx : son contenu est celui d’un fichier ${container === 'csv' ? 'CSV' : 'GeoJSON'}`
			);
		return await openRecords(sheetRecords(chunks, options.sheet ?? 1, fileLabel), { container: 'xlsx' }, fileLabel);
	} catch (error) {
		await chunks.return(undefined);
		throw error;
	}
}
