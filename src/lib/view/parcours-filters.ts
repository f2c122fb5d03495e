// The filters of the parcours screens live in the URL under the API's own parameter names, so that
// the page's query is the API's query (board, list, exports) and a shared link reopens the view.
import { ApiError } from '../api-client';

/** The filters of the board and the list (GET /api/parcours and its export). */
export const PARCOURS_FILTER_KEYS: ReadonlySet<string> = new Set([
	'zone',
	'epci',
	'secteur',
	'owner',
	'prestataire',
	'de',
	'a',
	'alerte',
	'etat'
]);
/** The filters « À faire » understands (GET /api/parcours/a-faire). */
export const TODO_FILTER_KEYS: ReadonlySet<string> = new Set(['owner', 'zone', 'epci']);
/** The funnel's (GET /api/parcours/funnel). */
export const FUNNEL_KEYS: ReadonlySet<string> = new Set(['level', 'de', 'a']);

/**
 * The API query of a page's URL: its filter keys only, empty values dropped. Read key by key, so
 * that a `load` reruns when a filter changes, not when the view's own keys do (the highlighted
 * parcours, the sort of the list): SvelteKit tracks each `searchParams.get` on its own.
 */
export function apiQuery(params: URLSearchParams, keys: ReadonlySet<string> = PARCOURS_FILTER_KEYS): URLSearchParams {
	const query = new URLSearchParams();
	for (const key of keys) {
		const value = params.get(key);
		if (value) query.set(key, value);
	}
	return query;
}

/** The link of a tab: the filters it shares with the others carried over, the view's own keys dropped. */
export function tabHref(path: string, params: URLSearchParams): string {
	const query = apiQuery(params, new Set(['zone', 'epci', 'secteur', 'owner', 'prestataire', 'de', 'a'])).toString();
	return query ? `${path}?${query}` : path;
}

/** An export of the list: same filters, one format. */
export function exportHref(format: 'csv' | 'xlsx', params: URLSearchParams): string {
	const query = apiQuery(params);
	query.set('format', format);
	return `/api/parcours/export?${query}`;
}

/**
 * A parcours page's data read with the filters of its URL: a filter the API refuses (400) comes
 * back as `error`, the message shown over the `refused` data, not as an error page; anything else
 * fails the page as usual.
 */
export async function loadFiltered<T extends object, R extends object>(
	read: () => Promise<T>,
	refused: R
): Promise<(T & { error: null }) | (R & { error: string })> {
	try {
		return { ...(await read()), error: null };
	} catch (e) {
		if (!(e instanceof ApiError) || e.status !== 400) throw e;
		return { ...refused, error: e.message };
	}
}
