import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { readConfig } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { zodError } from '$lib/server/http/errors';
import { noNul } from '$lib/schemas/fields';
import { search } from '$lib/server/queries/search';
import type { RequestHandler } from './$types';

const querySchema = z
	.string()
	.trim()
	.max(100, 'au plus 100 caractères')
	.refine(...noNul('q'));

/** GET /api/search?q= → actors and territories matching, best first; `ms` is the server time. */
export const GET: RequestHandler = async ({ url }) => {
	const q = querySchema.safeParse(url.searchParams.get('q') ?? '');
	if (!q.success) return zodError(q.error, { field: 'q' });
	const t0 = performance.now();
	const { db } = await getDatabase();
	const result = await search(db, q.data, readConfig().departement);
	return json({ ...result, ms: Math.round((performance.now() - t0) * 10) / 10 });
};
