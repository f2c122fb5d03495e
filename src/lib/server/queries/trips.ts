// Queries of the trip aggregate: saved prospecting trips, their stops, the plan computed for them
// and the outcome of each visit. Every change re-times the trip (keeping the officer's order, or
// optimising it on request) in the same transaction, and is written to the audit log.
import { sql, type Kysely, type Transaction } from 'kysely';
import { accompanimentStatus, type AccompanimentStatus } from '../../domain/accompaniment-status';
import { dayPath, planTrip, requestPoints, scheduleTrip, type TripPlan } from '../../domain/trips/index';
import { fetchRouteLine, fetchTravelMatrix, routingService } from '../routing';
import { keptDays, stopPositions } from '../../domain/trips/stop-order';
import { suggestVisits, visitPriority, type SuggestionResult } from '../../domain/trips/suggest';
import { TRIP_STOP_STATUS_LABELS, type TripSettings, type TripStopUpdate, type TripVisit } from '../../schemas/trip';
import { recordAudit, type AuditActor } from '../audit';
import type { AccompanimentStage, Database, TripStopStatus } from '../db/schema';
import { tripRequest, type NightPlace, type TripBase } from '../../domain/trips/settings';

type Db = Kysely<Database> | Transaction<Database>;

/** A stop that cannot be planned at all (its actor has no point on the map). */
const NOT_LOCATED = 'structure non localisée : placez-la sur la carte (fiche de l’acteur) pour la planifier';

export interface TripListRow {
	id: number;
	name: string;
	date_start: string;
	date_end: string;
	/** Structures of the trip, planned or not. */
	stops: number;
	/** Visits placed on a day by the last plan: what the trip page and the roadmap number. */
	planned: number;
	/** Structures no day holds (the trip page lists them with why): stops − planned. */
	to_plan: number;
	done: number;
	total_km: number | null;
	created_by: string | null;
	updated_at: Date;
}

/**
 * Who created a trip: an e-mail address is personal data, for those who may read it; the others
 * see the creator's name, or nothing when the account has none.
 */
function creator(withPersonalData: boolean) {
	return (withPersonalData ? sql<string | null>`u.email` : sql<string | null>`nullif(u.nom, '')`).as('created_by');
}

export async function listTrips(db: Db, options: { withPersonalData: boolean } = { withPersonalData: false }): Promise<TripListRow[]> {
	const rows = await db
		.selectFrom('trip as t')
		.leftJoin('app_user as u', 'u.id', 't.created_by')
		.select([
			't.id',
			't.name',
			't.date_start',
			't.date_end',
			't.updated_at',
			creator(options.withPersonalData),
			sql<number>`(SELECT count(*) FROM trip_stop s WHERE s.trip_id = t.id)::int`.as('stops'),
			sql<number>`(SELECT count(*) FROM trip_stop s WHERE s.trip_id = t.id AND s.day IS NOT NULL)::int`.as('planned'),
			sql<number>`(SELECT count(*) FROM trip_stop s WHERE s.trip_id = t.id AND s.day IS NULL)::int`.as('to_plan'),
			sql<number>`(SELECT count(*) FROM trip_stop s WHERE s.trip_id = t.id AND s.status <> 'prevu')::int`.as('done'),
			sql<number | null>`(t.plan->>'total_km')::float8`.as('total_km')
		])
		.orderBy('t.date_start', 'desc')
		.orderBy('t.id', 'desc')
		.execute();
	return rows;
}

export interface TripStopRow {
	id: number;
	actor_id: number;
	position: number;
	day: number | null;
	duration_min: number | null;
	window_start: string | null;
	window_end: string | null;
	status: TripStopStatus;
	note: string | null;
	visited_at: Date | null;
	contact_log_id: number | null;
	accompaniment_id: number | null;
	/** Visit reports recorded on the stop: sent back with the next one (0017). */
	visit_version: number;
	nom: string;
	kind: string;
	sigle: string | null;
	siret: string | null;
	adresse: string | null;
	code_postal: string | null;
	commune: string;
	secteur: string | null;
	tranche_effectifs: string | null;
	lon: number | null;
	lat: number | null;
	dla_status: AccompanimentStatus;
	last_stage: AccompanimentStage | null;
	last_contact: string | null;
	contacts: { nom: string; role: string | null; email: string | null; telephone: string | null }[] | null;
}

