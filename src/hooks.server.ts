import { dev } from '$app/environment';
import { json, redirect, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { can } from '$lib/domain/roles';
import { assertSafeAuthMode, authMode, ensureFirstAdmin } from '$lib/server/auth/bootstrap';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '$lib/server/auth/cookies';
import { requiredAccess, routeKey } from '$lib/server/auth/permissions';
import { forgetExpiredLoginAttempts } from '$lib/server/auth/rate-limit';
import { readConfig } from '$lib/server/config';
import { bodyLeftUnread } from '$lib/server/http/body';
import { sweepUploadsAtStart } from '$lib/server/import-jobs';
import { closeDatabase, databaseSettled, getDatabase } from '$lib/server/db';
import { stopCleanlyOnSignals } from '$lib/server/lifecycle';
import { compression } from '$lib/server/http/compression';
import { crossSiteFormRefused } from '$lib/server/http/csrf';
import { sameOriginPath } from '$lib/server/http/next-path';
import { addBaselineHeadersToEveryResponse, baselineHeaders, notModifiedKeepsFraming } from '$lib/server/http/security-headers';
import { allowsFraming, EMBEDDABLE_ROUTES, embedCsp, embedOrigins } from '$lib/server/http/embed';
import { etagMatches } from '$lib/server/http/cache';
import { PUBLIC_CACHE, PUBLIC_PAGES, publicEtag } from '$lib/server/public-map';
import { validateSession } from '$lib/server/queries/users';

const LOCAL_ADMIN = { id: 0, email: 'local', nom: 'Utilisateur local', role: 'admin' as const, must_change_password: false };

// Open, migrate and (first time) fill the database when the server starts, not on the first visit.
export const init: ServerInit = async () => {
	assertSafeAuthMode();
	embedOrigins(); // a malformed MAILLAGE_EMBED_ORIGINS stops the start, not every /embed
	addBaselineHeadersToEveryResponse(baselineHeaders());
	let started = false;
	// The built server's stop (adapter-node); `vite dev` stops itself.
	if (!dev)
		stopCleanlyOnSignals({
			started: () => started,
			databaseSettled,
			closeDatabase,
			log: (message) => console.log(message),
			// On a pipe, stdout is written asynchronously: exit once what was logged has gone out.
			exit: (code) => process.stdout.write('', () => process.exit(code))
		});
	const { db } = await getDatabase();
	await ensureFirstAdmin(db);
	await forgetExpiredLoginAttempts(db);
	// Uploads a stopped server left behind (personal data): see import-jobs.ts.
	const swept = await sweepUploadsAtStart();
	if (swept.length) console.log(`[maillage] ${swept.length} dossier(s) d’import abandonné(s) supprimé(s)`);
	started = true;
};

/** What a user who must change a one-time password may still reach (assets never reach the hooks). */
const PASSWORD_CHANGE_ROUTES = new Set(['/compte', '/logout']);

const authenticate: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	if (authMode() === 'off') {
		event.locals.user = LOCAL_ADMIN;
		return resolve(event);
	}
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const { db } = await getDatabase();
		const session = await validateSession(db, token);
		if (session) {
			event.locals.user = session.user;
			setSessionCookie(event.cookies, event.url, token, session.expires);
		} else {
			clearSessionCookie(event.cookies);
		}
	}
	return resolve(event);
};

