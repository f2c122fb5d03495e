// Queries of the actor aggregate: batched idempotent upserts (imports, demo), lookups, exports.
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { ACTOR_EDITABLE_FIELDS, ACTOR_STORED_FIELDS, actorSchema, type ActorEdit, type ActorUpsert } from '../../schemas/actor';
import { onlyChanges } from '../../domain/audit-sentence';
import { formatDecimal } from '../../domain/format';
import { recordAudit, type AuditActor } from '../audit';
import type { ConsentChannel } from '../../schemas/promotion';
import type { Database } from '../db/schema';
import { PARCOURS_DATE_SELECTION } from './accompaniments';
import { refuse, refuseInvalid, type Outcome, type Refusal } from './outcome';

export type { ActorEdit, ActorUpsert };

export interface UpsertCounts {
	imported: number;
	updated: number;
	unchanged: number;
}

/**
 * The columns of an actor as an import hands it over, with their SQL types: the one list that types
 * the JSON batches (json_to_recordset), the staging table of the bulk imports (COPY), the upsert and
 * the edit. `satisfies Record<keyof ActorUpsert, …>`: a field added to the actor schema does not
 * compile until it is added here.
 */
const ACTOR_COLUMNS = {
	kind: 'text',
	nom: 'text',
	sigle: 'text',
	siren: 'text',
	siret: 'text',
	rna: 'text',
	categorie_juridique: 'text',
	famille_juridique: 'text',
	naf: 'text',
	secteur: 'text',
	tranche_effectifs: 'text',
	employeur: 'boolean',
	ess: 'boolean',
	date_creation: 'date',
	adresse: 'text',
	code_postal: 'text',
	commune_code: 'text',
	lon: 'float8',
	lat: 'float8',
	precision: 'text',
	tags: 'json',
	notes: 'text',
	source: 'text',
	source_id: 'text'
} as const satisfies Record<keyof ActorUpsert, string>;
type ActorColumn = keyof typeof ACTOR_COLUMNS;

export const UPSERT_INPUT_COLUMNS = Object.entries(ACTOR_COLUMNS) as [ActorColumn, (typeof ACTOR_COLUMNS)[ActorColumn]][];

// Columns the database computes rather than copies: the sector (and its source), the geometry and
// its precision from lon/lat, the tags from JSON to an array.
const COMPUTED: readonly ActorColumn[] = ['secteur', 'lon', 'lat', 'precision', 'tags'];
/** Columns copied as they are. */
const COPIED = UPSERT_INPUT_COLUMNS.map(([name]) => name).filter((c) => !COMPUTED.includes(c)) as Exclude<
	ActorColumn,
	'secteur' | 'lon' | 'lat' | 'precision' | 'tags'
>[];
// Fields an import refreshes; tags and notes are the team's own and are not overwritten by a re-import.
const REFRESHED = COPIED.filter((c) => c !== 'notes' && c !== 'source' && c !== 'source_id');
// Fields an edit sets as they are; the source of a record is not editable.
const EDITED = COPIED.filter((c) => c !== 'source' && c !== 'source_id');

const inputColumnList = sql.raw(UPSERT_INPUT_COLUMNS.map(([name, type]) => `${name} ${type}`).join(', '));
const inputColumnNames = sql.raw(UPSERT_INPUT_COLUMNS.map(([name]) => name).join(', '));

/**
 * Inserts new actors and updates changed ones, matched on SIRET when there is one, otherwise on
 * (source, source_id). Rows whose values are unchanged are not touched (no version bump).
 * The caller deduplicates a batch on its key.
 */
export async function upsertActors(db: Kysely<Database> | Transaction<Database>, rows: ActorUpsert[]): Promise<UpsertCounts> {
	const counts: UpsertCounts = { imported: 0, updated: 0, unchanged: 0 };
	const withSiret = rows.filter((r) => r.siret);
	const withoutSiret = rows.filter((r) => !r.siret);
	for (const [batch, bySiret] of [
		[withSiret, true],
		[withoutSiret, false]
	] as const) {
		if (!batch.length) continue;
		const input = sql`SELECT * FROM ROWS FROM (json_to_recordset(${JSON.stringify(batch)}::json) AS (${inputColumnList}))
			WITH ORDINALITY AS r(${inputColumnNames}, ordinal)`;
		add(counts, await upsertFrom(db, input, bySiret), batch.length);
	}
	return counts;
}

