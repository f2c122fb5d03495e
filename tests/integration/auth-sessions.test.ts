import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	createPasswordReset,
	consumePasswordReset,
	createSession,
	createUser,
	revokeAllSessions,
	validateSession
} from '../../src/lib/server/queries/users';
import { sha256 } from '../../src/lib/server/auth/crypto';
import { BACKENDS, openTestDatabase } from '../helpers/backends';

describe.each(BACKENDS)('sessions and resets on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openTestDatabase>>;
	let userId: number;
	beforeAll(async () => {
		handle = await openTestDatabase(backend);
		userId = (await createUser(handle.db, { email: 'Cm@Example.org', role: 'charge_mission', password: 'un mot de passe long' })).id;
	});
	afterAll(async () => handle?.drop());

	it('stores emails in lower case and only a hash of the session token', async () => {
		const { token } = await createSession(handle.db, userId, 'test');
		const row = await handle.db.selectFrom('user_session').selectAll().where('user_id', '=', userId).executeTakeFirstOrThrow();
		expect(row.token_hash).toBe(sha256(token));
		expect(row.token_hash).not.toContain(token);
		expect((await validateSession(handle.db, token))?.user).toMatchObject({ email: 'cm@example.org', role: 'charge_mission' });
	});

	it('refuses an expired session and deletes it', async () => {
		const { token } = await createSession(handle.db, userId, null);
		await handle.db
			.updateTable('user_session')
			.set({ expires_at: new Date(Date.now() - 1000) })
			.where('token_hash', '=', sha256(token))
			.execute();
		expect(await validateSession(handle.db, token)).toBeNull();
		expect(await handle.db.selectFrom('user_session').select('token_hash').where('token_hash', '=', sha256(token)).execute()).toEqual([]);
	});

	it('renews a session past half of its life', async () => {
		const { token } = await createSession(handle.db, userId, null);
		const soon = new Date(Date.now() + 3_600_000);
		await handle.db.updateTable('user_session').set({ expires_at: soon }).where('token_hash', '=', sha256(token)).execute();
		const session = await validateSession(handle.db, token);
		expect(session!.expires.getTime()).toBeGreaterThan(soon.getTime() + 86_400_000);
	});

	it('logs out everywhere', async () => {
		const a = await createSession(handle.db, userId, null);
		const b = await createSession(handle.db, userId, null);
		expect(await revokeAllSessions(handle.db, userId)).toBeGreaterThanOrEqual(2);
		expect(await validateSession(handle.db, a.token)).toBeNull();
		expect(await validateSession(handle.db, b.token)).toBeNull();
	});

	it('uses a reset token once', async () => {
		const token = await createPasswordReset(handle.db, userId);
		expect(await consumePasswordReset(handle.db, token)).toBe(userId);
		expect(await consumePasswordReset(handle.db, token)).toBeNull();
		expect(await consumePasswordReset(handle.db, 'inconnu')).toBeNull();
	});

	it('refuses the session of a disabled account', async () => {
		const { token } = await createSession(handle.db, userId, null);
		await handle.db.updateTable('app_user').set({ disabled: true }).where('id', '=', userId).execute();
		expect(await validateSession(handle.db, token)).toBeNull();
	});
});
