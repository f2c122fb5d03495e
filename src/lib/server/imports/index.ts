// The import pipeline, phase 1: read a file, recognise its format, validate each row into a typed
// record or a skip or a rejection with its reason. Writing to the database is the next phase.
//
//   const inspection = await inspectImportFile(path, { fileName });       // preview, proposed mapping
//   for await (const outcome of readActorsFile(path, { communes, ... }))  // streamed RowOutcome<Actor>
//   for await (const outcome of readAccompanimentsFile(path))             // RowOutcome<AccompanimentRecord>
import type { ActorKind } from '../../domain/stages';
import type { Actor, LegalBasis } from '../../schemas/actor';
import type { CommuneDirectory } from './communes';
import { detectTableFormat } from './detect';
import { ImportFileError } from './errors';
import { guessMapping, readGenericFile, type ColumnMapping } from './generic';
import { readGeoJsonFile, readGeoJsonTable } from './geojson';
import { sniffSource, openTable, type OpenTableOptions } from './open';
import { readRnaFile } from './rna';
import { readSireneFile } from './sirene';
import type { Container, Delimiter, TextEncoding } from './sniff';
import type { ImportFormat, ImportSource, RowOutcome, SourceRow } from './types';

export { readAccompanimentsFile, mapAccompanimentRow, type AccompanimentRecord } from './accompaniments';
export { buildCommuneDirectory, loadCommuneDirectory, resolveCommune, type CommuneDirectory } from './communes';
export { ImportFileError } from './errors';
export {
	guessMapping,
	mappingProblems,
	mapGenericRow,
	readGenericFile,
	columnMappingSchema,
	MAPPABLE_FIELDS,
	MAPPABLE_FIELD_LABELS,
	type ColumnMapping,
	type MappableField
} from './generic';
export { readGeoJsonFile, readGeoJsonTable } from './geojson';
export { lambert93ToWgs84 } from './lambert93';
export { RejectionReport, rejectionsOf, tally, writeRejectionReport, type Rejection } from './rejections';
export { mapRnaRow, readRnaFile } from './rna';
export { loadLegalUnits, mapSireneRow, readSireneFile, readSireneFiles, territorySirens, type SireneOptions } from './sirene';
export * from './types';

export interface FileInspection {
	container: Container;
	format: ImportFormat;
	/** Column names, or the property names of a GeoJSON. */
	headers: string[];
	encoding?: TextEncoding;
	delimiter?: Delimiter;
	/** For formats that need one (generic tables, GeoJSON): the proposed column mapping. */
	mapping: ColumnMapping | null;
	/** The first rows, for a preview. */
	sample: SourceRow[];
}

/** Reads the head of a file: its container, format, columns and first rows. */
export async function inspectImportFile(
	source: ImportSource,
	options: OpenTableOptions & { sampleSize?: number } = {}
): Promise<FileInspection> {
	const sampleSize = options.sampleSize ?? 5;
	const sniffed = await sniffSource(source, options.fileName);
	if (sniffed.container === 'geojson') {
		const table = await readGeoJsonTable(sniffed.source, options);
		return {
			container: 'geojson',
			format: 'geojson',
			headers: table.properties,
			mapping: guessMapping(table.properties),
			sample: table.features.slice(0, sampleSize).map(({ line, record }) => ({ line, record }))
		};
	}
	const table = await openTable(sniffed.source, options);
	const sample: SourceRow[] = [];
	try {
		for await (const row of table.rows) {
			sample.push(row);
			if (sample.length >= sampleSize) break;
		}
	} finally {
		await table.close();
	}
	const format = detectTableFormat(table.headers, table.info.container);
	return {
		container: table.info.container,
		format,
		headers: table.headers,
		encoding: table.info.encoding,
		delimiter: table.info.delimiter,
		mapping: format === 'csv' || format === 'xlsx' ? guessMapping(table.headers) : null,
		sample
	};
}

export interface ActorImportOptions extends OpenTableOptions {
	/** The format, as inspected; detected from the file when absent (which reads its head twice). */
	format?: ImportFormat;
	communes: CommuneDirectory;
	/** Generic tables and GeoJSON: the mapping chosen by the user, else the proposed one. */
	mapping?: ColumnMapping;
	/** SIRENE: also keep the collectivités as actors of kind `collectivite`. */
	keepCollectivites?: boolean;
	/** Generic tables and GeoJSON: the kind of actors whose row does not say it. */
	defaultKind?: ActorKind;
	/** Generic tables and GeoJSON: tags for every actor of the file. */
	tags?: string[];
	contactLegalBasis?: LegalBasis;
}

/** Reads a file of actors in any format that holds them, streaming its outcomes. */
export async function* readActorsFile(source: ImportSource, options: ActorImportOptions): AsyncGenerator<RowOutcome<Actor>> {
	let format = options.format;
	if (!format) {
		if (typeof source !== 'string' && !(source instanceof Uint8Array))
			throw new Error('readActorsFile : format requis pour un flux, qui ne se lit qu’une fois');
		format = (await inspectImportFile(source, { ...options, sampleSize: 1 })).format;
	}
	const { communes } = options;
	switch (format) {
		case 'sirene':
			yield* readSireneFile(source, { ...options, communeCodes: communes.codes, communeAliases: communes.aliases });
			return;
		case 'rna':
			yield* readRnaFile(source, { ...options, communeCodes: communes.codes, communeAliases: communes.aliases });
			return;
		case 'geojson':
			yield* readGeoJsonFile(source, options);
			return;
		case 'csv':
		case 'xlsx':
			yield* readGenericFile(source, options);
			return;
		case 'sirene_unite_legale':
			throw new ImportFileError(
				'fichier StockUniteLegale : il ne situe aucun établissement, l’importer avec le fichier StockEtablissement'
			);
		case 'accompaniments':
			throw new ImportFileError('fichier d’accompagnements : l’importer comme accompagnements, pas comme acteurs');
		case 'relations':
			throw new ImportFileError('fichier de relations entre acteurs : l’importer comme relations, pas comme acteurs');
	}
}
