// Opens a table whatever its container: the content decides between CSV and XLSX.
import { fileLabelOf, openCsv } from './csv';
import { ImportFileError } from './errors';
import { detectContainer, peekSource, type Container } from './sniff';
import type { OpenTable } from './table';
import type { ImportSource } from './types';
import { openXlsx } from './xlsx';

export interface OpenTableOptions {
	fileName?: string;
	/** Worksheet position in a workbook, from 1. */
	sheet?: number;
}

/** The container of a source from its head, with the source still whole for reading. */
export async function sniffSource(
	source: ImportSource,
	fileName?: string
): Promise<{ container: Container; source: AsyncGenerator<Buffer> }> {
	const { head, chunks } = await peekSource(source, 64 * 1024);
	try {
		return { container: detectContainer(head, fileName), source: chunks };
	} catch (error) {
		await chunks.return(undefined);
		throw error;
	}
}

export async function openTable(source: ImportSource, options: OpenTableOptions = {}): Promise<OpenTable> {
	const sniffed = await sniffSource(source, options.fileName);
	if (sniffed.container === 'geojson') {
		await sniffed.source.return(undefined);
		throw new ImportFileError(`${fileLabelOf(options.fileName)} est un fichier GeoJSON, pas un tableau : l’importer comme GeoJSON`);
	}
	return sniffed.container === 'xlsx' ? openXlsx(sniffed.source, options) : openCsv(sniffed.source, options);
}
