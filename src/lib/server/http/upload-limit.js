// @ts-check
// The upload limit, read by the app and by the server entry before adapter-node starts.
// Plain JavaScript without imports: svelte.config.js copies this file into build/ so that
// `node build` and `node build/index.js` set adapter-node's BODY_SIZE_LIMIT the way `npm start`
// does — otherwise adapter-node's own 512 Ko cuts every larger upload and SvelteKit answers
// « Erreur interne ».

/** Room for the multipart envelope (boundaries, headers, other form fields) around the file. */
export const MULTIPART_MARGIN_BYTES = 1024 * 1024;

/**
 * MAILLAGE_UPLOAD_MAX_MO (default 50) in bytes.
 * @param {Record<string, string | undefined>} env
 */
export function uploadMaxBytes(env = process.env) {
	const raw = env.MAILLAGE_UPLOAD_MAX_MO?.trim() || '50';
	const mo = Number(raw.replace(',', '.'));
	if (!Number.isFinite(mo) || mo <= 0) throw new Error(`MAILLAGE_UPLOAD_MAX_MO invalide : « ${raw} » (attendu un nombre de Mo, ex. 50)`);
	return Math.floor(mo * 1024 * 1024);
}

/**
 * Sets adapter-node's BODY_SIZE_LIMIT, unless given, to the upload limit and its envelope: the
 * ceiling of any request body. The app holds its own, smaller limits below it (1 Mo of JSON).
 * @param {Record<string, string | undefined>} env
 */
export function ensureBodySizeLimit(env = process.env) {
	if (!env.BODY_SIZE_LIMIT?.trim()) env.BODY_SIZE_LIMIT = String(uploadMaxBytes(env) + MULTIPART_MARGIN_BYTES);
}