const authorize: Handle = async ({ event, resolve }) => {
	const access = requiredAccess(event.route.id, event.request.method, event.url.search);
	if (access === 'public') return resolve(event);
	const user = event.locals.user;
	const isApi = event.url.pathname.startsWith('/api/');
	if (!user) {
		if (isApi || event.request.method !== 'GET') return json({ error: { message: 'Connexion requise' } }, { status: 401 });
		redirect(303, `/login?suite=${encodeURIComponent(sameOriginPath(event.url.pathname + event.url.search, event.url.origin))}`);
	}
	if (user.must_change_password && !PASSWORD_CHANGE_ROUTES.has(routeKey(event.route.id ?? ''))) {
		// A page opened in the browser goes to the account page; anything else (API, exports,
		// scripts) is refused outright, so that no data leaves before the password is changed.
		const navigation =
			event.isDataRequest || (event.request.method === 'GET' && (event.request.headers.get('accept') ?? '').includes('text/html'));
		if (isApi || !navigation) {
			return json(
				{ error: { message: 'Changez d’abord votre mot de passe à usage unique (page « Mon compte », /compte)' } },
				{ status: 403 }
			);
		}
		redirect(303, '/compte?premiere=1');
	}
	if (!can(user.role, access)) {
		const message = 'Votre rôle ne permet pas cette action';
		if (isApi || event.request.method !== 'GET') return json({ error: { message } }, { status: 403 });
		return new Response(message, { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	}
	return resolve(event);
};

/** Headers that hold on every response; the CSP itself comes from svelte.config.js (nonces). */
const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const framable = EMBEDDABLE_ROUTES.has(event.route.id ?? '') && response.headers.has('content-security-policy');
	if (framable) response.headers.set('content-security-policy', embedCsp(response.headers.get('content-security-policy')!, embedOrigins()));
	for (const [name, value] of Object.entries(baselineHeaders())) {
		if (
			name === 'x-frame-options' &&
			(allowsFraming(response.headers.get('content-security-policy')) || notModifiedKeepsFraming(response.status))
		)
			response.headers.delete(name);
		else response.headers.set(name, value);
	}
	// API answers and signed-in pages may carry personal data: no cache, shared or browser, keeps
	// them, unless the route said how it may be cached (public figures, a share link).
	if ((event.url.pathname.startsWith('/api/') || event.locals.user) && !response.headers.has('cache-control')) {
		response.headers.set('cache-control', 'no-store');
	}
	const basemap = readConfig().basemapUrl;
	const csp = response.headers.get('content-security-policy');
	if (csp && basemap) {
		// The raster basemap's host is configuration, not build-time: allow it where tiles load.
		const origin = new URL(basemap.replace(/\{[a-z]\}/g, 'a')).origin;
		response.headers.set('content-security-policy', csp.replace(/(img-src|connect-src) ([^;]*)/g, `$1 $2 ${origin}`));
	}
	return response;
};

/** Cross-site form posts refused (svelte.config.js leaves this check to us), one-click unsubscribe excepted. */
const sameOriginForms: Handle = async ({ event, resolve }) => {
	if (!dev && crossSiteFormRefused(event.request, event.url, event.route.id)) {
		const message = `Cross-site ${event.request.method} form submissions are forbidden`;
		if (event.request.headers.get('accept') === 'application/json') return json({ message }, { status: 403 });
		return new Response(message, { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	}
	return resolve(event);
};

/** /public and /embed: their HTML labelled with the public ETag, and 304 while it holds (no CSP sent: the kept page keeps its nonce's). */
const publicPageEtag: Handle = async ({ event, resolve }) => {
	if (event.request.method !== 'GET' || !PUBLIC_PAGES.has(event.route.id ?? '') || event.isDataRequest) return resolve(event);
	const { db } = await getDatabase();
	const etag = await publicEtag(db, event.url);
	const headers = { etag, 'cache-control': `${PUBLIC_CACHE}, must-revalidate` };
	if (etagMatches(event.request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers });
	const response = await resolve(event);
	if (response.status === 200) for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
	return response;
};

/** A body left unread (refused as too large) ends the connection: see http/body.ts. */
const closeUnreadBodies: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (bodyLeftUnread(event.request)) response.headers.set('connection', 'close');
	return response;
};

export const handle = sequence(sameOriginForms, compression, closeUnreadBodies, securityHeaders, publicPageEtag, authenticate, authorize);

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404) console.error(`[maillage] ${event.request.method} ${event.url.pathname}`, error);
	if (status === 413) return { message: 'Requête trop volumineuse' };
	return { message: status === 404 ? 'Page introuvable' : 'Erreur interne : voir le journal du serveur' };
};
