// SvelteKit's cross-site form check (kit.csrf), done here rather than by the framework so that one
// URL may take a post from elsewhere: RFC 8058's one-click unsubscribe, which the recipient's mail
// provider POSTs (`List-Unsubscribe=One-Click`) with no Origin, or its own, and no cookie. The
// token in the URL is the key; nothing else is exempt. The rule is the framework's own
// (@sveltejs/kit, runtime/server/respond.js): a form content type, an unsafe method, another origin.
// https://www.rfc-editor.org/rfc/rfc8058
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain', 'application/x-sveltekit-formdata'];
const UNSAFE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

/** The routes a cross-site form post may reach. */
export const CROSS_SITE_POST_ROUTES = new Set(['/desinscription/[token]']);

export function crossSiteFormRefused(request: Request, url: URL, routeId: string | null): boolean {
	const type = request.headers.get('content-type')?.split(';', 1)[0].trim().toLowerCase() ?? '';
	if (!FORM_TYPES.includes(type) || !UNSAFE_METHODS.includes(request.method)) return false;
	if (request.headers.get('origin') === url.origin) return false;
	return !(request.method === 'POST' && routeId !== null && CROSS_SITE_POST_ROUTES.has(routeId));
}