export type { TripSettings };

export interface TripDetails extends TripSettings {
	id: number;
	version: number;
	created_by: string | null;
	planned_at: Date | null;
	plan: TripPlan | null;
	stops: TripStopRow[];
}

/** A trip with its stops in visiting order (unplanned ones last) and its stored plan. */
export async function getTrip(
	db: Db,
	id: number,
	options: { withPersonalData: boolean } = { withPersonalData: false }
): Promise<TripDetails | null> {
	const trip = await db
		.selectFrom('trip as t')
		.leftJoin('app_user as u', 'u.id', 't.created_by')
		.select([
			't.id',
			't.name',
			't.date_start',
			't.date_end',
			't.day_start',
			't.day_end',
			't.lunch_start',
			't.lunch_end',
			't.lunch_min',
			't.visit_min',
			't.overnight',
			't.overnight_label',
			't.overnight_lon',
			't.overnight_lat',
			't.start_label',
			't.start_lon',
			't.start_lat',
			't.end_label',
			't.end_lon',
			't.end_lat',
			't.plan',
			't.planned_at',
			't.version',
			creator(options.withPersonalData)
		])
		.where('t.id', '=', id)
		.executeTakeFirst();
	if (!trip) return null;
	const stops = await db
		.selectFrom('trip_stop as s')
		.innerJoin('actor as a', 'a.id', 's.actor_id')
		.innerJoin('territory as c', (join) => join.on('c.level', '=', 'commune').onRef('c.code', '=', 'a.commune_code'))
		.select([
			's.id',
			's.actor_id',
			's.position',
			's.day',
			's.duration_min',
			's.window_start',
			's.window_end',
			's.status',
			's.note',
			's.visited_at',
			's.contact_log_id',
			's.accompaniment_id',
			's.visit_version',
			'a.nom',
			'a.kind',
			'a.sigle',
			'a.siret',
			'a.adresse',
			'a.code_postal',
			'c.nom as commune',
			'a.secteur',
			'a.tranche_effectifs',
			sql<number | null>`ST_X(a.geom)`.as('lon'),
			sql<number | null>`ST_Y(a.geom)`.as('lat'),
			sql<string | null>`(SELECT max(l.date)::text FROM contact_log l WHERE l.actor_id = a.id)`.as('last_contact')
		])
		.where('s.trip_id', '=', id)
		.orderBy(sql`s.day IS NULL`)
		.orderBy('s.position')
		.orderBy('s.id')
		.execute();
	const actorIds = stops.map((s) => s.actor_id);
	const [latest, contacts] = await Promise.all([
		latestAccompaniments(db, actorIds),
		options.withPersonalData ? contactsOf(db, actorIds) : null
	]);
	const today = new Date();
	return {
		...trip,
		plan: (trip.plan ?? null) as TripPlan | null,
		stops: stops.map((s) => {
			const last = latest.get(s.actor_id) ?? null;
			return {
				...s,
				dla_status: s.kind === 'structure_ess' ? accompanimentStatus(last, today) : 'jamais',
				last_stage: last?.stage ?? null,
				contacts: contacts ? (contacts.get(s.actor_id) ?? []) : null
			};
		})
	};
}

