import { parseActorFilter } from '$lib/schemas/actor-filter';
import { getDatabase } from '$lib/server/db';
import { DataVersionCache } from '$lib/server/data-version';
import { withDataEtag } from '$lib/server/http/cache';
import { PrecompressedBody } from '$lib/server/http/compression';
import { zodError } from '$lib/server/http/errors';
import { actorPoints } from '$lib/server/queries/actor-list';
import { filterKey } from '$lib/server/tiles/actor-tiles';
import type { RequestHandler } from './$types';

// The serialised body per filter: at 100,000 actors it is several megabytes to rebuild.
const bodies = new DataVersionCache<PrecompressedBody>(10);

/**
 * GET /api/actors/points?<filtres> → the filtered actors as compact columns (exports,
 * integrations; the map reads vector tiles). Compressed once per encoding and data version.
 */
export const GET: RequestHandler = async (event) => {
	const filter = parseActorFilter(event.url.searchParams);
	if (!filter.success) return zodError(filter.error, { asWritten: filter.asWritten });
	const { db } = await getDatabase();
	return withDataEtag(db, event, async (version) => {
		const body = await bodies.at(
			version,
			filterKey(filter.data),
			async () => new PrecompressedBody(JSON.stringify(await actorPoints(db, filter.data)))
		);
		return body.response(event.request.headers.get('accept-encoding'), { 'content-type': 'application/json' });
	});
};
