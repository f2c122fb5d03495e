// What a file really is, from its first bytes: a container (CSV text, XLSX workbook, GeoJSON), its
// text encoding and its CSV separator. Uploads arrive with whatever name the user's computer gave
// them, so the content decides and a mismatch with the name is reported once, clearly.
import fs from 'node:fs';
import path from 'node:path';
import { ImportFileError } from './errors';
import type { ImportSource } from './types';

export type Container = 'csv' | 'xlsx' | 'geojson';
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Enough to see the header, guess the separator and catch most Windows-1252 accents early. */
export const SNIFF_BYTES = 1 << 20;
const READ_CHUNK = 256 * 1024;

/** The bytes of a source, chunk by chunk. */
export async function* byteChunks(source: ImportSource): AsyncGenerator<Buffer> {
	if (typeof source === 'string') {
		yield* fs.createReadStream(source, { highWaterMark: READ_CHUNK });
	} else if (source instanceof Uint8Array) {
		yield Buffer.from(source.buffer, source.byteOffset, source.byteLength);
	} else {
		for await (const chunk of source) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
	}
}

export interface PeekedSource {
	/** The first bytes (at most `size`, fewer when the file is shorter). */
	head: Buffer;
	/** All the bytes, the head included, for one streaming pass. */
	chunks: AsyncGenerator<Buffer>;
}

/** Reads the head of a source without losing it for the streaming pass that follows. */
export async function peekSource(source: ImportSource, size = SNIFF_BYTES): Promise<PeekedSource> {
	const iterator = byteChunks(source);
	const parts: Buffer[] = [];
	let length = 0;
	let done = false;
	while (length < size) {
		const next = await iterator.next();
		if (next.done) {
			done = true;
			break;
		}
		parts.push(next.value);
		length += next.value.length;
	}
	const buffered = Buffer.concat(parts);
	async function* replay(): AsyncGenerator<Buffer> {
		try {
			if (buffered.length) yield buffered;
			if (done) return;
			for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
		} finally {
			await iterator.return(undefined);
		}
	}
	return { head: buffered.subarray(0, size), chunks: replay() };
}

interface Signature {
	bytes: number[];
	what: string;
}

// File types people rename by mistake (or not) before an upload.
const SIGNATURES: Signature[] = [
	{ bytes: [0x89, 0x50, 0x4e, 0x47], what: 'une image PNG' },
	{ bytes: [0xff, 0xd8, 0xff], what: 'une image JPEG' },
	{ bytes: [0x47, 0x49, 0x46, 0x38], what: 'une image GIF' },
	{ bytes: [0x25, 0x50, 0x44, 0x46], what: 'un document PDF' },
	{ bytes: [0x1f, 0x8b], what: 'une archive compressée gzip (à décompresser d’abord)' },
	{ bytes: [0x37, 0x7a, 0xbc, 0xaf], what: 'une archive 7z (à décompresser d’abord)' },
	{ bytes: [0x52, 0x61, 0x72, 0x21], what: 'une archive RAR (à décompresser d’abord)' },
	{ bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'un classeur Excel 97-2003 (.xls) : l’enregistrer en .xlsx ou en .csv' }
];
const ZIP = [0x50, 0x4b, 0x03, 0x04];

function startsWith(head: Buffer, bytes: number[]): boolean {
	return head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
}

/** Whether a zip archive holds an Excel workbook (its part names are stored in clear). */
function zipHoldsWorkbook(head: Buffer): boolean {
	return head.includes('xl/') || head.includes('[Content_Types].xml');
}

export function detectEncoding(head: Buffer): TextEncoding {
	if (startsWith(head, [0xef, 0xbb, 0xbf])) return 'utf-8';
	if (startsWith(head, [0xff, 0xfe])) return 'utf-16le';
	if (startsWith(head, [0xfe, 0xff])) return 'utf-16be';
	try {
		// `stream: true` tolerates a character cut at the end of the head.
		new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
		return 'utf-8';
	} catch {
		// Excel's « CSV (séparateur : point-virgule) » on a French Windows.
		return 'windows-1252';
	}
}

