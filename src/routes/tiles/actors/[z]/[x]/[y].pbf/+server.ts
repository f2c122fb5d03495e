import { validTile } from '$lib/domain/actor-tiles';
import { parseActorFilter } from '$lib/schemas/actor-filter';
import { getDatabase } from '$lib/server/db';
import { withDataEtag } from '$lib/server/http/cache';
import { jsonError, zodError } from '$lib/server/http/errors';
import { actorTile } from '$lib/server/tiles/actor-tiles';
import type { RequestHandler } from './$types';

/** GET /tiles/actors/{z}/{x}/{y}.pbf?<filtres> → a Mapbox vector tile (layer `actors`) of the filtered actors, clustered up to zoom 11. */
export const GET: RequestHandler = async (event) => {
	const [z, x, y] = [event.params.z, event.params.x, event.params.y].map(Number);
	if (!validTile(z, x, y)) return jsonError(404, `Tuile inconnue : ${event.params.z}/${event.params.x}/${event.params.y}`);
	const filter = parseActorFilter(event.url.searchParams);
	if (!filter.success) return zodError(filter.error, { asWritten: filter.asWritten });
	const { db, backend } = await getDatabase();
	return withDataEtag(db, event, async (version) => {
		const tile = await actorTile(db, backend, filter.data, z, x, y, version);
		return new Response(tile as Uint8Array<ArrayBuffer>, { headers: { 'content-type': 'application/vnd.mapbox-vector-tile' } });
	});
};
