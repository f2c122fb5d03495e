// Request bodies read with a limit on the bytes actually received. Content-Length is only a
// promise: a chunked body has none, so the body is streamed and reading stops at the limit.
import { json } from '@sveltejs/kit';

/** A JSON body: a trip of 300 stops is ~60 KB; 1 Mo leaves room without letting anyone fill memory. */
export const JSON_MAX_BYTES = 1024 * 1024;

/** Requests answered before their body was read to the end (see hooks.server.ts). */
const leftUnread = new WeakSet<Request>();

/** Notes that the answer to `request` leaves the rest of its body unread. */
export function leaveBodyUnread(request: Request): void {
	leftUnread.add(request);
}

/**
 * Whether the connection must close after the answer: Node otherwise keeps it for the next
 * request and waits for a body nobody reads, while the client waits to send it.
 */
export function bodyLeftUnread(request: Request): boolean {
	return leftUnread.has(request);
}

export type BodyRead<T> = { ok: true; value: T } | { ok: false; response: Response };

function megabytes(bytes: number): string {
	return `${Math.round((bytes / 1024 / 1024) * 10) / 10} Mo`.replace('.', ',');
}

/**
 * 413 for a body past the limit. The rest of the body is left unread: `connection: close` makes
 * the server drop the connection once the answer is sent, instead of waiting for it.
 */
export function tooLarge(maxBytes: number, what = 'Requête'): Response {
	return json(
		{ error: { message: `${what} trop volumineuse : ${megabytes(maxBytes)} au plus` } },
		{ status: 413, headers: { connection: 'close' } }
	);
}

/** The body's bytes, or null once more than `maxBytes` arrived (reading stops there). */
export async function readBytes(request: Request, maxBytes: number): Promise<Uint8Array | null> {
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (Number.isFinite(declared) && declared > maxBytes) {
		leaveBodyUnread(request);
		return null;
	}
	if (!request.body) return new Uint8Array(0);
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			// Not cancelled: cancelling destroys the socket before the 413 can be sent.
			if (size > maxBytes) {
				leaveBodyUnread(request);
				return null;
			}
			chunks.push(value);
		}
	} finally {
		reader.releaseLock();
	}
	const bytes = new Uint8Array(size);
	let offset = 0;
	for (const chunk of chunks) {
		bytes.set(chunk, offset);
		offset += chunk.byteLength;
	}
	return bytes;
}

/**
 * The JSON body of a request, read with a limit on the bytes received: 413 past `maxBytes`,
 * 400 when it is not JSON.
 */
export async function readJsonBody(request: Request, maxBytes = JSON_MAX_BYTES): Promise<BodyRead<unknown>> {
	let bytes: Uint8Array | null;
	try {
		bytes = await readBytes(request, maxBytes);
	} catch (error) {
		// The adapter's own ceiling (BODY_SIZE_LIMIT) or a client that went away.
		if ((error as { status?: number }).status === 413) {
			leaveBodyUnread(request);
			return { ok: false, response: tooLarge(maxBytes) };
		}
		throw error;
	}
	if (bytes === null) return { ok: false, response: tooLarge(maxBytes) };
	try {
		return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) };
	} catch {
		return { ok: false, response: json({ error: { message: 'Corps JSON attendu (UTF-8)' }, errors: [] }, { status: 400 }) };
	}
}
