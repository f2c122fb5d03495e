// Filtered actor lists: the explorer, the exports and the gap links all read through here.
import type { ActorListRow } from '../../dto/actor';
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { RECENT_YEARS } from '../../domain/accompaniment-status';
import type { ActorPoints } from '../../domain/actor-points';
import type { ActorFilter } from '../../schemas/actor-filter';
import type { Database } from '../db/schema';
import { todayIn } from '../../domain/parcours/calendar';
import { loadParcoursConfig } from '../reference';
import { structureHasAccompanimentInYears } from './accompanied';
import { alertedActorIds, type ParcoursRules } from './parcours-rules';

/** Date of the latest stage an accompaniment reached. */
const lastDateOf = (alias: string) =>
	sql.raw(
		`greatest(${alias}.date_accueil, ${alias}.date_diagnostic, ${alias}.date_plan, ${alias}.date_ingenierie, ${alias}.date_suivi, ${alias}.date_fin)`
	);

/** The status rule of domain/accompaniment-status.ts, in SQL, over the `last` lateral join. */
export const statusSql = sql<string>`CASE
	WHEN last.stage IS NULL THEN 'jamais'
	WHEN last.stage IN ('accueil', 'diagnostic', 'plan', 'ingenierie') THEN 'en_cours'
	WHEN last.stage <> 'suivi' THEN 'interrompu'
	WHEN last.last_date IS NULL OR last.last_date >= (current_date - make_interval(years => ${sql.lit(RECENT_YEARS)})) THEN 'accompagne'
	ELSE 'ancien' END`;

// The latest accompaniment and the last contact of every actor, computed once per query as hash-
// joinable sets (a LATERAL subquery per actor was ten times slower on 20,000 actors).
export function baseQuery(db: Kysely<Database>) {
	return db
		.selectFrom('actor as a')
		.innerJoin('territory as t', (join) => join.on('t.level', '=', 'commune').onRef('t.code', '=', 'a.commune_code'))
		.leftJoin(
			(eb) =>
				eb
					.selectFrom('accompaniment as ac')
					.distinctOn('ac.actor_id')
					.select(['ac.actor_id', 'ac.stage', sql<string>`${lastDateOf('ac')}`.as('last_date')])
					.orderBy('ac.actor_id')
					.orderBy(sql`${lastDateOf('ac')}`, sql`desc nulls last`)
					.orderBy('ac.id', 'desc')
					.as('last'),
			(join) => join.onRef('last.actor_id', '=', 'a.id')
		)
		.leftJoin(
			(eb) =>
				eb
					.selectFrom('contact_log as cl')
					.select(['cl.actor_id', (e) => e.fn.max('cl.date').as('last_contact')])
					.groupBy('cl.actor_id')
					.as('lc'),
			(join) => join.onRef('lc.actor_id', '=', 'a.id')
		);
}

type Base = ReturnType<typeof baseQuery>;

/** The rules the parcours filters need: the settings of data/parcours.json and today, unless given. */
async function parcoursRules(filter: ActorFilter, given?: ParcoursRules): Promise<ParcoursRules | undefined> {
	if (!filter.parcours.length) return undefined;
	return given ?? { config: await loadParcoursConfig(), today: todayIn() };
}

/**
 * The actors under the filter: the one place a filter becomes SQL (list, points, tiles, facets,
 * exports). `rules` for tests and callers that already hold the parcours settings.
 */
export async function filteredActors(db: Kysely<Database>, filter: ActorFilter, rules?: ParcoursRules): Promise<Base> {
	return applyActorFilter(baseQuery(db), filter, await parcoursRules(filter, rules), db);
}

