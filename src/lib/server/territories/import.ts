// Territory import: current COG communes + official boundaries → PostGIS, then EPCI,
// arrondissements, zones and the département computed as unions of their communes.
// One transaction; upserts only touch rows whose values differ, so a second run changes nothing.
import { analyzeTables } from '../db/analyze';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { sql, type Kysely, type Transaction } from 'kysely';
import { communesFileFor } from '../../domain/territory/manifest';
import { reconcileCommunes, type Reconciliation } from '../../domain/territory/reconcile';
import { majorityZone, zoneMappingSchema, zonesFromArrondissements, zonesFromMapping, type ZonePlan } from '../../domain/territory/zones';
import type { MaillageConfig } from '../config';
import type { Database, TerritoryLevel } from '../db/schema';
import { parseJsonFile } from '../json-file';
import { fetchBoundaryFile, loadManifest } from './boundaries';
import { loadCogDepartement, type CogDepartement } from './cog';

export interface TerritoryImportReport {
	departement: { code: string; nom: string };
	counts: Record<TerritoryLevel, number>;
	communesWithGeometry: number;
	changed: Record<TerritoryLevel, number>;
	remapped: Reconciliation['remapped'];
	unplaced: Reconciliation['unplaced'];
	missing: Reconciliation['missing'];
	zoneSource: string;
	communesWithoutZone: string[];
	sources: { path: string; origin: string; sha256: string; verified: boolean }[];
	warnings: string[];
	durationMs: number;
}

type Log = (message: string) => void;

export async function importTerritories(
	db: Kysely<Database>,
	config: Pick<MaillageConfig, 'departement' | 'dataDir' | 'dataMirror' | 'geoBaseUrl'>,
	log: Log = () => {}
): Promise<TerritoryImportReport> {
	const started = new Date();
	const t0 = performance.now();
	const cog = await loadCogDepartement(config.departement);
	log(`COG : ${cog.nom}, ${cog.communes.length} communes, ${cog.epcis.length} EPCI`);

	const manifest = await loadManifest(config.dataDir);
	const ref = communesFileFor(manifest, cog);
	const warnings: string[] = ref.warning ? [ref.warning] : [];
	if (ref.warning) log(`Attention : ${ref.warning}`);
	const file = await fetchBoundaryFile(ref, { mirror: config.dataMirror, baseUrl: manifest.source.baseUrl ?? config.geoBaseUrl });
	log(`Limites : ${file.origin} (SHA-256 ${file.verified ? 'vérifiée' : 'non vérifiée'})`);

	const polygons = parseCommuneFeatures(file.text, file.path);
	const reconciliation = reconcileCommunes(polygons, cog.allCommunes);
	for (const u of reconciliation.unplaced) warnings.push(`Polygone ${u.code} (${u.nom}) non placé : ${u.reason}`);
	for (const m of reconciliation.missing) warnings.push(`Commune ${m.code} (${m.nom}) sans géométrie`);

	const { plan, source: zoneSource } = await planZones(config.dataDir, cog);
	if (plan.unassigned.length) warnings.push(`${plan.unassigned.length} commune(s) hors de toute zone : ${plan.unassigned.join(', ')}`);

	const changed = await db.transaction().execute(async (tx) => {
		const communes = await upsertCommunes(tx, cog, reconciliation, plan);
		const epci = await upsertEpcis(tx, cog, plan);
		const arrondissement = await upsertUnions(
			tx,
			'arrondissement',
			'arrondissement_code',
			cog.code,
			cog.arrondissements.map((a) => ({ code: a.code, nom: a.nom, details: {} }))
		);
		const zone = await upsertUnions(
			tx,
			'zone',
			'zone_code',
			cog.code,
			plan.zones.map((z) => ({ code: z.code, nom: z.nom, details: { epci_codes: z.epciCodes } }))
		);
		const departement = await upsertUnions(tx, 'departement', 'departement_code', cog.code, [
			{ code: cog.code, nom: cog.nom, details: {} }
		]);
		return { commune: communes, epci, arrondissement, zone, departement };
	});

	await analyzeTables(db, ['territory']);
	const counts = await countLevels(db, cog.code);
	const report: TerritoryImportReport = {
		departement: { code: cog.code, nom: cog.nom },
		counts,
		communesWithGeometry: reconciliation.pieces.size,
		changed,
		remapped: reconciliation.remapped,
		unplaced: reconciliation.unplaced,
		missing: reconciliation.missing,
		zoneSource,
		communesWithoutZone: plan.unassigned,
		sources: [{ path: file.path, origin: file.origin, sha256: file.sha256, verified: file.verified }],
		warnings,
		durationMs: Math.round(performance.now() - t0)
	};
	const totalChanged = Object.values(changed).reduce((a, b) => a + b, 0);
	await db
		.insertInto('territory_import')
		.values({
			departement_code: cog.code,
			started_at: started,
			finished_at: new Date(),
			sources: JSON.stringify(report.sources),
			report: JSON.stringify({ ...report, sources: undefined }),
			changed: totalChanged
		})
		.execute();
	log(`Territoires : ${JSON.stringify(counts)} ; ${totalChanged} ligne(s) modifiée(s) en ${report.durationMs} ms`);
	return report;
}

