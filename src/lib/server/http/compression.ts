// Every dynamic response compressed for the client that says it can decode it: brotli, else gzip
// (the points of 100,000 actors go from 6.5 MB to well under 1 MB). Static assets are served
// before the hooks, precompressed or not, and do not come through here.
// https://developer.mozilla.org/docs/Web/HTTP/Headers/Accept-Encoding
import { Readable, pipeline } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Handle } from '@sveltejs/kit';

/** Bodies smaller than this are sent as they are: the headers would cost more than the gain. */
const MIN_BYTES = 1024;
const COMPRESSIBLE =
	/^(text\/|application\/(json|geo\+json|javascript|xml|x-ndjson|vnd\.mapbox-vector-tile|x-protobuf|[\w.-]+\+(json|xml))|image\/svg\+xml)/i;

export type ContentEncoding = 'br' | 'gzip';

/** The encoding to use for an `Accept-Encoding` header: brotli first, then gzip; q=0 refuses. */
export function negotiateEncoding(header: string | null): ContentEncoding | null {
	if (!header) return null;
	const accepted = new Map<string, number>();
	for (const part of header.split(',')) {
		const [name, ...params] = part.trim().toLowerCase().split(';');
		const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
		accepted.set(name, q ? Number(q.slice(2)) || 0 : 1);
	}
	const quality = (name: ContentEncoding) => accepted.get(name) ?? (accepted.has('*') ? accepted.get('*')! : 0);
	const candidates = (['br', 'gzip'] as const).filter((e) => quality(e) > 0);
	return candidates.sort((a, b) => quality(b) - quality(a))[0] ?? null;
}

// Quality 4: most of brotli's gain for a fraction of its default (11) cost, per request.
const BROTLI_QUALITY = 4;
// Once per data version, off the event loop, it can afford more: the points of 100,000 actors
// (6.2 MB) take 0.93 MB at quality 4 (240 ms), 0.72 MB at 6 (280 ms), 0.67 MB at 11 (9 s).
const PRECOMPRESSED_BROTLI_QUALITY = 6;
const GZIP_LEVEL = 6;

/**
 * A large body served many times unchanged (the points of 100,000 actors, cached per data version):
 * compressed once per encoding, off the event loop, instead of once per request — brotli over
 * 6 MB is about 60 ms of CPU, which under 50 connections capped the endpoint at 13 requests/s.
 */
export class PrecompressedBody {
	readonly #identity: Buffer;
	readonly #encoded = new Map<ContentEncoding, Promise<Buffer>>();

	constructor(text: string) {
		this.#identity = Buffer.from(text);
	}

	#encode(encoding: ContentEncoding): Promise<Buffer> {
		let encoded = this.#encoded.get(encoding);
		if (!encoded) {
			encoded =
				encoding === 'br'
					? promisify(zlib.brotliCompress)(this.#identity, {
							params: {
								[zlib.constants.BROTLI_PARAM_QUALITY]: PRECOMPRESSED_BROTLI_QUALITY,
								[zlib.constants.BROTLI_PARAM_SIZE_HINT]: this.#identity.length
							}
						})
					: promisify(zlib.gzip)(this.#identity, { level: GZIP_LEVEL });
			this.#encoded.set(encoding, encoded);
		}
		return encoded;
	}

	/** The body in the best encoding `Accept-Encoding` allows; the hook below leaves it as it is. */
	async response(acceptEncoding: string | null, headers: Record<string, string>): Promise<Response> {
		const encoding = this.#identity.length < MIN_BYTES ? null : negotiateEncoding(acceptEncoding);
		const body = encoding ? await this.#encode(encoding) : this.#identity;
		return new Response(new Uint8Array(body), {
			headers: { ...headers, vary: 'Accept-Encoding', ...(encoding ? { 'content-encoding': encoding } : {}) }
		});
	}
}

export function compressResponse(response: Response, acceptEncoding: string | null, method: string): Response {
	const type = response.headers.get('content-type') ?? '';
	if (!COMPRESSIBLE.test(type)) return response;
	const headers = new Headers(response.headers);
	const vary = headers.get('vary');
	if (!vary || !/accept-encoding|\*/i.test(vary)) headers.set('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
	const length = Number(headers.get('content-length') ?? NaN);
	const encoding = negotiateEncoding(acceptEncoding);
	const skip =
		!encoding ||
		!response.body ||
		method === 'HEAD' ||
		response.status === 204 ||
		response.status === 304 ||
		headers.has('content-encoding') ||
		(Number.isFinite(length) && length < MIN_BYTES);
	if (skip) return new Response(response.body, { status: response.status, statusText: response.statusText, headers });

	// Flushed per chunk: a streamed page still arrives piece by piece.
	const compressor =
		encoding === 'br'
			? zlib.createBrotliCompress({
					flush: zlib.constants.BROTLI_OPERATION_FLUSH,
					params: {
						[zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
						...(Number.isFinite(length) ? { [zlib.constants.BROTLI_PARAM_SIZE_HINT]: length } : {})
					}
				})
			: zlib.createGzip({ level: GZIP_LEVEL, flush: zlib.constants.Z_SYNC_FLUSH });
	pipeline(Readable.fromWeb(response.body as unknown as NodeReadableStream), compressor, () => {});
	headers.delete('content-length');
	headers.set('content-encoding', encoding);
	// The compressed bytes differ from the identity ones: a strong validator becomes a weak one.
	const etag = headers.get('etag');
	if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
	return new Response(Readable.toWeb(compressor) as unknown as ReadableStream, {
		status: response.status,
		statusText: response.statusText,
		headers
	});
}

export const compression: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	return compressResponse(response, event.request.headers.get('accept-encoding'), event.request.method);
};
