import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { readConfig } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { DataVersionCache } from '$lib/server/data-version';
import { withDataEtag } from '$lib/server/http/cache';
import { normaliseQueryNames } from '$lib/schemas/query-names';
import { zodError } from '$lib/server/http/errors';
import { territoryStats } from '$lib/server/queries/territories';
import type { RequestHandler } from './$types';

const results = new DataVersionCache<Awaited<ReturnType<typeof territoryStats>>>(50);

const thisYear = new Date().getFullYear();
const statsQuerySchema = z
	.object({
		level: z.enum(['commune', 'epci', 'arrondissement', 'zone'], { error: () => 'attendu commune, epci, arrondissement ou zone' }),
		de: z.coerce
			.number()
			.int()
			.min(2000)
			.max(2100)
			.default(thisYear - 2),
		a: z.coerce.number().int().min(2000).max(2100).default(thisYear)
	})
	.refine((q) => q.de <= q.a, { message: 'la période commence après sa fin', path: ['de'] });

/** GET /api/territories/stats?level=&de=&a= → per territory: population, ESS structures, accompanied ones and accompaniments in the period. */
export const GET: RequestHandler = async (event) => {
	const { params, asWritten } = normaliseQueryNames(event.url.searchParams);
	const query = statsQuerySchema.safeParse(Object.fromEntries(params));
	if (!query.success) return zodError(query.error, { asWritten });
	const { db } = await getDatabase();
	const { level, de, a } = query.data;
	return withDataEtag(db, event, async (version) => {
		const rows = await results.at(version, `${level}|${de}|${a}`, () => territoryStats(db, level, readConfig().departement, de, a));
		return json({ level, de, a, rows });
	});
};
