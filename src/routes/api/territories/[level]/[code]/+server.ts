import { json } from '@sveltejs/kit';
import { territoryLevelSchema } from '$lib/domain/territory/levels';
import { getDatabase } from '$lib/server/db';
import { jsonError, zodError } from '$lib/server/http/errors';
import { territoryFeature } from '$lib/server/queries/territories';
import type { RequestHandler } from './$types';

/** GET /api/territories/{level}/{code} → one Feature with its members and parents */
export const GET: RequestHandler = async ({ params }) => {
	const level = territoryLevelSchema.safeParse(params.level);
	if (!level.success) return zodError(level.error, { field: 'level' });
	const { db } = await getDatabase();
	const feature = await territoryFeature(db, level.data, params.code);
	if (!feature) return jsonError(404, `Aucun territoire de niveau ${level.data} avec le code ${params.code}`, 'code');
	return json(feature, { headers: { 'content-type': 'application/geo+json; charset=utf-8' } });
};
