import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { readConfig } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { zodError } from '$lib/server/http/errors';
import { territoryStats } from '$lib/server/queries/territories';
import type { RequestHandler } from './$types';

const thisYear = new Date().getFullYear();
const statsQuerySchema = z
	.object({
		level: z.enum(['commune', 'epci', 'arrondissement', 'zone'], { error: () => 'niveau : commune, epci, arrondissement ou zone' }),
		de: z.coerce.number().int().min(2000).max(2100).default(thisYear - 2),
		a: z.coerce.number().int().min(2000).max(2100).default(thisYear)
	})
	.refine((q) => q.de <= q.a, { message: 'la période commence après sa fin', path: ['de'] });

/** GET /api/territories/stats?level=&de=&a= → per territory: population, ESS structures, accompanied ones and accompaniments in the period. */
export const GET: RequestHandler = async ({ url }) => {
	const query = statsQuerySchema.safeParse(Object.fromEntries(url.searchParams));
	if (!query.success) return zodError(query.error);
	const { db } = await getDatabase();
	const rows = await territoryStats(db, query.data.level, readConfig().departement, query.data.de, query.data.a);
	return json({ level: query.data.level, de: query.data.de, a: query.data.a, rows });
};
