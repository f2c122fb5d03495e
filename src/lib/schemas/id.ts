// Database ids (PostgreSQL `integer` / `serial`) as they enter the system: path segments, JSON
// bodies, form fields. A number past 2³¹−1 is no id at all — PostgreSQL would refuse it with an
// error (a 500) — so it is refused here as malformed (400), like « abc »; a well-formed id that
// matches nothing is the query's business (404).
import { z } from 'zod';

/** The largest PostgreSQL `integer`. */
export const MAX_ID = 2_147_483_647;

function idNumber(label: string) {
	const message = `${label} : entier de 1 à ${MAX_ID} attendu`;
	return z
		.number({ error: `${label} : nombre attendu (entier de 1 à ${MAX_ID})` })
		.int(message)
		.min(1, message)
		.max(MAX_ID, message);
}

/** A JSON or form id: a positive integer up to 2³¹−1 (form values arrive as text). */
export function idSchema(label = 'identifiant') {
	return z.preprocess((value) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value), idNumber(label));
}

/** A path segment id (`/api/trips/12`): digits only — no sign, exponent, spaces or leading zero. */
export const pathIdSchema = z
	.string()
	.regex(/^[1-9]\d{0,9}$/, `identifiant : entier de 1 à ${MAX_ID} attendu`)
	.transform(Number)
	.pipe(idNumber('identifiant'));

/** The id of a path segment, or null when it is not one (→ 400). */
export function parsePathId(value: string | undefined): number | null {
	const parsed = pathIdSchema.safeParse(value);
	return parsed.success ? parsed.data : null;
}
