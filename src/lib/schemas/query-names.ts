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
 * A route's query parameters through its zod schema, old names accepted; unknown parameters are
 * refused so that a typo is not ignored; repeated ones are joined by commas. A failure carries
 * zod-like issues for `zodError`, with the names as written.
 */
export function parseNamedQuery<T>(
	params: URLSearchParams,
	keys: readonly string[],
	schema: {
		safeParse(
			raw: unknown
		): { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
	},
	alsoAccepted: readonly string[] = []
) {
	const { params: named, asWritten } = normaliseQueryNames(params);
	const known = new Set<string>([...keys, ...alsoAccepted]);
	const unknown = [...new Set(named.keys())].filter((k) => !known.has(k)).map(asWritten);
	if (unknown.length) {
		const message = `paramètre inconnu : ${unknown.join(', ')} (attendus : ${keys.join(', ')})`;
		return { success: false as const, error: { issues: [{ path: [] as PropertyKey[], message }] }, asWritten };
	}
	const raw: Record<string, string> = {};
	for (const key of keys) {
		const values = named.getAll(key).filter((v) => v !== '');
		if (values.length) raw[key] = values.join(',');
	}
	const parsed = schema.safeParse(raw);
	if (!parsed.success) return { success: false as const, error: parsed.error, asWritten };
	return { success: true as const, data: parsed.data };
}
