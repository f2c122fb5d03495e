import type { z } from 'zod';
// The names of the API's query parameters: one language per concept, the one most routes and the
// README table already use — `de`/`a` for a period, `secteur` for sectors, `level` for a territory
// level. The older names of /api/gaps and /gaps (`from`, `to`, `sector`) stay accepted, so that
// the links already shared keep working; errors name a parameter the way the request wrote it.

/** Old name → the name the API uses now. */
export const QUERY_ALIASES: Readonly<Record<string, string>> = { from: 'de', to: 'a', sector: 'secteur' };

/** The canonical name of a query parameter (itself when it is not an alias). */
export function canonicalName(key: string, aliases: Readonly<Record<string, string>> = QUERY_ALIASES): string {
	return Object.hasOwn(aliases, key) ? aliases[key] : key;
}

export interface NormalisedQuery {
	/** The parameters under their canonical names, in the order given. */
	params: URLSearchParams;
	/** The name the request used for a canonical one, for error messages. */
	asWritten: (name: string) => string;
}

/**
 * Renames the old names. When a request has both a name and its alias, the one written last wins
 * and the other is dropped: a page that sets `from` on a URL that already had `de` appends it, and
 * means the new value, not both.
 */
export function normaliseQueryNames(params: URLSearchParams, aliases: Readonly<Record<string, string>> = QUERY_ALIASES): NormalisedQuery {
	const written = new Map<string, string>();
	for (const key of params.keys()) written.set(canonicalName(key, aliases), key);
	const normalised = new URLSearchParams();
	for (const [key, value] of params) {
		const name = canonicalName(key, aliases);
		if (written.get(name) === key) normalised.append(name, value);
	}
	return { params: normalised, asWritten: (name) => written.get(name) ?? name };
}

/**
 * The parameters of a query string for `schema` (names as query-names.ts has them, empty values
 * dropped, repeated list keys joined); unknown parameters are refused so that a typo is not
 * ignored. `extra` names parameters the route reads itself (`format`).
 */
export function parseQuery<S extends z.ZodType>(
	schema: S,
	keys: readonly string[],
	params: URLSearchParams,
	extra: readonly string[] = []
) {
	const { params: named, asWritten } = normaliseQueryNames(params);
	const known = new Set([...keys, ...extra]);
	const unknown = [...new Set(named.keys())].filter((k) => !known.has(k)).map(asWritten);
	if (unknown.length) {
		const message = `paramètre inconnu : ${unknown.join(', ')} (attendus : ${keys.join(', ')})`;
		return { success: false as const, error: { issues: [{ path: [], message }] }, asWritten };
	}
	const raw: Record<string, string> = {};
	for (const key of keys) {
		const values = named.getAll(key).filter((v) => v !== '');
		if (values.length) raw[key] = values.join(',');
	}
	const parsed = schema.safeParse(raw);
	if (!parsed.success) return { success: false as const, error: parsed.error, asWritten };
	return { success: true as const, data: parsed.data as z.output<S> };
}