/**
 * The same upsert, set-wise, from a staging table holding UPSERT_INPUT_COLUMNS (bulk imports:
 * filled by COPY). Rows without a commune are left out, as the batched path leaves them out.
 */
export async function upsertActorsFromStage(db: Kysely<Database> | Transaction<Database>, stage: string): Promise<UpsertCounts> {
	const counts: UpsertCounts = { imported: 0, updated: 0, unchanged: 0 };
	for (const bySiret of [true, false]) {
		const input = sql`SELECT ${inputColumnNames}, line AS ordinal FROM ${sql.table(stage)} WHERE commune_code IS NOT NULL AND siret IS ${sql.raw(bySiret ? 'NOT NULL' : 'NULL')}`;
		const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (${input}) i`.execute(db);
		if (rows[0].n) add(counts, await upsertFrom(db, input, bySiret), rows[0].n);
	}
	return counts;
}

/** How many actors the table holds: an import larger than that writes without secondary indexes. */
export async function actorCount(db: Kysely<Database> | Transaction<Database>): Promise<number> {
	const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM actor`.execute(db);
	return rows[0].n;
}

/**
 * Runs `write` with the secondary indexes of `table` dropped, then recreates them from their own
 * definitions (`pg_get_indexdef`): inserting 75,000 rows into a table with 13 indexes (trigram
 * GiST, two spatial GiST, GIN on the tags) maintained each index row by row, where one sorted build
 * per index at the end costs a fraction. The unique indexes stay (the upsert's conflict targets),
 * and so do those backing a constraint. Inside the caller's transaction: a failure rolls the drop
 * back with the rest. The drop locks the table until the commit (readers wait for the import),
 * which is why only a load larger than the table takes this path.
 */
export async function withoutSecondaryIndexes(
	db: Kysely<Database> | Transaction<Database>,
	table: string,
	write: () => Promise<void>
): Promise<void> {
	const { rows: indexes } = await sql<{ name: string; definition: string }>`
		SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS definition
		FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
		WHERE x.indrelid = ${table}::regclass AND NOT x.indisunique AND NOT x.indisprimary
			AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
		ORDER BY i.relname`.execute(db);
	for (const index of indexes) await sql`DROP INDEX ${sql.id(index.name)}`.execute(db);
	await write();
	for (const index of indexes) await sql.raw(index.definition).execute(db);
}

function add(counts: UpsertCounts, written: { inserted: number; written: number }, submitted: number) {
	counts.imported += written.inserted;
	counts.updated += written.written - written.inserted;
	counts.unchanged += submitted - written.written;
}

const column = (alias: string, name: string) => sql`${sql.id(alias)}.${sql.ref(name)}`;

/** The sector (or its source) an upsert stores: an explicit one already stored is kept when the file derives one from the NAF code. */
function refreshedSecteur(existing: string, incoming: string, name: 'secteur' | 'secteur_source'): RawBuilder<unknown> {
	return sql`CASE WHEN ${column(incoming, 'secteur_source')} = 'naf' AND ${column(existing, 'secteur_source')} = 'explicite'
		THEN ${column(existing, name)} ELSE ${column(incoming, name)} END`;
}

/**
 * Whether a stored actor (`existing`) differs from an incoming row (`incoming`) in what an import
 * refreshes. One definition for the two places that ask: the anti-join that leaves unchanged rows
 * out of the upsert, and the upsert's own `DO UPDATE … WHERE` (actor, excluded).
 */
function differs(existing: string, incoming: string): RawBuilder<unknown> {
	const compared = [...REFRESHED, 'geom', 'precision'];
	return sql`((${sql.join(compared.map((c) => column(existing, c)))}, ${column(existing, 'secteur')}, ${column(existing, 'secteur_source')})
		IS DISTINCT FROM (${sql.join(compared.map((c) => column(incoming, c)))}, ${refreshedSecteur(existing, incoming, 'secteur')}, ${refreshedSecteur(existing, incoming, 'secteur_source')}))`;
}

/**
 * One INSERT … ON CONFLICT over an input relation (UPSERT_INPUT_COLUMNS and an `ordinal`: the rows
 * are written in that order, so that new actors' ids follow the file's lines whatever order the
 * anti-join's plan hands them over in); counts the rows inserted and written. Rows equal
 * to the stored actor are left out by an anti-join before the INSERT: a conflicting row that the
 * `DO UPDATE … WHERE` then skips is still locked and its page written (1.8 s for 75,000 unchanged
 * rows on PostgreSQL, against 0.3–0.45 s with the anti-join), and a monthly SIRENE update is
 * mostly unchanged rows.
 */
async function upsertFrom(
	db: Kysely<Database> | Transaction<Database>,
	input: RawBuilder<unknown>,
	bySiret: boolean
): Promise<{ inserted: number; written: number }> {
	const target = bySiret ? sql`(siret) WHERE siret IS NOT NULL` : sql`(source, source_id) WHERE source_id IS NOT NULL`;
	const sameKey = bySiret
		? sql`a.siret IS NOT NULL AND a.siret = c.siret`
		: sql`a.source_id IS NOT NULL AND a.source = c.source AND a.source_id = c.source_id`;
	const stored = [...COPIED, 'secteur', 'secteur_source', 'geom', 'precision', 'tags'];
	const { rows } = await sql<{ inserted: number; written: number }>`
		WITH input AS (${input}),
		candidate AS (
			SELECT i.ordinal, ${sql.join(COPIED.map((c) => sql`i.${sql.ref(c)}`))}, coalesce(i.secteur, s.secteur) AS secteur,
				CASE WHEN i.secteur IS NOT NULL THEN 'explicite' ELSE 'naf' END AS secteur_source,
				CASE WHEN i.lon IS NOT NULL AND i.lat IS NOT NULL THEN ST_SetSRID(ST_MakePoint(i.lon, i.lat), 4326) ELSE t.label_point END AS geom,
				CASE WHEN i.lon IS NOT NULL AND i.lat IS NOT NULL THEN coalesce(i.precision, 'adresse') WHEN t.label_point IS NOT NULL THEN 'commune' END AS precision,
				ARRAY(SELECT json_array_elements_text(coalesce(i.tags, '[]'::json))) AS tags
			FROM input i
			LEFT JOIN naf_sector s ON s.division = left(i.naf, 2)
			LEFT JOIN territory t ON t.level = 'commune' AND t.code = i.commune_code
		),
		written AS (
			INSERT INTO actor (${sql.join(stored.map((c) => sql.ref(c)))})
			SELECT ${sql.join(stored.map((c) => sql`c.${sql.ref(c)}`))} FROM candidate c
			WHERE NOT EXISTS (SELECT 1 FROM actor a WHERE ${sameKey} AND NOT ${differs('a', 'c')})
			ORDER BY c.ordinal
			ON CONFLICT ${target} DO UPDATE SET
				${sql.join(REFRESHED.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`))},
				secteur = ${refreshedSecteur('actor', 'excluded', 'secteur')}, secteur_source = ${refreshedSecteur('actor', 'excluded', 'secteur_source')},
				geom = excluded.geom, precision = excluded.precision, version = actor.version + 1, updated_at = now()
			WHERE ${differs('actor', 'excluded')}
			RETURNING (xmax = 0) AS inserted
		)
		SELECT (count(*) FILTER (WHERE inserted))::int AS inserted, count(*)::int AS written FROM written`.execute(db);
	return rows[0];
}

/**
 * Loads the editable NAF-division → ESS-sector table into the database and re-derives the sectors
 * that follow the NAF code; a sector given explicitly is left as it is.
 */
export async function syncNafSectors(db: Kysely<Database>, divisions: { division: string; secteur: string }[]): Promise<number> {
	return db.transaction().execute(async (tx) => {
		await tx.deleteFrom('naf_sector').execute();
		if (divisions.length) await tx.insertInto('naf_sector').values(divisions).execute();
		const result = await sql`
			UPDATE actor a SET secteur = s.secteur
			FROM (SELECT a2.id, ns.secteur FROM actor a2 LEFT JOIN naf_sector ns ON ns.division = left(a2.naf, 2)) s
			WHERE a.id = s.id AND a.secteur_source = 'naf' AND a.secteur IS DISTINCT FROM s.secteur`.execute(tx);
		return Number(result.numAffectedRows ?? 0);
	});
}

/** Actor ids by SIRET, for linking accompaniments and contacts to actors. */
export async function actorIdsBySiret(db: Kysely<Database> | Transaction<Database>, sirets: string[]): Promise<Map<string, number>> {
	if (!sirets.length) return new Map();
	const rows = await db.selectFrom('actor').select(['id', 'siret']).where('siret', 'in', sirets).execute();
	return new Map(rows.map((r) => [r.siret!, r.id]));
}

/** One actor with its accompaniment history, contact log and (when allowed) contact persons. */
export async function actorDetails(db: Kysely<Database>, id: number, options: { withPersonalData: boolean }) {
	const actor = await db
		.selectFrom('actor as a')
		.innerJoin('territory as t', (join) => join.on('t.level', '=', 'commune').onRef('t.code', '=', 'a.commune_code'))
		.leftJoin('app_user as pu', 'pu.id', 'a.publication_nom_by')
		.select([
			'a.id',
			'a.kind',
			'a.nom',
			'a.sigle',
			'a.siren',
			'a.siret',
			'a.rna',
			'a.categorie_juridique',
			'a.famille_juridique',
			'a.naf',
			'a.secteur',
			'a.tranche_effectifs',
			'a.employeur',
			'a.ess',
			'a.date_creation',
			'a.adresse',
			'a.code_postal',
			'a.commune_code',
			't.nom as commune',
			't.epci_code',
			't.zone_code',
			'a.precision',
			'a.tags',
			'a.source',
			'a.source_id',
			'a.version',
			'a.updated_at',
			sql<number | null>`ST_X(a.geom)`.as('lon'),
			sql<number | null>`ST_Y(a.geom)`.as('lat'),
			'a.publication_nom',
			'a.publication_nom_at',
			'a.publication_nom_source'
		])
		// Who recorded the agreement is a team member's name: for those who see personal data.
		.$if(options.withPersonalData, (q) => q.select(['a.notes', 'pu.nom as publication_nom_par']))
		.where('a.id', '=', id)
		.executeTakeFirst();
	if (!actor) return null;
	const [accompaniments, contactLog, contacts] = await Promise.all([
		db
			.selectFrom('accompaniment as ac')
			.leftJoin('actor as p', 'p.id', 'ac.prestataire_id')
			.select([
				'ac.id',
				'ac.stage',
				...PARCOURS_DATE_SELECTION,
				'ac.ingenierie_type',
				'ac.themes',
				'ac.budget_eur',
				'ac.jours',
				'ac.emplois_cdi',
				'ac.emplois_cdd',
				'ac.emplois_consolides',
				'ac.next_followup',
				sql<string | null>`coalesce(p.nom, ac.prestataire_nom)`.as('prestataire')
			])
			.where('ac.actor_id', '=', id)
			.orderBy('ac.date_accueil', 'desc')
			.execute(),
		db
			.selectFrom('contact_log')
			.select(['id', 'date', 'type', 'who', 'note'])
			.where('actor_id', '=', id)
			.orderBy('date', 'desc')
			.limit(20)
			.execute(),
		options.withPersonalData
			? db
					.selectFrom('contact')
					.select([
						'id',
						'nom',
						'role',
						'email',
						'telephone',
						// Each channel's recorded consent (one row per contact and channel): { newsletter: 'accorde', … }.
						sql<
							Partial<Record<ConsentChannel, 'accorde' | 'retire'>>
						>`(SELECT coalesce(json_object_agg(k.channel, k.status), '{}'::json) FROM contact_consent k WHERE k.contact_id = contact.id)`.as(
							'consents'
						)
					])
					.where('actor_id', '=', id)
					.orderBy('nom')
					.execute()
			: Promise.resolve(null)
	]);
	return {
		...actor,
		accompaniments,
		// Who the team met is personal data too: only the dates and kinds for readers.
		contact_log: options.withPersonalData
			? contactLog
			: contactLog.map(({ id: logId, date, type }) => ({ id: logId, date, type, who: null, note: null })),
		contacts
	};
}

/** The editable fields of an actor, as the edit form shows them. */
export async function actorForEdit(db: Kysely<Database> | Transaction<Database>, id: number) {
	return db
		.selectFrom('actor')
		.select([
			'id',
			...ACTOR_STORED_FIELDS,
			'secteur_source',
			'version',
			sql<number | null>`ST_X(geom)`.as('lon'),
			sql<number | null>`ST_Y(geom)`.as('lat')
		])
		.where('id', '=', id)
		.executeTakeFirst();
}

/**
 * Saves an edit if nobody saved another since `version` was read (optimistic concurrency):
 * returns the new version, or null when the actor changed in between.
 */
export async function updateActor(
	db: Kysely<Database> | Transaction<Database>,
	id: number,
	version: number,
	edit: ActorEdit
): Promise<number | null> {
	const row = await sql<{ version: number }>`
		UPDATE actor a SET
			${sql.join(EDITED.map((c) => sql`${sql.ref(c)} = ${sql.val(edit[c])}::${sql.raw(ACTOR_COLUMNS[c])}`))},
			secteur = coalesce(${edit.secteur}::text, (SELECT s.secteur FROM naf_sector s WHERE s.division = left(${edit.naf}::text, 2))),
			secteur_source = ${edit.secteur ? 'explicite' : 'naf'},
			geom = CASE WHEN ${edit.lon}::float8 IS NOT NULL THEN ST_SetSRID(ST_MakePoint(${edit.lon}::float8, ${edit.lat}::float8), 4326)
				ELSE (SELECT t.label_point FROM territory t WHERE t.level = 'commune' AND t.code = ${edit.commune_code}) END,
			precision = CASE WHEN ${edit.lon}::float8 IS NOT NULL THEN ${edit.precision ?? 'adresse'} ELSE 'commune' END,
			tags = ${sql.val(edit.tags)}::text[], version = a.version + 1, updated_at = now()
		WHERE a.id = ${id} AND a.version = ${version}
		RETURNING a.version`.execute(db);
	return row.rows[0]?.version ?? null;
}

/** How far a moved point may stray outside its commune: a commune's edge drawn at 1:50 000, a street on the border. */
export const POINT_TOLERANCE_M = 2000;

export interface PointCheck {
	/** Where the point was checked against: the commune, or (commune without geometry) the département. */
	against: { level: 'commune' | 'departement'; code: string; nom: string };
	/** Geodesic distance from the point to that territory, 0 inside it. */
	distanceM: number;
}

/**
 * Distance from a point to the commune's geometry (PostGIS geography, metres), or to the
 * département's bounding box when the commune has no geometry; null when neither is known.
 */
export async function distanceToCommune(
	db: Kysely<Database> | Transaction<Database>,
	communeCode: string,
	departement: string,
	lon: number,
	lat: number
): Promise<PointCheck | null> {
	const point = sql`ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326)`;
	const row = await sql<{ level: 'commune' | 'departement'; code: string; nom: string; distance: number }>`
		SELECT level, code, nom, ST_Distance(CASE WHEN level = 'commune' THEN geom ELSE ST_Envelope(geom) END::geography, ${point}::geography) AS distance
		FROM territory
		WHERE geom IS NOT NULL AND ((level = 'commune' AND code = ${communeCode}) OR (level = 'departement' AND code = ${departement}))
		ORDER BY level = 'commune' DESC
		LIMIT 1`.execute(db);
	const found = row.rows[0];
	return found ? { against: { level: found.level, code: found.code, nom: found.nom }, distanceM: Number(found.distance) } : null;
}

/** Fields an edit may change; the source of a record is not editable. */
const EDITABLE = new Set<string>(ACTOR_EDITABLE_FIELDS);

/**
 * The use case « edit an actor »: the changes go through the same schema as the imports, a moved
 * point must stay in its commune, the save is refused if someone saved the actor since `version`
 * was read, and the change is audited — all in one transaction.
 */
export async function editActor(
	db: Kysely<Database>,
	edit: { id: number; version: number; changes: Record<string, unknown>; departement: string },
	who: AuditActor | null
): Promise<Outcome<{ id: number; version: number }>> {
	const { id, changes } = edit;
	const unknown = Object.keys(changes).find((k) => !EDITABLE.has(k));
	if (unknown) return refuse(400, `champ non modifiable : ${unknown}`, unknown);
	return db.transaction().execute(async (tx) => {
		const current = await actorForEdit(tx, id);
		if (!current) return refuse(404, `Aucun acteur ${id}`, 'id');
		const { version, secteur_source, ...values } = current;
		// A sector that follows the NAF code is not a choice: it must follow a new NAF code too.
		const explicitSector = secteur_source === 'explicite' ? values.secteur : null;
		const parsed = actorSchema.safeParse({ ...values, secteur: explicitSector, ...changes, contacts: [] });
		if (!parsed.success) return refuseInvalid(parsed.error);
		const next = parsed.data;
		if (!next.commune_code) return refuse(400, 'commune manquante', 'commune_code');
		const moved = ['lon', 'lat', 'commune_code'].some((k) => k in changes);
		if (moved && next.lon !== null && next.lat !== null) {
			const field = 'lon' in changes || !('lat' in changes) ? 'lon' : 'lat';
			const misplaced = await misplacedPoint(tx, next.commune_code, edit.departement, next.lon, next.lat, field);
			if (misplaced) return misplaced;
		}
		const saved = await updateActor(tx, id, edit.version, {
			...next,
			secteur: next.secteur_source === 'explicite' ? next.secteur : null,
			commune_code: next.commune_code,
			famille_juridique: next.famille_juridique ?? null
		});
		if (saved === null) {
			return refuse(
				409,
				version === edit.version
					? 'Enregistrement impossible'
					: 'Cette fiche a été modifiée entre-temps par quelqu’un d’autre : rechargez-la avant d’enregistrer',
				'version'
			);
		}
		// Audited: the fields that changed, read back as saved (the database derives the sector
		// from the NAF code and the point from the commune), before and after.
		// (The version, which the row read before leaves out, is not compared.)
		const stored: Record<string, unknown> = (await actorForEdit(tx, id))!;
		const { before, after } = onlyChanges({ ...values, secteur_source }, stored);
		await recordAudit(tx, who, { action: 'update', entity: 'actor', entityId: id, before, after });
		return { ok: true, id, version: saved };
	});
}

/**
 * A moved point must lie in the actor's commune, or within POINT_TOLERANCE_M of it (a point on
 * the border, a commune drawn coarsely): -1,-1 or swapped coordinates are refused, naming the field.
 */
async function misplacedPoint(
	db: Kysely<Database> | Transaction<Database>,
	communeCode: string,
	departement: string,
	lon: number,
	lat: number,
	field: 'lon' | 'lat'
): Promise<Refusal | null> {
	const check = await distanceToCommune(db, communeCode, departement, lon, lat);
	if (!check) return refuse(400, `commune inconnue : ${communeCode}`, 'commune_code');
	if (check.distanceM <= POINT_TOLERANCE_M) return null;
	const km = check.distanceM / 1000;
	const where =
		check.against.level === 'commune'
			? `de la commune ${check.against.nom} (${check.against.code})`
			: `du département ${check.against.nom}`;
	return refuse(
		400,
		`${field === 'lon' ? 'longitude' : 'latitude'} : le point (longitude ${lon}, latitude ${lat}) est à ${formatDecimal(km, km < 100 ? 1 : 0)} km ${where} ; ${POINT_TOLERANCE_M / 1000} km au plus — vérifiez la longitude et la latitude (inversées ?) ou la commune`,
		field
	);
}
