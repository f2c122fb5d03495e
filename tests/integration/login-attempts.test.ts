// The login attempt count in the database (issue 12, item 4), on each backend: the limits, the
// window, the reset on success, and parallel reservations that cannot get past the limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetExpiredLoginAttempts, LOGIN_LIMITS, loginSucceeded, reserveLoginAttempt } from '../../src/lib/server/auth/rate-limit';
import { BACKENDS, openTestDatabase } from '../helpers/backends';

describe.each(BACKENDS)('login attempts on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openTestDatabase>>;
	beforeAll(async () => {
		handle = await openTestDatabase(backend);
	});
	afterAll(async () => handle?.drop());

	it('allows 5 attempts per account in the window, then says how long to wait', async () => {
		const results = [];
		for (let i = 0; i < 6; i++) results.push(await reserveLoginAttempt(handle.db, { email: 'a@localhost', address: `10.0.0.${i}` }));
		expect(results.map((r) => r.allowed)).toEqual([true, true, true, true, true, false]);
		expect(results[5].retryAfterMs).toBeGreaterThan(LOGIN_LIMITS.windowMs - 60_000);
		expect(results[5].retryAfterMs).toBeLessThanOrEqual(LOGIN_LIMITS.windowMs);
	});

	it('allows 20 attempts per address, whatever the accounts', async () => {
		const allowed = [];
		for (let i = 0; i < 22; i++)
			allowed.push((await reserveLoginAttempt(handle.db, { email: `b${i}@localhost`, address: '10.1.0.1' })).allowed);
		expect(allowed.filter(Boolean).length).toBe(20);
		expect(allowed.slice(20)).toEqual([false, false]);
	});

	it('lets no parallel reservation past the limit', async () => {
		const results = await Promise.all(
			Array.from({ length: 30 }, (_, i) => reserveLoginAttempt(handle.db, { email: 'c@localhost', address: `10.2.0.${i}` }))
		);
		expect(results.filter((r) => r.allowed).length).toBe(5);
		const row = await handle.db
			.selectFrom('login_attempt')
			.select('attempts')
			.where('key', '=', 'compte:c@localhost')
			.executeTakeFirstOrThrow();
		expect(row.attempts).toBe(30);
	});

	it('forgets the account’s attempts on success and gives the address its place back', async () => {
		const who = { email: 'd@localhost', address: '10.3.0.1' };
		for (let i = 0; i < 4; i++) await reserveLoginAttempt(handle.db, who);
		await loginSucceeded(handle.db, who);
		const rows = await handle.db
			.selectFrom('login_attempt')
			.select(['key', 'attempts'])
			.where('key', 'in', ['compte:d@localhost', 'adresse:10.3.0.1'])
			.orderBy('key')
			.execute();
		expect(rows).toEqual([{ key: 'adresse:10.3.0.1', attempts: 3 }]);
		for (let i = 0; i < 5; i++) expect((await reserveLoginAttempt(handle.db, who)).allowed).toBe(true);
		expect((await reserveLoginAttempt(handle.db, who)).allowed).toBe(false);
	});

	it('starts a new window once the last one is over, and sweeps the old ones', async () => {
		const short = { ...LOGIN_LIMITS, windowMs: 300 };
		const who = { email: 'e@localhost', address: '10.4.0.1' };
		for (let i = 0; i < 5; i++) await reserveLoginAttempt(handle.db, who, short);
		expect((await reserveLoginAttempt(handle.db, who, short)).allowed).toBe(false);
		await new Promise((r) => setTimeout(r, 400));
		expect((await reserveLoginAttempt(handle.db, who, short)).allowed).toBe(true);
		await new Promise((r) => setTimeout(r, 400));
		await forgetExpiredLoginAttempts(handle.db, short);
		expect(await handle.db.selectFrom('login_attempt').select('key').where('key', 'like', '%e@localhost').execute()).toEqual([]);
	});
});
