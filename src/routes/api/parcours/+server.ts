import { json } from '@sveltejs/kit';
import { parseQuery, parcoursQuerySchema, PARCOURS_QUERY_KEYS } from '$lib/schemas/parcours';
import { getDatabase } from '$lib/server/db';
import { zodError } from '$lib/server/http/errors';
import { parcoursContext, viewerOf } from '$lib/server/http/parcours';
import { parcoursBoard } from '$lib/server/queries/parcours';
import type { RequestHandler } from './$types';

/**
 * GET /api/parcours?zone=&epci=&secteur=&owner=&prestataire=&de=&a=&etat=&alerte= → `{rows}`, the
 * board's cards. `etat`: en_cours (default), termine, tous. `de`/`a` (years or days) keep the
 * parcours that ran during part of the period (started by `a`, not ended before `de`).
 */
export const GET: RequestHandler = async ({ url, locals }) => {
	const query = parseQuery(parcoursQuerySchema, PARCOURS_QUERY_KEYS, url.searchParams);
	if (!query.success) return zodError(query.error, { asWritten: query.asWritten });
	const { db } = await getDatabase();
	return json({ rows: await parcoursBoard(db, query.data, viewerOf(locals.user), await parcoursContext()) });
};