function parseCommuneFeatures(text: string, filePath: string) {
	let collection: FeatureCollection;
	try {
		collection = JSON.parse(text) as FeatureCollection;
	} catch (error) {
		throw new Error(`${filePath} n’est pas un GeoJSON lisible`, { cause: error });
	}
	if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
		throw new Error(`${filePath} : une FeatureCollection GeoJSON est attendue`);
	}
	return collection.features.map((feature: Feature, index) => {
		const code = feature.properties?.code;
		if (typeof code !== 'string' || !code) throw new Error(`${filePath} : entité n° ${index + 1} sans propriété « code »`);
		return { code, nom: String(feature.properties?.nom ?? ''), geometry: feature.geometry as Geometry };
	});
}

/** The priority zones of the département (data/zones/<dép>.json « priorites »), if configured. */
export async function zonePriorities(dataDir: string, departement: string): Promise<{ nom: string; zones: string[] } | null> {
	const file = path.join(dataDir, 'zones', `${departement}.json`);
	const raw = await fs.readFile(file, 'utf8').catch(() => null);
	if (raw === null) return null;
	const parsed = zoneMappingSchema.safeParse(JSON.parse(raw));
	return parsed.success ? (parsed.data.priorites ?? null) : null;
}

async function planZones(dataDir: string, cog: CogDepartement): Promise<{ plan: ZonePlan; source: string }> {
	const communes = cog.communes.map((c) => ({ code: c.code, epci: c.epci, arrondissement: c.arrondissement }));
	const file = path.join(dataDir, 'zones', `${cog.code}.json`);
	let raw: string;
	try {
		raw = await fs.readFile(file, 'utf8');
	} catch {
		return {
			plan: zonesFromArrondissements(cog.arrondissements, communes),
			source: 'une zone par arrondissement (aucun fichier de zones)'
		};
	}
	const result = zonesFromMapping(parseJsonFile(zoneMappingSchema, raw, file), cog.epcis, communes);
	if (!result.ok) throw new Error(`${file} : ${result.errors.join(' ; ')}`);
	return { plan: result.plan, source: path.relative(process.cwd(), file) };
}

// Columns compared to decide whether an upsert changes a row.
const COMPARED = sql`(territory.nom, territory.population, territory.area_km2, territory.epci_code, territory.arrondissement_code,
	territory.zone_code, territory.codes_postaux, territory.details, territory.geom, territory.label_point)
	IS DISTINCT FROM (excluded.nom, excluded.population, excluded.area_km2, excluded.epci_code, excluded.arrondissement_code,
	excluded.zone_code, excluded.codes_postaux, excluded.details, excluded.geom, excluded.label_point)`;

const UPSERT_TAIL = sql`
	ON CONFLICT (level, code) DO UPDATE SET
		nom = excluded.nom, population = excluded.population, area_km2 = excluded.area_km2,
		epci_code = excluded.epci_code, arrondissement_code = excluded.arrondissement_code,
		zone_code = excluded.zone_code, departement_code = excluded.departement_code,
		codes_postaux = excluded.codes_postaux, details = excluded.details,
		geom = excluded.geom, label_point = excluded.label_point, updated_at = now()
	WHERE ${COMPARED}
	RETURNING code`;

async function upsertCommunes(tx: Transaction<Database>, cog: CogDepartement, rec: Reconciliation, plan: ZonePlan): Promise<number> {
	const pieces: { code: string; g: string }[] = [];
	for (const [code, geometries] of rec.pieces) for (const g of geometries) pieces.push({ code, g: JSON.stringify(g) });
	const meta = cog.communes.map((c) => ({
		code: c.code,
		nom: c.nom,
		population: c.population,
		codes_postaux: c.codesPostaux,
		epci_code: c.epci,
		arrondissement_code: c.arrondissement,
		zone_code: plan.zoneOfCommune.get(c.code) ?? null,
		details: c.anciensCodes.length ? { anciens_codes: c.anciensCodes } : {}
	}));
	// Polygons of one current commune (a commune nouvelle) are dissolved into one MultiPolygon.
	const result = await sql<{ code: string }>`
		WITH piece AS (
			SELECT p.code, ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(p.g), 4326)) AS geom
			FROM json_to_recordset(${JSON.stringify(pieces)}::json) AS p(code text, g text)
		), shape AS (
			SELECT code, ST_Multi(ST_CollectionExtract(ST_Union(geom), 3)) AS geom FROM piece GROUP BY code
		), meta AS (
			SELECT * FROM json_to_recordset(${JSON.stringify(meta)}::json)
				AS m(code text, nom text, population integer, codes_postaux json, epci_code text,
					arrondissement_code text, zone_code text, details jsonb)
		)
		INSERT INTO territory (level, code, nom, population, area_km2, epci_code, arrondissement_code, zone_code,
			departement_code, codes_postaux, details, geom, label_point)
		SELECT 'commune', m.code, m.nom, m.population, ST_Area(s.geom::geography) / 1e6, m.epci_code, m.arrondissement_code,
			m.zone_code, ${cog.code}, ARRAY(SELECT json_array_elements_text(m.codes_postaux)), m.details, s.geom,
			ST_PointOnSurface(s.geom)
		FROM meta m LEFT JOIN shape s ON s.code = m.code
		${UPSERT_TAIL}`.execute(tx);
	await deleteStale(
		tx,
		'commune',
		cog.code,
		meta.map((m) => m.code)
	);
	return result.rows.length;
}