/** The latest accompaniment of each actor (the same rule as the explorer's status). */
async function latestAccompaniments(db: Db, actorIds: number[]) {
	const map = new Map<number, { stage: AccompanimentStage; lastDate: string | null }>();
	if (!actorIds.length) return map;
	const rows = await db
		.selectFrom('accompaniment as ac')
		.distinctOn('ac.actor_id')
		.select([
			'ac.actor_id',
			'ac.stage',
			sql<
				string | null
			>`greatest(ac.date_accueil, ac.date_diagnostic, ac.date_plan, ac.date_ingenierie, ac.date_suivi, ac.date_fin)::text`.as('last_date')
		])
		.where('ac.actor_id', 'in', actorIds)
		.orderBy('ac.actor_id')
		.orderBy(
			sql`greatest(ac.date_accueil, ac.date_diagnostic, ac.date_plan, ac.date_ingenierie, ac.date_suivi, ac.date_fin) desc nulls last`
		)
		.orderBy('ac.id', 'desc')
		.execute();
	for (const r of rows) map.set(r.actor_id, { stage: r.stage, lastDate: r.last_date });
	return map;
}

async function contactsOf(db: Db, actorIds: number[]) {
	const map = new Map<number, { nom: string; role: string | null; email: string | null; telephone: string | null }[]>();
	if (!actorIds.length) return map;
	const rows = await db
		.selectFrom('contact')
		.select(['actor_id', 'nom', 'role', 'email', 'telephone'])
		.where('actor_id', 'in', actorIds)
		.orderBy('nom')
		.execute();
	for (const { actor_id, ...person } of rows) map.set(actor_id, [...(map.get(actor_id) ?? []), person]);
	return map;
}

