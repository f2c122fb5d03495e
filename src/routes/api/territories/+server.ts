import { territoryLevelSchema } from '$lib/domain/territory/levels';
import { readConfig } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { jsonError } from '$lib/server/http/errors';
import { territoryCollection } from '$lib/server/queries/territories';
import type { RequestHandler } from './$types';

/** GET /api/territories?level=commune|epci|arrondissement|zone|departement → GeoJSON FeatureCollection */
export const GET: RequestHandler = async ({ url }) => {
	const level = territoryLevelSchema.safeParse(url.searchParams.get('level') ?? 'commune');
	if (!level.success) return jsonError(400, level.error.issues[0].message, 'level');
	const { db } = await getDatabase();
	const body = await territoryCollection(db, level.data, readConfig().departement);
	return new Response(body, {
		headers: { 'content-type': 'application/geo+json; charset=utf-8', 'cache-control': 'private, max-age=60' }
	});
};
