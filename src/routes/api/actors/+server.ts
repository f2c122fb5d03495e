import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { parseActorFilter } from '$lib/schemas/actor-filter';
import { getDatabase } from '$lib/server/db';
import { zodError } from '$lib/server/http/errors';
import { listActors, SORTS } from '$lib/server/queries/actor-list';
import type { RequestHandler } from './$types';

const pagingSchema = z.object({
	page: z.coerce.number().int().min(1).max(100_000).default(1),
	par: z.coerce.number().int().min(1).max(500).default(50),
	tri: z.enum(Object.keys(SORTS) as [keyof typeof SORTS]).default('nom'),
	ordre: z.enum(['asc', 'desc']).default('asc')
});

/** GET /api/actors?<filtres>&page=&par=&tri=&ordre= → one page of the filtered actors and the total. */
export const GET: RequestHandler = async ({ url }) => {
	const params = new URLSearchParams(url.searchParams);
	const paging = pagingSchema.safeParse(
		Object.fromEntries(['page', 'par', 'tri', 'ordre'].filter((k) => params.has(k)).map((k) => [k, params.get(k)]))
	);
	if (!paging.success) return zodError(paging.error);
	for (const key of ['page', 'par', 'tri', 'ordre']) params.delete(key);
	const filter = parseActorFilter(params);
	if (!filter.success) return zodError(filter.error, { asWritten: filter.asWritten });
	const { page, par, tri, ordre } = paging.data;
	const { db } = await getDatabase();
	const result = await listActors(db, filter.data, { limit: par, offset: (page - 1) * par, sort: tri, desc: ordre === 'desc' });
	return json({ ...result, page, par });
};
