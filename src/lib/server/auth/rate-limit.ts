// Login attempt limiting: 5 attempts per account and 20 per client address in a 15-minute window.
// An attempt takes its place in the count before its password is checked, through one atomic
// upsert for both keys: requests that arrive together are serialised by the database, each sees
// its own rank, and only the first ones within the limit go on to the (deliberately slow) hash.
// Counting in memory after the check let 30 parallel guesses get 11 checked (issue 12).
// A correct password forgets the account's attempts and gives its place back to the address, so
// that the address limit counts failures (and attempts still in flight), as the account's does.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';

export interface LoginLimits {
	account: number;
	address: number;
	windowMs: number;
}

export const LOGIN_LIMITS: LoginLimits = { account: 5, address: 20, windowMs: 15 * 60_000 };

export interface LoginAttemptWho {
	email: string;
	address: string;
}

const accountKey = (email: string) => `compte:${email}`;
const addressKey = (address: string) => `adresse:${address}`;

/** Counts one attempt for the account and the address; `allowed` when both are within their limit. */
export async function reserveLoginAttempt(
	db: Kysely<Database>,
	who: LoginAttemptWho,
	limits = LOGIN_LIMITS
): Promise<{ allowed: boolean; retryAfterMs: number }> {
	return reserveAttempts(
		db,
		[
			{ key: accountKey(who.email), limit: limits.account },
			{ key: addressKey(who.address), limit: limits.address }
		],
		limits.windowMs
	);
}

/**
 * Counts one attempt under each key (one atomic upsert, see above); `allowed` when every key is
 * within its limit in the window. Also serves the public forms (the event registration page),
 * whose keys carry their own prefix; their window is the login's, so one sweep forgets them all.
 */
export async function reserveAttempts(
	db: Kysely<Database>,
	keys: readonly { key: string; limit: number }[],
	windowMs: number
): Promise<{ allowed: boolean; retryAfterMs: number }> {
	const window = sql`make_interval(secs => ${windowMs / 1000})`;
	const expired = sql<boolean>`login_attempt.window_start <= now() - ${window}`;
	const rows = await db
		.insertInto('login_attempt')
		.values(keys.map(({ key }) => ({ key, attempts: 1, window_start: sql`now()` })))
		.onConflict((conflict) =>
			conflict.column('key').doUpdateSet({
				attempts: sql`CASE WHEN ${expired} THEN 1 ELSE login_attempt.attempts + 1 END`,
				window_start: sql`CASE WHEN ${expired} THEN now() ELSE login_attempt.window_start END`
			})
		)
		.returning([
			'key',
			'attempts',
			sql<number>`extract(epoch FROM login_attempt.window_start + ${window} - now()) * 1000`.as('remaining_ms')
		])
		.execute();
	const limitOf = new Map(keys.map((k) => [k.key, k.limit]));
	let retryAfterMs = 0;
	for (const row of rows) {
		if (row.attempts > limitOf.get(row.key)!) retryAfterMs = Math.max(retryAfterMs, Math.ceil(Number(row.remaining_ms)), 1);
	}
	return { allowed: retryAfterMs === 0, retryAfterMs };
}

/** The password was right: the account starts afresh, the address gets its place back. */
export async function loginSucceeded(db: Kysely<Database>, who: LoginAttemptWho, limits = LOGIN_LIMITS): Promise<void> {
	await db.deleteFrom('login_attempt').where('key', '=', accountKey(who.email)).execute();
	await db
		.updateTable('login_attempt')
		.set({ attempts: sql`greatest(attempts - 1, 0)` })
		.where('key', '=', addressKey(who.address))
		.execute();
	await forgetExpiredLoginAttempts(db, limits);
}

/** Windows that are over say nothing any more (and hold addresses): swept on each sign-in and at start. */
export async function forgetExpiredLoginAttempts(db: Kysely<Database>, limits = LOGIN_LIMITS): Promise<void> {
	await db
		.deleteFrom('login_attempt')
		.where('window_start', '<=', sql<Date>`now() - make_interval(secs => ${limits.windowMs / 1000})`)
		.execute();
}
