// Relations between actors (migration 0020): written by hand or by import (audited) in
// actor_relation, and read with those derived from the parcours and the events (the view
// actor_relation_all, migration 0025) as an actor's relations, the network of a territory and the
// ranking of the partners and networks by the structures they could bring to the DLA.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Period } from '../../domain/portrait/period';
import type { ActorKind } from '../../domain/stages';
import { RELATION_TYPES, type RelationInput, type RelationType } from '../../schemas/relation';
import { recordAudit, type AuditActor } from '../audit';
import type { ActorRelationAllView, Database, IsoDate, TerritoryLevel } from '../db/schema';
import type { Network, NetworkEdge, NetworkNode, RankedPartner } from '../../dto/network';
import { structureHasAccompanimentInYears } from './accompanied';
import { refuse, type Outcome } from './outcome';
import { inTerritory } from './portraits';

type Db = Kysely<Database> | Transaction<Database>;
export type { Network, NetworkEdge, NetworkNode, RankedPartner };

/** A relation stored or derived (id null: it follows its parcours or event). */
export type Relation = ActorRelationAllView;

/** A relation seen from one actor: the other end, and whether it points to or from it. */
export interface ActorRelation extends Relation {
	direction: 'sortante' | 'entrante';
	other: { id: number; nom: string; kind: ActorKind };
}

const RELATION_COLUMNS = ['r.id', 'r.from_id', 'r.to_id', 'r.type', 'r.date_debut', 'r.date_fin', 'r.source', 'r.note'] as const;

/** The relations of an actor, both ways, stored and derived, the current ones first. */
export async function relationsOfActor(db: Db, actorId: number): Promise<ActorRelation[]> {
	const rows = await db
		.selectFrom('actor_relation_all as r')
		.innerJoin('actor as o', (join) => join.on(sql<boolean>`o.id = CASE WHEN r.from_id = ${actorId} THEN r.to_id ELSE r.from_id END`))
		.where((eb) => eb.or([eb('r.from_id', '=', actorId), eb('r.to_id', '=', actorId)]))
		.select([...RELATION_COLUMNS, 'o.id as other_id', 'o.nom as other_nom', 'o.kind as other_kind'])
		.orderBy(sql`r.date_fin IS NOT NULL`)
		.orderBy('r.type')
		.orderBy('o.nom')
		.orderBy('r.source')
		.execute();
	return rows.map(({ other_id, other_nom, other_kind, ...r }) => ({
		...r,
		direction: r.from_id === actorId ? 'sortante' : 'entrante',
		other: { id: other_id, nom: other_nom, kind: other_kind }
	}));
}

