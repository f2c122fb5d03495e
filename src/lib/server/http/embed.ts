// Framing of the public map: /embed may be shown in an iframe by the sites listed in
// MAILLAGE_EMBED_ORIGINS (e.g. the COJEP's), and by no one else. The page's CSP names them in
// `frame-ancestors`; every other page keeps `frame-ancestors 'none'` and `X-Frame-Options: DENY`.
// https://developer.mozilla.org/docs/Web/HTTP/Headers/Content-Security-Policy/frame-ancestors

/** The routes that may be framed. */
export const EMBEDDABLE_ROUTES = new Set(['/embed']);

/** The allowed origins, as `scheme://host[:port]`; anything else in the list is refused loudly. */
export function embedOrigins(env: NodeJS.ProcessEnv = process.env): string[] {
	const origins: string[] = [];
	for (const item of (env.MAILLAGE_EMBED_ORIGINS ?? '').split(/[\s,]+/).filter(Boolean)) {
		const url = URL.canParse(item) ? new URL(item) : null;
		if (!url || !/^https?:$/.test(url.protocol) || url.origin !== item.replace(/\/$/, '')) {
			throw new Error(`MAILLAGE_EMBED_ORIGINS : « ${item} » n’est pas une origine (attendu https://site.exemple)`);
		}
		origins.push(url.origin);
	}
	return origins;
}

/** The CSP of a framable page: its `frame-ancestors` lists the allowed origins ('none' if none). */
export function embedCsp(csp: string, origins: string[]): string {
	const ancestors = origins.length ? origins.join(' ') : "'none'";
	return /frame-ancestors [^;]*/.test(csp)
		? csp.replace(/frame-ancestors [^;]*/, `frame-ancestors ${ancestors}`)
		: `${csp}; frame-ancestors ${ancestors}`;
}

/**
 * Does this CSP let some page frame the response? Then `X-Frame-Options` must not be sent: CSP 2
 * makes `frame-ancestors` take precedence, but a `DENY` beside it would still block older browsers.
 */
export function allowsFraming(csp: string | null | undefined): boolean {
	const directive = /frame-ancestors ([^;]*)/.exec(csp ?? '')?.[1].trim();
	return !!directive && directive !== "'none'";
}