function applyActorFilter(query: Base, f: ActorFilter, rules: ParcoursRules | undefined, db: Kysely<Database>): Base {
	return query
		.$if(f.kind.length > 0, (q) => q.where('a.kind', 'in', f.kind))
		.$if(f.secteur.length > 0, (q) => q.where('a.secteur', 'in', f.secteur))
		.$if(f.famille.length > 0, (q) => q.where('a.famille_juridique', 'in', f.famille))
		.$if(f.tranche.length > 0, (q) => q.where('a.tranche_effectifs', 'in', f.tranche))
		.$if(f.employeur !== undefined, (q) => q.where('a.employeur', '=', f.employeur === 'oui'))
		.$if(f.statut.length > 0, (q) => q.where(sql<SqlBool>`${statusSql} IN (${sql.join(f.statut)})`))
		.$if(f.stage.length > 0, (q) => q.where('last.stage', 'in', f.stage))
		.$if(f.parcours.length > 0, (q) => q.where('a.id', 'in', alertedActorIds(db, f.parcours, rules!)))
		.$if(f.contact === 'jamais', (q) => q.where('lc.last_contact', 'is', null))
		.$if(f.contact !== undefined && f.contact !== 'jamais', (q) =>
			q.where((eb) =>
				eb.or([
					eb('lc.last_contact', 'is', null),
					eb('lc.last_contact', '<', sql<string>`current_date - make_interval(months => ${Number(f.contact)})`)
				])
			)
		)
		.$if(f.de !== undefined || f.a !== undefined, (q) =>
			q.where(({ not }) => {
				const accompanied = structureHasAccompanimentInYears('a.id', f.de ?? 2000, f.a ?? 2100);
				return f.periode === 'sans' ? not(accompanied) : accompanied;
			})
		)
		.$if(f.zone.length > 0, (q) => q.where('t.zone_code', 'in', f.zone))
		.$if(f.arrondissement.length > 0, (q) => q.where('t.arrondissement_code', 'in', f.arrondissement))
		.$if(f.epci.length > 0, (q) => q.where('t.epci_code', 'in', f.epci))
		.$if(f.commune.length > 0, (q) => q.where('a.commune_code', 'in', f.commune))
		.$if(f.tag.length > 0, (q) => q.where(sql<SqlBool>`a.tags && ${sql.val(f.tag)}::text[]`))
		.$if(!!f.q, (q) => q.where(textMatch(f.q!)))
		.$if(f.id.length > 0, (q) => q.where('a.id', 'in', f.id))
		.$if(f.demo !== undefined, (q) => q.where('a.source', f.demo === 'oui' ? '=' : '<>', 'demo'));
}

