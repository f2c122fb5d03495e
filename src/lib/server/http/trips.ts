// What the trip endpoints share: reading ids from the path, the body, and turning the query
// module's expected failures into 4xx answers that name the field.
import { error } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import { can } from '../../domain/roles';
import { parseActorFilter } from '../../schemas/actor-filter';
import { parsePathId } from '../../schemas/id';
import { firstIssue, issueText } from '../../schemas/issues';
import { MAX_FILTER_STOPS } from '../../schemas/trip';
import type { Database } from '../db/schema';
import { listActors } from '../queries/actor-list';
import { getDatabase } from '../db';
import { getTrip, TripInputError, type TripDetails } from '../queries/trips';
import { jsonError } from './errors';

/** A path id (1 to 2³¹−1, digits only), or null (→ 400). */
export const pathId = parsePathId;

/** The trip a page shows (its path's `id`), with personal data for the roles that read them; 400 or 404 otherwise. */
export async function tripOfPage(idParam: string, role: Parameters<typeof can>[0]): Promise<TripDetails> {
	const id = pathId(idParam);
	if (id === null) error(400, 'identifiant de tournée invalide');
	const { db } = await getDatabase();
	const trip = await getTrip(db, id, { withPersonalData: withPersonalData(role) });
	if (!trip) error(404, `Aucune tournée ${id}`);
	return trip;
}

/** Runs a mutation; the query module's expected failures become 4xx. */
export async function tripMutation(run: () => Promise<Response>): Promise<Response> {
	try {
		return await run();
	} catch (error) {
		if (error instanceof TripInputError) return jsonError(error.status, error.message, error.field);
		throw error;
	}
}

export function withPersonalData(role: Parameters<typeof can>[0]): boolean {
	return can(role, 'read_personal');
}

/**
 * The stops of a new trip: the actors chosen by id and those an explorer filter (a query string)
 * selects, each once; the filter gives at most MAX_FILTER_STOPS, otherwise a message saying how
 * many match and what to do.
 */
export async function tripActorIds(
	db: Kysely<Database>,
	actorIds: readonly number[],
	filtre: string | null | undefined
): Promise<{ ids: number[] } | { error: string }> {
	if (!filtre) return { ids: [...actorIds] };
	const fromFilter = await actorsOfFilter(db, filtre);
	return 'error' in fromFilter ? fromFilter : { ids: [...new Set([...actorIds, ...fromFilter.ids])] };
}

async function actorsOfFilter(db: Kysely<Database>, query: string): Promise<{ ids: number[] } | { error: string }> {
	const filter = parseActorFilter(new URLSearchParams(query));
	if (!filter.success) return { error: `filtre : ${issueText(firstIssue(filter.error, { asWritten: filter.asWritten }))}` };
	const { rows, total } = await listActors(db, filter.data, { limit: MAX_FILTER_STOPS, sort: 'nom' });
	if (total === 0) return { error: 'filtre : aucune structure ne correspond à ces filtres' };
	if (total > MAX_FILTER_STOPS) {
		return {
			error: `filtre : ${total} structures correspondent, ${MAX_FILTER_STOPS} au plus pour une tournée — affinez les filtres (commune, secteur, statut…)`
		};
	}
	return { ids: rows.map((r) => r.id) };
}
