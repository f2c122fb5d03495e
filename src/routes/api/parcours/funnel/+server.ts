import { json } from '@sveltejs/kit';
import { funnelQuerySchema, FUNNEL_QUERY_KEYS, parseQuery } from '$lib/schemas/parcours';
import { getDatabase } from '$lib/server/db';
import { zodError } from '$lib/server/http/errors';
import { parcoursContext } from '$lib/server/http/parcours';
import { parcoursFunnel } from '$lib/server/queries/parcours';
import type { RequestHandler } from './$types';

/** GET /api/parcours/funnel?level=zone|epci|secteur&de=&a= → structures per stage (default: this year, by zone). */
export const GET: RequestHandler = async ({ url }) => {
	const context = await parcoursContext();
	const query = parseQuery(funnelQuerySchema(context.today), FUNNEL_QUERY_KEYS, url.searchParams);
	if (!query.success) return zodError(query.error, { asWritten: query.asWritten });
	const { db } = await getDatabase();
	return json(await parcoursFunnel(db, query.data, context));
};