async function upsertEpcis(tx: Transaction<Database>, cog: CogDepartement, plan: ZonePlan): Promise<number> {
	const meta = cog.epcis.map((e) => {
		const inside = e.members.filter((m) => m.inDepartement).map((m) => m.code);
		return {
			code: e.code,
			nom: e.nom,
			zone_code: majorityZone(inside, plan.zoneOfCommune),
			details: {
				epci_type: e.type,
				members: e.members.map((m) => ({ code: m.code, nom: m.nom, in_departement: m.inDepartement })),
				has_outside_members: e.members.some((m) => !m.inDepartement),
				population_totale: e.populationTotale
			}
		};
	});
	return upsertUnions(tx, 'epci', 'epci_code', cog.code, meta);
}

/**
 * A level whose territories are unions of communes (EPCI, arrondissement, zone, département):
 * geometry, population and area are computed in PostGIS from the communes just written.
 */
async function upsertUnions(
	tx: Transaction<Database>,
	level: Exclude<TerritoryLevel, 'commune'>,
	communeColumn: 'epci_code' | 'arrondissement_code' | 'zone_code' | 'departement_code',
	departement: string,
	meta: { code: string; nom: string; zone_code?: string | null; details: object }[]
): Promise<number> {
	const parent = (column: string) => (level === 'epci' && column === 'zone' ? sql`m.zone_code` : sql`NULL`);
	const result = await sql<{ code: string }>`
		WITH meta AS (
			SELECT * FROM json_to_recordset(${JSON.stringify(meta)}::json) AS m(code text, nom text, zone_code text, details jsonb)
		), agg AS (
			SELECT c.${sql.ref(communeColumn)} AS code, sum(c.population)::integer AS population,
				ST_Multi(ST_CollectionExtract(ST_Union(c.geom), 3)) AS geom,
				array_agg(DISTINCT c.arrondissement_code) FILTER (WHERE c.arrondissement_code IS NOT NULL) AS arrondissements
			FROM territory c
			WHERE c.level = 'commune' AND c.departement_code = ${departement}
			GROUP BY c.${sql.ref(communeColumn)}
		)
		INSERT INTO territory (level, code, nom, population, area_km2, epci_code, arrondissement_code, zone_code,
			departement_code, codes_postaux, details, geom, label_point)
		SELECT ${level}, m.code, m.nom, a.population, ST_Area(a.geom::geography) / 1e6, NULL,
			CASE WHEN ${level} = 'epci' AND cardinality(a.arrondissements) = 1 THEN a.arrondissements[1] END,
			${parent('zone')}, ${departement}, '{}', m.details, a.geom, ST_PointOnSurface(a.geom)
		FROM meta m LEFT JOIN agg a ON a.code = m.code
		${UPSERT_TAIL}`.execute(tx);
	await deleteStale(
		tx,
		level,
		departement,
		meta.map((m) => m.code)
	);
	return result.rows.length;
}

async function deleteStale(tx: Transaction<Database>, level: TerritoryLevel, departement: string, keep: string[]) {
	await tx
		.deleteFrom('territory')
		.where('level', '=', level)
		.where('departement_code', '=', departement)
		.where('code', 'not in', keep.length ? keep : [''])
		.execute();
}

export async function countLevels(db: Kysely<Database>, departement: string): Promise<Record<TerritoryLevel, number>> {
	const rows = await db
		.selectFrom('territory')
		.select(['level', (eb) => eb.fn.countAll<number>().as('n')])
		.where('departement_code', '=', departement)
		.groupBy('level')
		.execute();
	const counts: Record<TerritoryLevel, number> = { commune: 0, epci: 0, arrondissement: 0, zone: 0, departement: 0 };
	for (const row of rows) counts[row.level] = Number(row.n);
	return counts;
}
