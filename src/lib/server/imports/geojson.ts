// GeoJSON FeatureCollections of points (a partner's map export, a QGIS layer) → actors, their
// properties mapped like the columns of a table. GeoJSON has no streaming reader among our
// packages, so the file is read whole, within a size limit; such layers are small.
import type { Actor } from '../../schemas/actor';
import { fileLabelOf } from './csv';
import { ImportFileError } from './errors';
import {
	guessMapping,
	mappingProblems,
	mapGenericRow,
	actorKeyOf,
	type GenericFileOptions,
	type GenericOptions,
	type GivenPoint
} from './generic';
import { lambert93ToWgs84 } from './lambert93';
import { mapRows } from './rows';
import { byteChunks, detectContainer } from './sniff';
import type { ImportSource, RowOutcome, SourceRow } from './types';

/** 50 MB is some 100,000 points with their properties. */
export const GEOJSON_MAX_BYTES = 50 * 1024 * 1024;

export interface GeoJsonFeatureRow extends SourceRow {
	/** WGS 84; null when the feature has no geometry (its properties must then name a commune). */
	point: GivenPoint | null;
}

export interface GeoJsonTable {
	/** Property names found in the features, in order of appearance. */
	properties: string[];
	/** One row per feature; `line` is the feature's position, from 1. */
	features: GeoJsonFeatureRow[];
}

async function readWhole(source: ImportSource, maxBytes: number, fileLabel: string): Promise<Buffer> {
	const parts: Buffer[] = [];
	let length = 0;
	for await (const chunk of byteChunks(source)) {
		length += chunk.length;
		if (length > maxBytes)
			throw new ImportFileError(`${fileLabel} dépasse ${Math.round(maxBytes / 1024 / 1024)} Mo : le découper ou l’importer en CSV`);
		parts.push(chunk);
	}
	return Buffer.concat(parts);
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Projection = 'wgs84' | 'lambert93';

/** The legacy `crs` member (QGIS still writes it): WGS 84 when absent, as RFC 7946 says. */
function projectionOf(collection: Record<string, unknown>, fileLabel: string): Projection {
	const crs = collection.crs;
	if (!isRecord(crs) || !isRecord(crs.properties) || typeof crs.properties.name !== 'string') return 'wgs84';
	const name = crs.properties.name;
	if (/2154/.test(name)) return 'lambert93';
	if (/4326|CRS84/i.test(name)) return 'wgs84';
	throw new ImportFileError(`${fileLabel} : système de coordonnées ${name} non pris en charge (WGS 84 ou Lambert-93 attendu)`);
}

function propertyText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return JSON.stringify(value);
}

type FeaturePoint = { point: GivenPoint | null } | { problem: string };

function featurePoint(geometry: unknown, projection: Projection): FeaturePoint {
	if (geometry === null || geometry === undefined) return { point: null };
	if (!isRecord(geometry)) return { problem: 'géométrie illisible' };
	let coordinates = geometry.coordinates;
	if (geometry.type === 'MultiPoint' && Array.isArray(coordinates) && coordinates.length === 1) coordinates = coordinates[0];
	else if (geometry.type !== 'Point') return { problem: `géométrie ${String(geometry.type)} : seuls les points sont importés` };
	if (!Array.isArray(coordinates) || typeof coordinates[0] !== 'number' || typeof coordinates[1] !== 'number')
		return { problem: 'coordonnées du point illisibles' };
	const [x, y] = coordinates as number[];
	if (projection === 'wgs84') return { point: { lon: x, lat: y } };
	const converted = lambert93ToWgs84(x, y);
	return converted
		? { point: { lon: converted[0], lat: converted[1] } }
		: { problem: `coordonnées Lambert-93 (${x} ; ${y}) hors de France métropolitaine` };
}

/** Reads a GeoJSON file into rows of properties with their point. */
export async function readGeoJsonTable(
	source: ImportSource,
	options: { fileName?: string; maxBytes?: number } = {}
): Promise<GeoJsonTable> {
	const fileLabel = fileLabelOf(options.fileName);
	const bytes = await readWhole(source, options.maxBytes ?? GEOJSON_MAX_BYTES, fileLabel);
	const container = detectContainer(bytes.subarray(0, 64 * 1024), options.fileName);
	if (container !== 'geojson') throw new ImportFileError(`${fileLabel} n’est pas un fichier GeoJSON`);
	let parsed: unknown;
	try {
		parsed = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
	} catch (error) {
		throw new ImportFileError(`${fileLabel} : JSON illisible (${error instanceof Error ? error.message : String(error)})`);
	}
	if (!isRecord(parsed) || (parsed.type !== 'FeatureCollection' && parsed.type !== 'Feature')) {
		throw new ImportFileError(`${fileLabel} n’est pas une FeatureCollection GeoJSON`);
	}
	const features = parsed.type === 'Feature' ? [parsed] : parsed.features;
	if (!Array.isArray(features)) throw new ImportFileError(`${fileLabel} : FeatureCollection sans tableau « features »`);
	if (features.length === 0) throw new ImportFileError(`${fileLabel} ne contient aucune entité`);
	const projection = projectionOf(parsed, fileLabel);
	const properties = new Set<string>();
	const rows = features.map((feature, index): GeoJsonFeatureRow => {
		const record: Record<string, string> = {};
		const props = isRecord(feature) && isRecord(feature.properties) ? feature.properties : {};
		for (const [key, value] of Object.entries(props)) {
			properties.add(key);
			record[key] = propertyText(value);
		}
		const located = featurePoint(isRecord(feature) ? feature.geometry : undefined, projection);
		return 'problem' in located
			? { line: index + 1, record, point: null, problem: located.problem }
			: { line: index + 1, record, point: located.point };
	});
	return { properties: [...properties], features: rows };
}

async function* featureRows(features: GeoJsonFeatureRow[]): AsyncGenerator<GeoJsonFeatureRow> {
	yield* features;
}

/** Reads a GeoJSON of actors; properties mapped as for a table, the geometry giving the point. */
export async function* readGeoJsonFile(
	source: ImportSource,
	options: Omit<GenericFileOptions, 'sheet'> & { maxBytes?: number }
): AsyncGenerator<RowOutcome<Actor>> {
	const table = await readGeoJsonTable(source, options);
	// The geometry is the location: lon/lat properties would only compete with it.
	const guessed = guessMapping(table.properties);
	const mapping = options.mapping ?? { ...guessed, lon: undefined, lat: undefined, x_lambert93: undefined, y_lambert93: undefined };
	const problems = mappingProblems(mapping, table.properties, { pointsGiven: true });
	if (problems.length) throw new ImportFileError(`${fileLabelOf(options.fileName)} : ${problems.join(' ; ')}`);
	const generic: GenericOptions = { ...options, mapping, source: 'geojson' };
	const pointOf = new Map(table.features.map((f) => [f.line, f.point]));
	yield* mapRows(
		featureRows(table.features),
		(record, line) => mapGenericRow(record, line, generic, pointOf.get(line) ?? null),
		actorKeyOf(mapping)
	);
}
