// Conditional GET for responses that depend only on the data (and the request): the ETag is the
// data version (bumped by every write, migration 0008) plus a hash of the path, the query and the
// reader's role, so that a client revalidates in one cheap round trip and gets `304 Not Modified`
// until something changes. `private, no-cache`: kept by the browser only, and always revalidated.
// https://developer.mozilla.org/docs/Web/HTTP/Conditional_requests
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { todayIn } from '../../domain/parcours/calendar';
import { dataVersion } from '../data-version';

export const REVALIDATE = 'private, no-cache';

export function dataEtag(version: number, url: URL, variant = ''): string {
	const params = [...url.searchParams].sort(([a, x], [b, y]) => (a === b ? x.localeCompare(y) : a.localeCompare(b)));
	const hash = createHash('sha1')
		.update(`${url.pathname}?${new URLSearchParams(params)}|${variant}`)
		.digest('base64url')
		.slice(0, 16);
	return `W/"${version}-${hash}"`;
}

/** Does `If-None-Match` list this (weak) tag? Compared weakly, as RFC 9110 asks for GET. */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
	if (!ifNoneMatch) return false;
	if (ifNoneMatch.trim() === '*') return true;
	const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
	return ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/**
 * Answers `304` when the client holds the current version, otherwise builds the response and
 * labels it with the version's ETag. `variant` separates what differs between readers (the role).
 * `build` gets the data version read, for the caches of computed results (DataVersionCache.at).
 */
export async function withDataEtag(
	db: Kysely<Database>,
	event: { request: Request; url: URL; locals: App.Locals },
	build: (version: number) => Promise<Response>
): Promise<Response> {
	const version = await dataVersion(db);
	// The day too: statuses, contact ages and parcours alerts are counted from today.
	const etag = dataEtag(version, event.url, `${event.locals.user?.role ?? ''}|${todayIn()}`);
	if (etagMatches(event.request.headers.get('if-none-match'), etag)) {
		return new Response(null, { status: 304, headers: { etag, 'cache-control': REVALIDATE } });
	}
	const response = await build(version);
	if (response.status === 200) {
		response.headers.set('etag', etag);
		response.headers.set('cache-control', REVALIDATE);
	}
	return response;
}
