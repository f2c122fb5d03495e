import { loadPublicPage, PUBLIC_CACHE } from '$lib/server/public-map';
import type { PageServerLoad } from './$types';

// Public: no session read, nothing personal; cacheable by browsers and proxies.
export const load: PageServerLoad = async ({ setHeaders }) => {
	setHeaders({ 'cache-control': PUBLIC_CACHE });
	return loadPublicPage();
};
