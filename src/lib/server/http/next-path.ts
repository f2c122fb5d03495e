// Where to go after signing in (`/login?suite=…`): only a path of this site, never elsewhere.
// Browsers are lenient with Location headers: they drop tabs and newlines (`/\t/evil.example`
// becomes `//evil.example`), read `\` as `/`, and take `//host` as another site. So the value is
// refused outright when it holds any of those, then parsed against our origin, and what is sent
// back is the parser's own serialisation (percent-encoded, header-safe), checked once more.

// eslint-disable-next-line no-control-regex -- control characters are exactly what a path must not hold
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\\]/;

/** A same-origin path (with its query and fragment) from `suite`, or `/`. */
export function sameOriginPath(suite: string | null | undefined, origin: string): string {
	if (!suite || !suite.startsWith('/') || suite.startsWith('//') || UNSAFE_CHARACTERS.test(suite)) return '/';
	let url: URL;
	try {
		url = new URL(suite, origin);
	} catch {
		return '/';
	}
	if (url.origin !== new URL(origin).origin) return '/';
	const path = url.pathname + url.search + url.hash;
	// Dot segments can collapse into `//host` (`/.//evil.example`): that would leave the site.
	return path.startsWith('/') && !path.startsWith('//') ? path : '/';
}