async function missingActor(db: Db, ids: number[]): Promise<number | null> {
	const known = new Set((await db.selectFrom('actor').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
	return ids.find((id) => !known.has(id)) ?? null;
}

/** Records a relation by hand; the same relation typed again updates its dates and note. */
export async function saveRelation(
	db: Kysely<Database>,
	input: RelationInput,
	who: AuditActor | null
): Promise<Outcome<{ id: number; created: boolean }>> {
	return db.transaction().execute(async (tx) => {
		const missing = await missingActor(tx, [input.from_id, input.to_id]);
		if (missing !== null) return refuse(404, `aucun acteur n° ${missing}`, missing === input.from_id ? 'from_id' : 'to_id');
		const before = await tx
			.selectFrom('actor_relation as r')
			.select(RELATION_COLUMNS)
			.where('r.from_id', '=', input.from_id)
			.where('r.to_id', '=', input.to_id)
			.where('r.type', '=', input.type)
			.where('r.source', '=', 'manuel')
			.executeTakeFirst();
		const values = { date_debut: input.date_debut, date_fin: input.date_fin, note: input.note };
		const saved = await tx
			.insertInto('actor_relation')
			.values({ from_id: input.from_id, to_id: input.to_id, type: input.type, source: 'manuel', ...values })
			.onConflict((oc) => oc.columns(['from_id', 'to_id', 'type', 'source']).doUpdateSet({ ...values, updated_at: new Date() }))
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(tx, who, {
			action: before ? 'update' : 'create',
			entity: 'actor_relation',
			entityId: saved.id,
			before,
			after: { ...input, source: 'manuel' }
		});
		return { ok: true as const, id: saved.id, created: !before };
	});
}

/** Removes a relation written by a user (derived ones are not stored: they have no id to remove). */
export async function deleteRelation(db: Kysely<Database>, id: number, who: AuditActor | null): Promise<Outcome<object>> {
	return db.transaction().execute(async (tx) => {
		const before = await tx.selectFrom('actor_relation as r').select(RELATION_COLUMNS).where('r.id', '=', id).executeTakeFirst();
		if (!before) return refuse(404, `aucune relation n° ${id}`, 'id');
		await tx.deleteFrom('actor_relation').where('id', '=', id).execute();
		await recordAudit(tx, who, { action: 'delete', entity: 'actor_relation', entityId: id, before });
		return { ok: true as const };
	});
}

/** A relation of an import file, its actors resolved. */
export interface RelationUpsert {
	from_id: number;
	to_id: number;
	type: RelationType;
	date_debut: IsoDate | null;
	date_fin: IsoDate | null;
	note: string | null;
}

/** Upserts imported relations (source `import`): counts new, changed and identical rows. */
export async function upsertImportedRelations(
	tx: Transaction<Database>,
	rows: RelationUpsert[]
): Promise<{ imported: number; updated: number; unchanged: number }> {
	if (!rows.length) return { imported: 0, updated: 0, unchanged: 0 };
	const written = await tx
		.insertInto('actor_relation')
		.values(rows.map((r) => ({ ...r, source: 'import' as const })))
		.onConflict((oc) =>
			oc
				.columns(['from_id', 'to_id', 'type', 'source'])
				.doUpdateSet((eb) => ({
					date_debut: eb.ref('excluded.date_debut'),
					date_fin: eb.ref('excluded.date_fin'),
					note: eb.ref('excluded.note'),
					updated_at: new Date()
				}))
				.where(
					sql<boolean>`(actor_relation.date_debut, actor_relation.date_fin, actor_relation.note) IS DISTINCT FROM (excluded.date_debut, excluded.date_fin, excluded.note)`
				)
		)
		.returning(sql<boolean>`(xmax = 0)`.as('inserted'))
		.execute();
	const imported = written.filter((w) => w.inserted).length;
	return { imported, updated: written.length - imported, unchanged: rows.length - written.length };
}

/** Actors by SIRET, RNA number or id, for an import's references. */
export async function actorIdsByReference(
	db: Db,
	refs: { siret: string[]; rna: string[]; id: number[] }
): Promise<{ siret: Map<string, number>; rna: Map<string, number>; id: Set<number> }> {
	const [bySiret, byRna, byId] = await Promise.all([
		refs.siret.length ? db.selectFrom('actor').select(['id', 'siret']).where('siret', 'in', refs.siret).execute() : [],
		refs.rna.length ? db.selectFrom('actor').select(['id', 'rna']).where('rna', 'in', refs.rna).execute() : [],
		refs.id.length ? db.selectFrom('actor').select('id').where('id', 'in', refs.id).execute() : []
	]);
	return {
		siret: new Map(bySiret.map((r) => [r.siret!, r.id])),
		rna: new Map(byRna.map((r) => [r.rna!, r.id])),
		id: new Set(byId.map((r) => r.id))
	};
}

const typesOrAll = (types: readonly RelationType[]) => (types.length ? types : RELATION_TYPES);

/**
 * The network of a territory: the relations of the chosen types with at least one end in it
 * (one edge per pair and type, whatever the sources), and their actors, sized by their degree.
 */
export async function territoryNetwork(db: Db, level: TerritoryLevel, code: string, types: readonly RelationType[] = []): Promise<Network> {
	const { rows: edges } = await sql<NetworkEdge>`
		WITH local AS (
			SELECT a.id FROM actor a JOIN territory c ON c.level = 'commune' AND c.code = a.commune_code
			WHERE ${inTerritory(level, code)}
		)
		SELECT r.from_id AS "from", r.to_id AS "to", r.type, array_agg(DISTINCT r.source ORDER BY r.source) AS sources
		FROM actor_relation_all r
		WHERE r.type IN (${sql.join(typesOrAll(types))})
			AND (r.from_id IN (SELECT id FROM local) OR r.to_id IN (SELECT id FROM local))
		GROUP BY r.from_id, r.to_id, r.type
		ORDER BY r.from_id, r.to_id, r.type`.execute(db);
	if (!edges.length) return { nodes: [], edges: [] };
	const degree = new Map<number, number>();
	for (const e of edges) for (const id of [e.from, e.to]) degree.set(id, (degree.get(id) ?? 0) + 1);
	const { rows: nodes } = await sql<Omit<NetworkNode, 'degree'>>`
		SELECT a.id, a.nom, a.kind, c.nom AS commune, ST_X(a.geom) AS lon, ST_Y(a.geom) AS lat, ${inTerritory(level, code)} AS local
		FROM actor a JOIN territory c ON c.level = 'commune' AND c.code = a.commune_code
		WHERE a.id IN (${sql.join([...degree.keys()])})
		ORDER BY a.id`.execute(db);
	return {
		nodes: nodes.map((n) => ({
			...n,
			lon: n.lon === null ? null : Number(n.lon),
			lat: n.lat === null ? null : Number(n.lat),
			degree: degree.get(n.id)!
		})),
		edges
	};
}

/**
 * The partners and networks that could relay the DLA in a territory: the actors linked to its ESS
 * structures (either way, by the chosen types), ranked by how many of those structures the DLA did
 * not accompany in the period. A structure ranks only as a network: the one others are `membre_de`.
 */
export async function partnerRanking(
	db: Db,
	level: TerritoryLevel,
	code: string,
	period: Period,
	types: readonly RelationType[] = []
): Promise<RankedPartner[]> {
	const { rows } = await sql<RankedPartner>`
		WITH s AS (
			SELECT a.id FROM actor a JOIN territory c ON c.level = 'commune' AND c.code = a.commune_code
			WHERE a.kind = 'structure_ess' AND ${inTerritory(level, code)}
		),
		links AS (
			SELECT r.from_id AS partner, r.to_id AS structure, false AS network
			FROM actor_relation_all r JOIN s ON s.id = r.to_id WHERE r.type IN (${sql.join(typesOrAll(types))})
			UNION
			SELECT r.to_id, r.from_id, r.type = 'membre_de'
			FROM actor_relation_all r JOIN s ON s.id = r.from_id WHERE r.type IN (${sql.join(typesOrAll(types))})
		)
		SELECT p.id, p.nom, p.kind, c.nom AS commune, count(DISTINCT l.structure)::int AS structures,
			(count(DISTINCT l.structure) FILTER (WHERE NOT ${structureHasAccompanimentInYears('l.structure', period.from, period.to)}))::int AS non_accompagnees
		FROM links l JOIN actor p ON p.id = l.partner JOIN territory c ON c.level = 'commune' AND c.code = p.commune_code
		WHERE l.partner <> l.structure AND (p.kind <> 'structure_ess' OR l.network)
		GROUP BY p.id, p.nom, p.kind, c.nom
		ORDER BY non_accompagnees DESC, structures DESC, p.nom, p.id`.execute(db);
	return rows;
}
