// The public map's data: structures and EPCI outlines as GeoJSON. Labelled with the data version
// (every write bumps it, withdrawals of testimonials and consents included): a cache or a browser
// revalidates in one request and gets 304 until something changes.
import { readConfig } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { etagMatches } from '$lib/server/http/cache';
import { PUBLIC_CACHE, publicEtag } from '$lib/server/public-map';
import { publicOutlines, publicStructures } from '$lib/server/queries/public-map';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ request, url }) => {
	const { db } = await getDatabase();
	const departement = readConfig().departement;
	const etag = await publicEtag(db, url);
	const headers = { etag, 'cache-control': `${PUBLIC_CACHE}, must-revalidate` };
	if (etagMatches(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers });
	const [structures, outlines] = await Promise.all([publicStructures(db, departement), publicOutlines(db, departement)]);
	return new Response(`{"structures":${structures},"epci":${outlines}}`, {
		headers: { ...headers, 'content-type': 'application/json; charset=utf-8' }
	});
};
