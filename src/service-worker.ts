// The field view offline (issue 18), with SvelteKit's own service worker (`$service-worker`: the
// build's files and its version). What it does, and nothing more:
// - the app shell (scripts, styles, icons, manifest) is kept per build and served from the cache;
// - the field view's pages and data (/terrain, /terrain/{id}, their __data.json, the map's EPCI
//   outlines) are fetched from the network first and kept, so that a trip opened once still opens
//   without a network; a page asks for its trip to be kept as soon as the worker runs;
// - every other request (the other pages, the API, tiles, exports, sign-in) is left to the
//   browser: never cached here, so no other page is ever shown stale or to someone else.
// The field data is deleted on sign-out and sign-in (src/lib/offline/field-cache.ts).
/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';
import { FIELD_CACHE_PREFIX, fieldUrls, isFieldRequest, SHELL_CACHE_PREFIX } from '$lib/offline/field-cache';

const worker = self as unknown as ServiceWorkerGlobalScope;
const SHELL = `${SHELL_CACHE_PREFIX}${version}`;
// The field pages name the build's scripts: they are kept with the build they belong to.
const FIELD = `${FIELD_CACHE_PREFIX}${version}`;
const SHELL_FILES = new Set([...build, ...files]);

worker.addEventListener('install', (event) => {
	event.waitUntil(
		caches
			.open(SHELL)
			.then((cache) => cache.addAll([...SHELL_FILES]))
			.then(() => worker.skipWaiting())
	);
});

worker.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const name of await caches.keys()) {
				if ((name.startsWith(SHELL_CACHE_PREFIX) || name.startsWith(FIELD_CACHE_PREFIX)) && name !== SHELL && name !== FIELD) {
					await caches.delete(name);
				}
			}
			await worker.clients.claim();
		})()
	);
});

/** Network first; a good answer is kept; without a network, the copy kept (if any). */
async function fieldResponse(request: Request): Promise<Response> {
	const cache = await caches.open(FIELD);
	try {
		const response = await fetch(request);
		// A redirect (to /login) or an error is never kept in place of the page.
		if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
		return response;
	} catch (error) {
		// __data.json is asked with a varying `x-sveltekit-invalidated`: any copy of it will do.
		const kept = await cache.match(request, { ignoreVary: true, ignoreSearch: new URL(request.url).pathname.endsWith('/__data.json') });
		if (kept) return kept;
		throw error;
	}
}

worker.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== worker.location.origin) return;
	if (SHELL_FILES.has(url.pathname)) {
		event.respondWith(caches.match(url.pathname, { cacheName: SHELL }).then((kept) => kept ?? fetch(request)));
	} else if (isFieldRequest(url)) {
		event.respondWith(fieldResponse(request));
	}
});

/** A field page asks for its trip to be kept (`{type: 'keep-trip', id}`), answered once done. */
worker.addEventListener('message', (event) => {
	const message = event.data as { type?: string; id?: unknown } | null;
	if (message?.type !== 'keep-trip' || !Number.isInteger(message.id)) return;
	const port = event.ports[0];
	event.waitUntil(
		(async () => {
			const cache = await caches.open(FIELD);
			const results = await Promise.allSettled(
				fieldUrls(message.id as number).map(async (path) => {
					const response = await fetch(path, { credentials: 'same-origin' });
					if (!response.ok || response.redirected) throw new Error(`${path} : ${response.status}`);
					await cache.put(path, response);
				})
			);
			port?.postMessage({ kept: results.every((r) => r.status === 'fulfilled') });
		})()
	);
});
