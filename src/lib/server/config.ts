// Runtime configuration, read from the environment once. Server-only: also used by the CLI,
// which runs outside SvelteKit, so this reads process.env rather than $env.
import type { TripBase } from '../domain/trips/settings';
import path from 'node:path';

export interface MaillageConfig {
	/** INSEE code of the configured département (`57`, `54`, `2A`…). */
	departement: string;
	/** PostgreSQL server URL; when absent the embedded PGlite database is used. */
	databaseUrl: string | null;
	/** Data directory of the embedded database. */
	pgliteDir: string;
	/** Templates of new embedded databases, made by `npm run build` (db/pglite-template.ts), kept across builds. */
	pgliteTemplate: string;
	/** Local mirror of the boundary files (same relative paths as the online source). */
	dataMirror: string | null;
	/** Base URL of the online source of the boundary files. */
	geoBaseUrl: string;
	/** Raster basemap URL template (`https://…/{z}/{x}/{y}.png`); none = offline background. */
	basemapUrl: string | null;
	basemapAttribution: string | null;
	/** Folder of configuration data files (manifests, zone mappings). */
	dataDir: string;
	/** Where trips start and end unless the officer says otherwise (the carrier's office). */
	tripBase: TripBase;
}

export type { TripBase };

/** COJEP, carrier of the DLA Moselle (domain/trips COJEP_OFFICE). */
const DEFAULT_TRIP_BASE: TripBase = { label: 'COJEP, 1 rue du Coëtlosquet, 57000 Metz', lon: 6.1727, lat: 49.1197 };

/** `MAILLAGE_TOURNEE_DEPART=lon,lat` and `MAILLAGE_TOURNEE_DEPART_LIBELLE`. */
function readTripBase(env: NodeJS.ProcessEnv): TripBase {
	const label = env.MAILLAGE_TOURNEE_DEPART_LIBELLE?.trim() || null;
	const point = env.MAILLAGE_TOURNEE_DEPART?.trim();
	if (!point) return { ...DEFAULT_TRIP_BASE, label: label ?? DEFAULT_TRIP_BASE.label };
	const [lon, lat] = point.split(',').map((part) => Number(part.trim()));
	if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90 || point.split(',').length !== 2) {
		throw new Error(`MAILLAGE_TOURNEE_DEPART invalide : « ${point} » (attendu « longitude,latitude », ex. 6.1727,49.1197)`);
	}
	return { label: label ?? `Point de départ (${lon}, ${lat})`, lon, lat };
}

const DEFAULT_GEO_BASE_URL = 'https://raw.githubusercontent.com/gregoiredavid/france-geojson/master/';

export function readConfig(env: NodeJS.ProcessEnv = process.env): MaillageConfig {
	const departement = (env.MAILLAGE_DEPARTEMENT ?? '57').trim().toUpperCase();
	if (!/^(\d{2}|2A|2B|97\d)$/.test(departement)) {
		throw new Error(`MAILLAGE_DEPARTEMENT invalide : « ${departement} » (attendu un code INSEE, ex. 57)`);
	}
	const dataDir = path.resolve(env.MAILLAGE_CONFIG_DIR ?? 'data');
	return {
		departement,
		databaseUrl: env.DATABASE_URL?.trim() || null,
		pgliteDir: path.resolve(env.MAILLAGE_PGLITE_DIR ?? path.join('data', 'pglite', departement)),
		pgliteTemplate: path.resolve(env.MAILLAGE_PGLITE_TEMPLATE ?? path.join('node_modules', '.cache', 'maillage', 'pglite-template')),
		dataMirror: env.MAILLAGE_DATA_MIRROR?.trim() ? path.resolve(env.MAILLAGE_DATA_MIRROR) : null,
		geoBaseUrl: env.MAILLAGE_GEO_BASE_URL?.trim() || DEFAULT_GEO_BASE_URL,
		basemapUrl: env.MAILLAGE_BASEMAP_URL?.trim() || null,
		basemapAttribution: env.MAILLAGE_BASEMAP_ATTRIBUTION?.trim() || null,
		dataDir,
		tripBase: readTripBase(env)
	};
}
