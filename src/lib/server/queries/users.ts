// Queries of the user aggregate: accounts, sessions, password resets.
import type { Kysely } from 'kysely';
import type { Role } from '../../domain/roles';
import { hashPassword, randomToken, sha256 } from '../auth/crypto';
import type { Database } from '../db/schema';

export interface SessionUser {
	id: number;
	email: string;
	nom: string;
	role: Role;
	must_change_password: boolean;
}

export const SESSION_DAYS = Number(process.env.MAILLAGE_SESSION_DAYS ?? 7);
const DAY = 86_400_000;

export async function createUser(
	db: Kysely<Database>,
	input: { email: string; nom?: string; role: Role; password: string; mustChangePassword?: boolean }
): Promise<SessionUser> {
	const row = await db
		.insertInto('app_user')
		.values({
			email: input.email.trim().toLowerCase(),
			nom: input.nom?.trim() ?? '',
			role: input.role,
			password_hash: await hashPassword(input.password),
			must_change_password: input.mustChangePassword ?? false
		})
		.returning(['id', 'email', 'nom', 'role', 'must_change_password'])
		.executeTakeFirstOrThrow();
	return row;
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
	const row = await db
		.selectFrom('app_user')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export function findUserByEmail(db: Kysely<Database>, email: string) {
	return db.selectFrom('app_user').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

export function listUsers(db: Kysely<Database>) {
	return db
		.selectFrom('app_user')
		.select(['id', 'email', 'nom', 'role', 'disabled', 'must_change_password', 'created_at'])
		.orderBy('email')
		.execute();
}

export async function setPassword(db: Kysely<Database>, userId: number, password: string): Promise<void> {
	await db
		.updateTable('app_user')
		.set({ password_hash: await hashPassword(password), must_change_password: false, updated_at: new Date() })
		.where('id', '=', userId)
		.execute();
}

/** Opens a session; returns the token for the cookie (only its hash is stored). */
export async function createSession(
	db: Kysely<Database>,
	userId: number,
	userAgent: string | null
): Promise<{ token: string; expires: Date }> {
	const token = randomToken();
	const expires = new Date(Date.now() + SESSION_DAYS * DAY);
	await db
		.insertInto('user_session')
		.values({ token_hash: sha256(token), user_id: userId, expires_at: expires, user_agent: userAgent?.slice(0, 300) ?? null })
		.execute();
	return { token, expires };
}

/** The user of a valid session, renewing it when more than half its life has passed. */
export async function validateSession(db: Kysely<Database>, token: string): Promise<{ user: SessionUser; expires: Date } | null> {
	const row = await db
		.selectFrom('user_session as s')
		.innerJoin('app_user as u', 'u.id', 's.user_id')
		.select(['s.token_hash', 's.expires_at', 'u.id', 'u.email', 'u.nom', 'u.role', 'u.must_change_password', 'u.disabled'])
		.where('s.token_hash', '=', sha256(token))
		.executeTakeFirst();
	if (!row || row.disabled) return null;
	let expires = new Date(row.expires_at);
	if (expires.getTime() <= Date.now()) {
		await db.deleteFrom('user_session').where('token_hash', '=', row.token_hash).execute();
		return null;
	}
	if (expires.getTime() - Date.now() < (SESSION_DAYS * DAY) / 2) {
		expires = new Date(Date.now() + SESSION_DAYS * DAY);
		await db.updateTable('user_session').set({ expires_at: expires }).where('token_hash', '=', row.token_hash).execute();
	}
	return { user: { id: row.id, email: row.email, nom: row.nom, role: row.role, must_change_password: row.must_change_password }, expires };
}

export async function revokeSession(db: Kysely<Database>, token: string): Promise<void> {
	await db.deleteFrom('user_session').where('token_hash', '=', sha256(token)).execute();
}

export async function revokeAllSessions(db: Kysely<Database>, userId: number): Promise<number> {
	const result = await db.deleteFrom('user_session').where('user_id', '=', userId).executeTakeFirst();
	return Number(result.numDeletedRows);
}

/** A one-time password-reset token, valid one hour. */
export async function createPasswordReset(db: Kysely<Database>, userId: number): Promise<string> {
	const token = randomToken();
	await db
		.insertInto('password_reset')
		.values({ token_hash: sha256(token), user_id: userId, expires_at: new Date(Date.now() + 3_600_000), used_at: null })
		.execute();
	return token;
}

/** Uses a reset token once: returns the user id, or null when unknown, used or expired. */
export async function consumePasswordReset(db: Kysely<Database>, token: string): Promise<number | null> {
	const row = await db
		.updateTable('password_reset')
		.set({ used_at: new Date() })
		.where('token_hash', '=', sha256(token))
		.where('used_at', 'is', null)
		.where('expires_at', '>', new Date())
		.returning('user_id')
		.executeTakeFirst();
	return row?.user_id ?? null;
}
