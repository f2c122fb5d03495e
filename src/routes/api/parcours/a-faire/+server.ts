import { json } from '@sveltejs/kit';
import { parseQuery, todoQuerySchema, TODO_QUERY_KEYS } from '$lib/schemas/parcours';
import { getDatabase } from '$lib/server/db';
import { zodError } from '$lib/server/http/errors';
import { parcoursContext, viewerOf } from '$lib/server/http/parcours';
import { parcoursTodo } from '$lib/server/queries/parcours';
import type { RequestHandler } from './$types';

/** GET /api/parcours/a-faire?owner=&zone=&epci= → follow-ups due, stalled parcours, structures met without a parcours. */
export const GET: RequestHandler = async ({ url, locals }) => {
	const query = parseQuery(todoQuerySchema, TODO_QUERY_KEYS, url.searchParams);
	if (!query.success) return zodError(query.error, { asWritten: query.asWritten });
	const { db } = await getDatabase();
	return json(await parcoursTodo(db, query.data, viewerOf(locals.user), await parcoursContext()));
};
