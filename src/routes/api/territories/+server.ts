import { territoryLevelSchema } from '$lib/domain/territory/levels';
import { readConfig } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { DataVersionCache } from '$lib/server/data-version';
import { withDataEtag } from '$lib/server/http/cache';
import { zodError } from '$lib/server/http/errors';
import { territoryCollection } from '$lib/server/queries/territories';
import type { RequestHandler } from './$types';

const collections = new DataVersionCache<string>(10);

/** GET /api/territories?level=commune|epci|arrondissement|zone|departement → GeoJSON FeatureCollection */
export const GET: RequestHandler = async (event) => {
	const level = territoryLevelSchema.safeParse(event.url.searchParams.get('level') ?? 'commune');
	if (!level.success) return zodError(level.error, { field: 'level' });
	const { db } = await getDatabase();
	return withDataEtag(db, event, async (version) => {
		const body = await collections.at(version, level.data, () => territoryCollection(db, level.data, readConfig().departement));
		return new Response(body, { headers: { 'content-type': 'application/geo+json; charset=utf-8' } });
	});
};
