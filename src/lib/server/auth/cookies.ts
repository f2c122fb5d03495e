import type { Cookies } from '@sveltejs/kit';

export const SESSION_COOKIE = 'maillage_session';

/** httpOnly, SameSite=Lax, Secure whenever the site is served over HTTPS. */
export function setSessionCookie(cookies: Cookies, url: URL, token: string, expires: Date): void {
	cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:', expires });
}

export function clearSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE, { path: '/' });
}