/** Text has no NUL byte (outside UTF-16) and almost no control characters. */
function looksLikeText(head: Buffer, encoding: TextEncoding): boolean {
	if (encoding === 'utf-16le' || encoding === 'utf-16be') return true;
	const sample = head.subarray(0, 64 * 1024);
	let control = 0;
	for (const byte of sample) {
		if (byte === 0) return false;
		if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) control++;
	}
	return control <= sample.length / 100;
}

function firstNonSpaceByte(head: Buffer): number | undefined {
	let i = startsWith(head, [0xef, 0xbb, 0xbf]) ? 3 : 0;
	while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
	return head[i];
}

/** The container a file name claims, from its extension; null when it claims nothing we read. */
export function claimedContainer(fileName: string | undefined): Container | null {
	const extension = path.extname(fileName ?? '').toLowerCase();
	if (extension === '.csv' || extension === '.txt' || extension === '.tsv') return 'csv';
	if (extension === '.xlsx') return 'xlsx';
	if (extension === '.geojson' || extension === '.json') return 'geojson';
	return null;
}

const CONTAINER_NAMES: Record<Container, string> = {
	csv: 'un fichier CSV',
	xlsx: 'un classeur Excel .xlsx',
	geojson: 'un fichier GeoJSON'
};

/**
 * The container of a file from its first bytes, checked against what its name claims.
 * Throws one ImportFileError for an empty file, a binary file, or a file that is not what its
 * name says.
 */
export function detectContainer(head: Buffer, fileName?: string): Container {
	const name = fileName ? `« ${path.basename(fileName)} »` : 'le fichier';
	const claimed = claimedContainer(fileName);
	if (head.length === 0 || (head.length === 3 && startsWith(head, [0xef, 0xbb, 0xbf]))) throw new ImportFileError(`${name} est vide`);
	for (const signature of SIGNATURES) {
		if (startsWith(head, signature.bytes))
			throw new ImportFileError(`${name} n’est pas ${CONTAINER_NAMES[claimed ?? 'csv']} : c’est ${signature.what}`);
	}
	let found: Container;
	if (startsWith(head, ZIP)) {
		if (head.includes('opendocument.spreadsheet'))
			throw new ImportFileError(`${name} est un classeur OpenDocument (.ods) : l’enregistrer en .xlsx ou en .csv`);
		if (!zipHoldsWorkbook(head))
			throw new ImportFileError(`${name} est une archive ZIP, pas un classeur Excel : en extraire le fichier à importer`);
		found = 'xlsx';
	} else {
		const encoding = detectEncoding(head);
		if (!looksLikeText(head, encoding))
			throw new ImportFileError(`${name} n’est pas un fichier texte (contenu binaire) : attendu un CSV, un classeur .xlsx ou un GeoJSON`);
		const first = firstNonSpaceByte(head);
		if (first === undefined) throw new ImportFileError(`${name} est vide`);
		// No CSV header starts with a brace: this is JSON, GeoJSON or not.
		found = first === 0x7b /* { */ ? 'geojson' : 'csv';
	}
	if (claimed && claimed !== found)
		throw new ImportFileError(`${name} n’est pas ${CONTAINER_NAMES[claimed]} : son contenu est celui d’${CONTAINER_NAMES[found]}`);
	return found;
}

const CANDIDATE_DELIMITERS = [';', ',', '\t'] as const;
export type Delimiter = (typeof CANDIDATE_DELIMITERS)[number];

/** The first logical line of CSV text (a quoted field may hold line breaks). */
function firstRecordText(text: string): string {
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (c === '"') quoted = !quoted;
		else if (!quoted && (c === '\n' || c === '\r')) return text.slice(0, i);
	}
	return text;
}

function countOutsideQuotes(line: string, delimiter: string): number {
	let quoted = false;
	let count = 0;
	for (const c of line) {
		if (c === '"') quoted = !quoted;
		else if (!quoted && c === delimiter) count++;
	}
	return count;
}

/**
 * The separator of a CSV from its header line: the most frequent of `;`, `,` and tab outside
 * quotes; `;` wins a tie (French Excel), `,` when the file has a single column.
 */
export function detectDelimiter(text: string): Delimiter {
	const header = firstRecordText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
	let best: Delimiter = ',';
	let bestCount = 0;
	for (const delimiter of CANDIDATE_DELIMITERS) {
		const count = countOutsideQuotes(header, delimiter);
		if (count > bestCount) {
			best = delimiter;
			bestCount = count;
		}
	}
	return best;
}