function textMatch(q: string): Expression<SqlBool> {
	const digits = q.replace(/\s/g, '');
	if (/^\d{5,14}$/.test(digits)) {
		return sql<SqlBool>`(a.siret LIKE ${digits + '%'} OR a.siren LIKE ${digits.slice(0, 9) + '%'} OR a.code_postal = ${digits} OR a.commune_code = ${digits})`;
	}
	const like = `%${q.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
	return sql<SqlBool>`(lower(a.nom) LIKE ${like} OR lower(coalesce(a.sigle, '')) LIKE ${like} OR lower(t.nom) LIKE ${like})`;
}

export type { ActorListRow };

function selectListColumns(query: Base) {
	return query.select([
		'a.id',
		'a.kind',
		'a.nom',
		'a.sigle',
		'a.siret',
		'a.categorie_juridique',
		'a.famille_juridique',
		'a.naf',
		'a.secteur',
		'a.tranche_effectifs',
		'a.employeur',
		'a.adresse',
		'a.code_postal',
		'a.commune_code',
		't.nom as commune',
		't.epci_code',
		't.zone_code',
		sql<number | null>`round(ST_X(a.geom)::numeric, 6)::float8`.as('lon'),
		sql<number | null>`round(ST_Y(a.geom)::numeric, 6)::float8`.as('lat'),
		'a.precision',
		'a.tags',
		'a.source',
		statusSql.as('status'),
		'last.stage as last_stage',
		sql<string | null>`last.last_date::text`.as('last_accompaniment'),
		sql<string | null>`lc.last_contact::text`.as('last_contact')
	]);
}

export const SORTS = { nom: 'a.nom', commune: 't.nom', secteur: 'a.secteur', statut: 'status', contact: 'lc.last_contact' } as const;

export async function listActors(
	db: Kysely<Database>,
	filter: ActorFilter,
	options: { limit?: number; offset?: number; sort?: keyof typeof SORTS; desc?: boolean; rules?: ParcoursRules } = {}
): Promise<{ rows: ActorListRow[]; total: number }> {
	const filtered = await filteredActors(db, filter, options.rules);
	const [rows, total] = await Promise.all([
		selectListColumns(filtered)
			.orderBy(sql.raw(SORTS[options.sort ?? 'nom']), options.desc ? sql`desc nulls last` : sql`asc nulls last`)
			.orderBy('a.id')
			.$if(options.limit !== undefined, (q) => q.limit(options.limit!).offset(options.offset ?? 0))
			.execute(),
		filtered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
	]);
	return { rows: rows as ActorListRow[], total: Number(total.n) };
}

export async function actorPoints(db: Kysely<Database>, filter: ActorFilter, rules?: ParcoursRules): Promise<ActorPoints> {
	const rows = await (
		await filteredActors(db, filter, rules)
	)
		.where('a.geom', 'is not', null)
		.select([
			'a.id',
			sql<number>`round(ST_X(a.geom)::numeric, 5)::float8`.as('lon'),
			sql<number>`round(ST_Y(a.geom)::numeric, 5)::float8`.as('lat'),
			'a.kind',
			statusSql.as('status'),
			'a.tranche_effectifs',
			'a.precision'
		])
		.orderBy('a.id')
		.execute();
	const points: ActorPoints = { id: [], lon: [], lat: [], kind: [], status: [], tranche: [], precision: [] };
	for (const r of rows) {
		points.id.push(r.id);
		points.lon.push(r.lon);
		points.lat.push(r.lat);
		points.kind.push(r.kind);
		points.status.push(r.status);
		points.tranche.push(r.tranche_effectifs);
		points.precision.push(r.precision);
	}
	return points;
}

/** Facets of the filter panel: each counted with every other filter applied, not its own. */
export const FACETS = {
	kind: sql<string>`a.kind`,
	secteur: sql<string>`a.secteur`,
	famille: sql<string>`a.famille_juridique`,
	tranche: sql<string>`a.tranche_effectifs`,
	statut: statusSql,
	zone: sql<string>`t.zone_code`,
	epci: sql<string>`t.epci_code`
} as const;
export type FacetName = keyof typeof FACETS;

/**
 * All the facets in one pass over the filtered actors: the rows that pass every filter outside
 * the facets are read once (materialised), each carrying its facet values and whether it passes
 * each facet's own filter; a facet then counts the rows passing all the other facets' filters.
 * (One query per facet re-ran the joins seven times, and the status facet, planned without
 * statistics, rescanned 100,000 actors for each of 725 communes.)
 */
export async function actorFacets(
	db: Kysely<Database>,
	filter: ActorFilter,
	rules?: ParcoursRules
): Promise<Record<FacetName, Record<string, number>>> {
	const names = Object.keys(FACETS) as FacetName[];
	const outsideFacets: ActorFilter = { ...filter, ...Object.fromEntries(names.map((name) => [name, []])) };
	const base = (await filteredActors(db, outsideFacets, rules)).select([
		...names.map((name) => FACETS[name].as(`v_${name}`)),
		...names.map((name) => {
			const values = filter[name] as string[];
			return (values.length ? sql<boolean>`(${FACETS[name]}) IN (${sql.join(values)})` : sql<boolean>`true`).as(`ok_${name}`);
		})
	]);
	const counts = sql.join(
		names.map((name) => {
			const others = names.filter((other) => other !== name).map((other) => sql.ref(`ok_${other}`));
			// The DLA status only means something for ESS structures.
			const conditions = name === 'statut' ? [...others, sql`v_kind = 'structure_ess'`] : others;
			return sql`SELECT ${sql.lit(name)} AS facet, ${sql.ref(`v_${name}`)}::text AS value, count(*)::int AS n FROM base WHERE ${sql.join(conditions, sql` AND `)} GROUP BY 2`;
		}),
		sql` UNION ALL `
	);
	const { rows } = await sql<{ facet: FacetName; value: string | null; n: number }>`WITH base AS MATERIALIZED (${base}) ${counts}`.execute(
		db
	);
	const facets = Object.fromEntries(names.map((name) => [name, {} as Record<string, number>])) as Record<FacetName, Record<string, number>>;
	for (const row of rows) facets[row.facet][row.value ?? 'inconnu'] = Number(row.n);
	return facets;
}
