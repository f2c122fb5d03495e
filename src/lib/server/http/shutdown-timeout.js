// @ts-check
// How long a stopping server waits for the requests in flight, read by the server entry before
// adapter-node starts (svelte.config.js copies this file into build/, like upload-limit.js).
// adapter-node's own default is 30 s; Maillage promises to stop within 10 s of SIGTERM/SIGINT
// (src/lib/server/lifecycle.ts), the database's close included.

/** Seconds given to the requests in flight before their connections are closed. */
export const SHUTDOWN_GRACE_SECONDS = 7;

/**
 * Sets adapter-node's SHUTDOWN_TIMEOUT, unless given, to the grace above.
 * @param {Record<string, string | undefined>} env
 */
export function ensureShutdownTimeout(env = process.env) {
	if (!env.SHUTDOWN_TIMEOUT?.trim()) env.SHUTDOWN_TIMEOUT = String(SHUTDOWN_GRACE_SECONDS);
}
