// The view's state (filters, camera, selection) lives in the URL query: these pure helpers
// read and rewrite it, so that a shared link reopens the same view.

/** A change to the query: a string sets the key, null or '' removes it, undefined leaves it alone. */
export type ParamChanges = Record<string, string | null | undefined>;

/** A copy of `current` with `changes` applied (keys not named are kept, in their order). */
export function withParams(current: URLSearchParams, changes: ParamChanges): URLSearchParams {
	const params = new URLSearchParams(current);
	for (const [key, value] of Object.entries(changes)) {
		if (value === undefined) continue;
		if (value === null || value === '') params.delete(key);
		else params.set(key, value);
	}
	return params;
}

/** Only the keys of `keys` (e.g. the actor filters), in the order they appear. */
export function pickParams(current: URLSearchParams, keys: ReadonlySet<string>): URLSearchParams {
	return new URLSearchParams([...current].filter(([k]) => keys.has(k)));
}

/** `current` with every key of `keys` replaced by the entries of `next`. */
export function replaceGroup(current: URLSearchParams, keys: ReadonlySet<string>, next: URLSearchParams): URLSearchParams {
	const params = new URLSearchParams([...current].filter(([k]) => !keys.has(k)));
	for (const [k, v] of next) params.set(k, v);
	return params;
}

/** The link for a query on `pathname`: `?query`, or the bare path when the query is empty. */
export function queryHref(params: URLSearchParams, pathname: string): string {
	const query = params.toString();
	return query ? `?${query}` : pathname;
}

/** The map position as written in the URL (`carte=lon,lat,zoom`). */
export type Camera = { center: [number, number]; zoom: number };

export function parseCamera(value: string | null): Camera | null {
	const parts = value?.split(',').map(Number);
	if (!parts || parts.length !== 3 || parts.some((n) => !Number.isFinite(n))) return null;
	return { center: [parts[0], parts[1]], zoom: parts[2] };
}

export function formatCamera(camera: Camera): string {
	return `${camera.center[0].toFixed(4)},${camera.center[1].toFixed(4)},${camera.zoom.toFixed(2)}`;
}

/** A boolean flag written `key=1`. */
export function flag(on: boolean): string | null {
	return on ? '1' : null;
}