/** Those of `ids` that name no actor (a stop of an unknown actor is refused, not ignored). */
async function unknownActors(db: Db, ids: number[]): Promise<number[]> {
	if (!ids.length) return [];
	const found = new Set((await db.selectFrom('actor').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
	return ids.filter((id) => !found.has(id));
}

export class TripInputError extends Error {
	constructor(
		message: string,
		readonly field: string,
		readonly status = 400
	) {
		super(message);
	}
}

/** Creates a trip with its stops, optimised at once. */
export async function createTrip(
	db: Kysely<Database>,
	settings: TripSettings,
	actorIds: number[],
	who: AuditActor | null
): Promise<number> {
	return db.transaction().execute(async (tx) => {
		const unknown = await unknownActors(tx, actorIds);
		if (unknown.length) throw new TripInputError(`acteur(s) inconnu(s) : ${unknown.join(', ')}`, 'actor_ids');
		const { id } = await tx
			.insertInto('trip')
			.values({ ...settings, created_by: who && who.id > 0 ? who.id : null })
			.returning('id')
			.executeTakeFirstOrThrow();
		if (actorIds.length) {
			await tx
				.insertInto('trip_stop')
				.values(actorIds.map((actor_id, position) => ({ trip_id: id, actor_id, position })))
				.execute();
		}
		await replan(tx, id, 'optimize');
		await recordAudit(tx, who, { action: 'create', entity: 'trip', entityId: id, after: { ...settings, actor_ids: actorIds } });
		return id;
	});
}

/** New settings; null when someone saved the trip since `version` was read. */
export async function updateTrip(
	db: Kysely<Database>,
	id: number,
	version: number,
	settings: TripSettings,
	who: AuditActor | null
): Promise<number | null> {
	return db.transaction().execute(async (tx) => {
		const before = await tx.selectFrom('trip').selectAll().where('id', '=', id).executeTakeFirst();
		if (!before) throw new TripInputError(`Aucune tournée ${id}`, 'id', 404);
		const saved = await tx
			.updateTable('trip')
			.set({ ...settings, version: sql`version + 1`, updated_at: new Date() })
			.where('id', '=', id)
			.where('version', '=', version)
			.returning('version')
			.executeTakeFirst();
		if (!saved) return null;
		await replan(tx, id, 'keep');
		const { plan: _plan, ...kept } = before;
		await recordAudit(tx, who, { action: 'update', entity: 'trip', entityId: id, before: kept, after: settings });
		return saved.version;
	});
}

export async function deleteTrip(db: Kysely<Database>, id: number, who: AuditActor | null): Promise<boolean> {
	return db.transaction().execute(async (tx) => {
		const before = await tx.selectFrom('trip').select(['id', 'name', 'date_start', 'date_end']).where('id', '=', id).executeTakeFirst();
		if (!before) return false;
		const stops = await tx.selectFrom('trip_stop').select(['actor_id', 'status']).where('trip_id', '=', id).execute();
		await tx.deleteFrom('trip').where('id', '=', id).execute();
		await recordAudit(tx, who, { action: 'delete', entity: 'trip', entityId: id, before: { ...before, stops } });
		return true;
	});
}

async function lockTrip(tx: Transaction<Database>, id: number) {
	const trip = await tx.selectFrom('trip').select(['id', 'version']).where('id', '=', id).forUpdate().executeTakeFirst();
	if (!trip) throw new TripInputError(`Aucune tournée ${id}`, 'id', 404);
	await tx
		.updateTable('trip')
		.set({ version: sql`version + 1`, updated_at: new Date() })
		.where('id', '=', id)
		.execute();
	return trip;
}

/** Adds structures at the end of the trip (already present ones are skipped); returns those added. */
export async function addStops(db: Kysely<Database>, tripId: number, actorIds: number[], who: AuditActor | null): Promise<number[]> {
	return db.transaction().execute(async (tx) => {
		await lockTrip(tx, tripId);
		const unknown = await unknownActors(tx, actorIds);
		if (unknown.length) throw new TripInputError(`acteur(s) inconnu(s) : ${unknown.join(', ')}`, 'actor_ids');
		const existing = await tx.selectFrom('trip_stop').select(['actor_id', 'position']).where('trip_id', '=', tripId).execute();
		const present = new Set(existing.map((s) => s.actor_id));
		const fresh = actorIds.filter((id) => !present.has(id));
		if (existing.length + fresh.length > 100)
			throw new TripInputError(`trop de structures : 100 au plus par tournée (${existing.length} déjà)`, 'actor_ids');
		if (fresh.length) {
			const next = existing.reduce((max, s) => Math.max(max, s.position + 1), 0);
			await tx
				.insertInto('trip_stop')
				.values(fresh.map((actor_id, i) => ({ trip_id: tripId, actor_id, position: next + i })))
				.execute();
			await replan(tx, tripId, 'keep');
			await recordAudit(tx, who, { action: 'add_stops', entity: 'trip', entityId: tripId, after: { actor_ids: fresh } });
		}
		return fresh;
	});
}

export async function removeStop(db: Kysely<Database>, tripId: number, stopId: number, who: AuditActor | null): Promise<boolean> {
	return db.transaction().execute(async (tx) => {
		await lockTrip(tx, tripId);
		const removed = await tx
			.deleteFrom('trip_stop')
			.where('trip_id', '=', tripId)
			.where('id', '=', stopId)
			.returning(['actor_id', 'status', 'note'])
			.executeTakeFirst();
		if (!removed) return false;
		await replan(tx, tripId, 'keep');
		await recordAudit(tx, who, { action: 'remove_stop', entity: 'trip', entityId: tripId, before: { stop: stopId, ...removed } });
		return true;
	});
}

export async function updateStop(
	db: Kysely<Database>,
	tripId: number,
	stopId: number,
	change: TripStopUpdate,
	who: AuditActor | null
): Promise<boolean> {
	return db.transaction().execute(async (tx) => {
		await lockTrip(tx, tripId);
		const before = await tx
			.selectFrom('trip_stop')
			.select(['duration_min', 'window_start', 'window_end'])
			.where('trip_id', '=', tripId)
			.where('id', '=', stopId)
			.executeTakeFirst();
		if (!before) return false;
		await tx
			.updateTable('trip_stop')
			.set({ ...change, updated_at: new Date() })
			.where('id', '=', stopId)
			.execute();
		await replan(tx, tripId, 'keep');
		await recordAudit(tx, who, {
			action: 'update_stop',
			entity: 'trip',
			entityId: tripId,
			before: { stop: stopId, ...before },
			after: { stop: stopId, ...change }
		});
		return true;
	});
}

/** The officer's order, day by day; times are recomputed, nothing is re-optimised. */
export async function reorderStops(
	db: Kysely<Database>,
	tripId: number,
	days: number[][],
	who: AuditActor | null,
	version?: number
): Promise<TripPlan | null> {
	return db.transaction().execute(async (tx) => {
		const trip = await lockTrip(tx, tripId);
		if (version !== undefined && trip.version !== version) {
			throw new TripInputError('Cette tournée a été modifiée entre-temps : rechargez-la avant de la réordonner', 'version', 409);
		}
		const ids = new Set((await tx.selectFrom('trip_stop').select('id').where('trip_id', '=', tripId).execute()).map((r) => r.id));
		const foreign = days.flat().filter((id) => !ids.has(id));
		if (foreign.length) throw new TripInputError(`arrêt(s) ${foreign.join(', ')} absent(s) de cette tournée`, 'days');
		const plan = await replan(tx, tripId, 'keep', days);
		await recordAudit(tx, who, { action: 'reorder', entity: 'trip', entityId: tripId, after: { days } });
		return plan;
	});
}

export async function optimizeTrip(db: Kysely<Database>, tripId: number, who: AuditActor | null): Promise<TripPlan | null> {
	return db.transaction().execute(async (tx) => {
		await lockTrip(tx, tripId);
		const plan = await replan(tx, tripId, 'optimize');
		await recordAudit(tx, who, {
			action: 'optimize',
			entity: 'trip',
			entityId: tripId,
			after: plan ? { total_km: plan.total_km, order: plan.order } : null
		});
		return plan;
	});
}

const EMPTY_PLAN: TripPlan = {
	order: [],
	legs: [],
	total_km: 0,
	total_min: 0,
	schedule: [],
	days: [],
	unplanned: [],
	unplanned_reasons: [],
	overnight: null
};

/** Towns of at least this many inhabitants are candidates for the night (somewhere to sleep and eat). */
const NIGHT_TOWN_MIN_POPULATION = 2000;

/**
 * Candidate places for « meilleure commune pour la nuit »: the centres of the towns around the
 * stops (their bounding box widened by about 10 km), the largest first; the communes of the
 * stops themselves when no town is large enough.
 */
async function nightTowns(db: Db, stops: readonly { lon: number; lat: number }[]): Promise<NightPlace[]> {
	const margin = 0.12;
	const [west, east] = [Math.min(...stops.map((s) => s.lon)) - margin, Math.max(...stops.map((s) => s.lon)) + margin];
	const [south, north] = [Math.min(...stops.map((s) => s.lat)) - margin, Math.max(...stops.map((s) => s.lat)) + margin];
	const rows = await db
		.selectFrom('territory')
		.select(['nom', sql<number>`ST_X(label_point)`.as('lon'), sql<number>`ST_Y(label_point)`.as('lat'), 'population'])
		.where('level', '=', 'commune')
		.where(sql<boolean>`label_point && ST_MakeEnvelope(${west}, ${south}, ${east}, ${north}, 4326)`)
		.orderBy(sql`population DESC NULLS LAST`)
		.orderBy('code')
		.limit(60)
		.execute();
	const towns = rows.filter((r) => (r.population ?? 0) >= NIGHT_TOWN_MIN_POPULATION);
	// At most 20: with up to 100 stops, the table stays within what a routing service answers at once.
	return (towns.length ? towns : rows).slice(0, 20).map((r) => ({ label: r.nom, lon: r.lon, lat: r.lat }));
}

/**
 * Plans the trip again and stores the plan, each stop's day and position: `optimize` lets the
 * optimiser choose the order, `keep` keeps the stored order (or `days` when given) and only
 * re-times it. Stops on no day (new, or unplanned before) go at the end of the last day.
 */
async function replan(tx: Transaction<Database>, tripId: number, mode: 'optimize' | 'keep', days?: number[][]): Promise<TripPlan | null> {
	const trip = await tx.selectFrom('trip').selectAll().where('id', '=', tripId).executeTakeFirstOrThrow();
	const stops = await tx
		.selectFrom('trip_stop as s')
		.innerJoin('actor as a', 'a.id', 's.actor_id')
		.select([
			's.id',
			's.day',
			's.position',
			's.duration_min',
			's.window_start',
			's.window_end',
			's.actor_id',
			'a.kind',
			'a.employeur',
			sql<number | null>`ST_X(a.geom)`.as('lon'),
			sql<number | null>`ST_Y(a.geom)`.as('lat'),
			sql<string | null>`(SELECT max(l.date)::text FROM contact_log l WHERE l.actor_id = a.id)`.as('last_contact')
		])
		.where('s.trip_id', '=', tripId)
		.orderBy('s.position')
		.orderBy('s.id')
		.execute();
	const located = stops.filter((s): s is typeof s & { lon: number; lat: number } => s.lon !== null && s.lat !== null);
	const lost = stops.filter((s) => s.lon === null || s.lat === null).map((s) => String(s.id));
	let plan: TripPlan = EMPTY_PLAN;
	if (located.length) {
		// When the days cannot hold every structure, the planner keeps those worth most (the
		// suggestions' priority: never accompanied, never contacted first).
		const latest = await latestAccompaniments(
			tx,
			located.map((s) => s.actor_id)
		);
		const today = new Date();
		const prioritised = located.map((s) => ({
			...s,
			priority:
				visitPriority(
					{
						id: s.actor_id,
						lon: s.lon,
						lat: s.lat,
						employeur: s.employeur,
						last_contact: s.last_contact,
						status: s.kind === 'structure_ess' ? accompanimentStatus(latest.get(s.actor_id) ?? null, today) : 'jamais'
					},
					today
				) ?? 0
		}));
		const towns = trip.overnight === 'meilleure_commune' ? await nightTowns(tx, located) : [];
		const request = tripRequest(trip, prioritised, towns);
		// Real road times when the organisation has a routing service; the estimate otherwise.
		const service = routingService();
		const answer = service ? await fetchTravelMatrix(service, requestPoints(request)) : null;
		const matrix = answer?.matrix ?? undefined;
		if (mode === 'optimize') plan = planTrip(request, { matrix });
		else {
			plan = scheduleTrip(
				request,
				keptDays(located, days).map((d) => d.map(String)),
				{ matrix }
			);
		}
		if (service && matrix) {
			const lines = await Promise.all(plan.days.map((day) => fetchRouteLine(service, dayPath(request, day))));
			plan = { ...plan, days: plan.days.map((day, i) => ({ ...day, geometry: lines[i] })) };
		}
		plan = { ...plan, routing: { source: matrix ? 'service' : 'estimate', problem: answer?.problem ?? null } };
	}
	plan = {
		...plan,
		unplanned: [...plan.unplanned, ...lost],
		unplanned_reasons: [...plan.unplanned_reasons, ...lost.map((id) => ({ id, reason: NOT_LOCATED }))]
	};
	const positions = stopPositions(plan);
	if (positions.length) {
		await sql`
			UPDATE trip_stop s SET position = r.position, day = r.day
			FROM json_to_recordset(${JSON.stringify(positions)}::json) AS r(id integer, position integer, day integer)
			WHERE s.id = r.id AND s.trip_id = ${tripId}`.execute(tx);
	}
	await tx
		.updateTable('trip')
		.set({ plan: JSON.stringify(plan), planned_at: new Date() })
		.where('id', '=', tripId)
		.execute();
	return plan;
}

export interface VisitOutcome {
	contact_log_id: number | null;
	accompaniment_id: number | null;
	/** The stop's count of visit reports after this one (send it with the next report). */
	visit_version: number;
	/** True when the report was a replay of the last one recorded (same `cle`): nothing written. */
	replayed: boolean;
}

/**
 * Records what happened at a visit. A visit made (`fait`) is logged as a contact (type `visite`)
 * and may open an accompaniment at stage `accueil`; marking it again updates the same contact.
 * A report sent again with the key of the last one recorded (`cle`: a phone that never got the
 * answer) is answered with what was saved; a report made on an older `version` of the stop than
 * the stored one is refused (409), so that a report queued offline never overwrites a newer one.
 */
export async function recordVisit(
	db: Kysely<Database>,
	tripId: number,
	stopId: number,
	visit: TripVisit,
	who: AuditActor | null
): Promise<VisitOutcome | null> {
	return db.transaction().execute(async (tx) => {
		const stop = await tx
			.selectFrom('trip_stop')
			.selectAll()
			.where('trip_id', '=', tripId)
			.where('id', '=', stopId)
			.forUpdate()
			.executeTakeFirst();
		if (!stop) return null;
		const stored = { contact_log_id: stop.contact_log_id, accompaniment_id: stop.accompaniment_id, visit_version: stop.visit_version };
		if (visit.cle !== undefined && visit.cle === stop.visit_key) return { ...stored, replayed: true };
		if (visit.version !== undefined && visit.version !== stop.visit_version) {
			throw new TripInputError(
				`La visite a été rapportée entre-temps (${TRIP_STOP_STATUS_LABELS[stop.status].toLowerCase()}${stop.note ? ` : « ${stop.note} »` : ''}) : rechargez la tournée avant d’enregistrer`,
				'version',
				409
			);
		}
		const date = visit.date ?? new Date().toISOString().slice(0, 10);
		let contactLogId = stop.contact_log_id;
		if (visit.status === 'fait') {
			const values = {
				actor_id: stop.actor_id,
				date,
				type: 'visite' as const,
				who: who?.email ?? null,
				note: visit.note,
				source: 'maillage',
				source_id: `trip_stop:${stop.id}`
			};
			const logged = await tx
				.insertInto('contact_log')
				.values(values)
				.onConflict((oc) =>
					oc.columns(['source', 'source_id']).where('source_id', 'is not', null).doUpdateSet({ date, note: visit.note, who: values.who })
				)
				.returning('id')
				.executeTakeFirstOrThrow();
			contactLogId = logged.id;
		} else if (contactLogId !== null) {
			// Not met after all: the contact logged for this visit goes.
			await tx.deleteFrom('contact_log').where('id', '=', contactLogId).execute();
			contactLogId = null;
		}
		let accompanimentId = stop.accompaniment_id;
		if (visit.ouvrir_accompagnement && accompanimentId === null) {
			const opened = await tx
				.insertInto('accompaniment')
				.values({
					actor_id: stop.actor_id,
					stage: 'accueil',
					date_accueil: date,
					notes: visit.note,
					source: 'maillage',
					source_id: `trip_stop:${stop.id}`
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			accompanimentId = opened.id;
			await recordAudit(tx, who, {
				action: 'create',
				entity: 'accompaniment',
				entityId: accompanimentId,
				after: { actor_id: stop.actor_id, stage: 'accueil', date_accueil: date, trip_id: tripId }
			});
		}
		await tx
			.updateTable('trip_stop')
			.set({
				status: visit.status,
				note: visit.note,
				visited_at: visit.status === 'prevu' ? null : new Date(`${date}T12:00:00Z`),
				contact_log_id: contactLogId,
				accompaniment_id: accompanimentId,
				visit_version: stop.visit_version + 1,
				visit_key: visit.cle ?? null,
				updated_at: new Date()
			})
			.where('id', '=', stop.id)
			.execute();
		await recordAudit(tx, who, {
			action: 'visit',
			entity: 'trip',
			entityId: tripId,
			before: { stop: stop.id, status: stop.status, note: stop.note },
			after: {
				stop: stop.id,
				actor_id: stop.actor_id,
				status: visit.status,
				note: visit.note,
				date,
				contact_log_id: contactLogId,
				accompaniment_id: accompanimentId
			}
		});
		return { contact_log_id: contactLogId, accompaniment_id: accompanimentId, visit_version: stop.visit_version + 1, replayed: false };
	});
}

export type SuggestTerritory = { level: 'commune' | 'epci' | 'zone'; code: string };

/** Structures of a territory worth a visit on one day (see domain/trips/suggest). */
export async function suggestForTerritory(
	db: Db,
	territory: SuggestTerritory,
	options: { base: TripBase; capacityMin: number; visitMin: number; maxStops: number; today: Date; exclude?: number[] }
): Promise<SuggestionResult & { actors: { id: number; nom: string; commune: string }[] }> {
	const column = territory.level === 'commune' ? 'c.code' : territory.level === 'epci' ? 'c.epci_code' : 'c.zone_code';
	const rows = await db
		.selectFrom('actor as a')
		.innerJoin('territory as c', (join) => join.on('c.level', '=', 'commune').onRef('c.code', '=', 'a.commune_code'))
		.select([
			'a.id',
			'a.nom',
			'c.nom as commune',
			'a.employeur',
			sql<number>`ST_X(a.geom)`.as('lon'),
			sql<number>`ST_Y(a.geom)`.as('lat'),
			sql<string | null>`(SELECT max(l.date)::text FROM contact_log l WHERE l.actor_id = a.id)`.as('last_contact')
		])
		.where('a.kind', '=', 'structure_ess')
		.where('a.geom', 'is not', null)
		.where(column, '=', territory.code)
		.$if(!!options.exclude?.length, (q) => q.where('a.id', 'not in', options.exclude!))
		.execute();
	const latest = await latestAccompaniments(
		db,
		rows.map((r) => r.id)
	);
	const result = suggestVisits(
		rows.map((r) => ({
			id: r.id,
			lon: r.lon,
			lat: r.lat,
			employeur: r.employeur,
			last_contact: r.last_contact,
			status: accompanimentStatus(latest.get(r.id) ?? null, options.today)
		})),
		{
			base: [options.base.lon, options.base.lat],
			capacityMin: options.capacityMin,
			visitMin: options.visitMin,
			maxStops: options.maxStops,
			today: options.today
		}
	);
	const byId = new Map(rows.map((r) => [r.id, r]));
	return { ...result, actors: result.stops.map((s) => ({ id: s.id, nom: byId.get(s.id)!.nom, commune: byId.get(s.id)!.commune })) };
}

export type FieldTripRow = Pick<TripListRow, 'id' | 'name' | 'date_start' | 'date_end' | 'stops' | 'done'> & {
	/** Created by the user asking: listed first. */
	mine: boolean;
};

/** Trips under way on one of the days from `from` to `to` (the field view's list), the user's first. */
export async function tripsBetween(db: Db, from: string, to: string, userId: number | null): Promise<FieldTripRow[]> {
	return db
		.selectFrom('trip as t')
		.select([
			't.id',
			't.name',
			't.date_start',
			't.date_end',
			sql<number>`(SELECT count(*) FROM trip_stop s WHERE s.trip_id = t.id AND s.day IS NOT NULL)::int`.as('stops'),
			sql<number>`(SELECT count(*) FROM trip_stop s WHERE s.trip_id = t.id AND s.status <> 'prevu')::int`.as('done'),
			sql<boolean>`coalesce(t.created_by = ${userId}, false)`.as('mine')
		])
		.where('t.date_start', '<=', to)
		.where('t.date_end', '>=', from)
		.orderBy(sql`coalesce(t.created_by = ${userId}, false)`, 'desc')
		.orderBy('t.date_start')
		.orderBy('t.id')
		.execute();
}
