// What the service worker keeps for the field view, named in one place for the worker and the
// pages: the app shell (scripts, styles, icons) of a build, and the field data of the trips opened
// (their pages, their data, the map's outlines). The field data is the signed-in user's: it is
// deleted when they sign out, and when someone signs in.

/** Cache of a build's immutable files and static assets. */
export const SHELL_CACHE_PREFIX = 'maillage-shell-';
/** Cache of the field view's pages and data, opened trip by trip. */
export const FIELD_CACHE_PREFIX = 'maillage-terrain-';

/** The pages and data the field view of a trip needs offline (its list too, to come back to it). */
export function fieldUrls(tripId: number): string[] {
	return ['/terrain', '/terrain/__data.json', `/terrain/${tripId}`, `/terrain/${tripId}/__data.json`, '/api/territories?level=epci'];
}

/** Whether a request (same origin) is field data the worker answers network first, then from its cache. */
export function isFieldRequest(url: URL): boolean {
	if (url.pathname === '/api/territories' && url.searchParams.get('level') === 'epci') return true;
	return /^\/terrain(\/\d+)?(\/__data\.json)?$/.test(url.pathname);
}

/** Deletes the field data kept for offline use (sign-out, sign-in): no one sees another's trips. */
export async function clearFieldCaches(): Promise<void> {
	if (typeof caches === 'undefined') return;
	const names = await caches.keys();
	await Promise.all(names.filter((name) => name.startsWith(FIELD_CACHE_PREFIX)).map((name) => caches.delete(name)));
}
