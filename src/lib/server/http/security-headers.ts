// Headers every response carries — pages, API answers, and the files adapter-node serves itself
// (`/_app/…`, `static/`), which never pass through the SvelteKit hooks. The CSP is separate: it
// comes from svelte.config.js (nonces), on pages only.
import http from 'node:http';
import { allowsFraming } from './embed';

/**
 * Browser features the app does not use are switched off for it and anything it might embed.
 * Geolocation stays allowed for our own pages: an officer on a trip may want to be placed on the
 * map. Only features Chromium knows are listed: an unknown one is logged as a console error.
 */
export const PERMISSIONS_POLICY = [
	'camera=()',
	'microphone=()',
	'geolocation=(self)',
	'payment=()',
	'usb=()',
	'serial=()',
	'hid=()',
	'bluetooth=()',
	'midi=()',
	'display-capture=()',
	'accelerometer=()',
	'gyroscope=()',
	'magnetometer=()',
	'screen-wake-lock=()',
	'xr-spatial-tracking=()',
	'browsing-topics=()'
].join(', ');

/** One year; without includeSubDomains, which would bind the collectivity's other sites too. */
const HSTS = 'max-age=31536000';

/**
 * A 304 has nothing to frame, and its headers replace the stored response's: a DENY on the 304 of
 * /embed (whose CSP is not sent again, the kept page keeps its nonce's) would forbid the framing
 * the stored page allowed. The stored response's own X-Frame-Options stands.
 */
export const notModifiedKeepsFraming = (status: number) => status === 304;

/** The baseline headers, HSTS when the public origin (`ORIGIN`) is https. */
export function baselineHeaders(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
	const headers: Record<string, string> = {
		'x-content-type-options': 'nosniff',
		'referrer-policy': 'same-origin',
		'x-frame-options': 'DENY',
		'permissions-policy': PERMISSIONS_POLICY
	};
	if (env.ORIGIN?.trim().toLowerCase().startsWith('https://')) headers['strict-transport-security'] = HSTS;
	return headers;
}

const INSTALLED = Symbol.for('maillage.baselineHeaders');

/**
 * adapter-node answers `/_app/immutable/…` and `static/` files with sirv before SvelteKit sees the
 * request, and offers no hook for their headers; this holds however the server is started
 * (`npm start`, `node build`). Every Node response goes out through `writeHead` (an implicit
 * header calls it too), so the baseline is added there, only where the response has not set the
 * header itself; headers passed to `writeHead` win over these, as Node documents.
 */
export function addBaselineHeadersToEveryResponse(headers: Record<string, string>): void {
	const proto = http.ServerResponse.prototype as http.ServerResponse & { [INSTALLED]?: boolean };
	if (proto[INSTALLED]) return;
	proto[INSTALLED] = true;
	const writeHead = proto.writeHead;
	proto.writeHead = function (this: http.ServerResponse, ...args: unknown[]) {
		if (!this.headersSent) {
			const status = typeof args[0] === 'number' ? args[0] : this.statusCode;
			for (const [name, value] of Object.entries(headers)) {
				if (this.hasHeader(name)) continue;
				// A page others may frame (/embed) says so in its CSP: no DENY beside it.
				if (name === 'x-frame-options' && allowsFraming(String(this.getHeader('content-security-policy') ?? ''))) continue;
				if (name === 'x-frame-options' && notModifiedKeepsFraming(status)) continue;
				this.setHeader(name, value);
			}
		}
		return (writeHead as (...a: unknown[]) => http.ServerResponse).apply(this, args);
	} as typeof proto.writeHead;
}
