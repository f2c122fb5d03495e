// Queries of the user aggregate: accounts, sessions, password resets; and its use cases (a write
// with its checks, transaction and audit), as the other aggregates have theirs in their module.
import type { Kysely, Transaction } from 'kysely';
import type { Role } from '../../domain/roles';
import { recordAudit, type AuditActor } from '../audit';
import { generatePassword, hashPassword, randomToken, sha256, verifyPassword } from '../auth/crypto';
import type { Database } from '../db/schema';
import { refuse, type Outcome } from './outcome';

type Db = Kysely<Database> | Transaction<Database>;

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
	db: Db,
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

export function findUserByEmail(db: Db, email: string) {
	return db.selectFrom('app_user').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

export function listUsers(db: Kysely<Database>) {
	return db
		.selectFrom('app_user')
		.select(['id', 'email', 'nom', 'role', 'disabled', 'must_change_password', 'created_at'])
		.orderBy('email')
		.execute();
}

/** The enabled accounts that may follow a parcours (admins, chargé·es de mission). */
export async function activeTeam(db: Kysely<Database>) {
	return db
		.selectFrom('app_user')
		.select(['id', 'nom', 'email'])
		.where('disabled', '=', false)
		.where('role', 'in', ['admin', 'charge_mission'])
		.execute();
}

export async function setPassword(db: Db, userId: number, password: string): Promise<void> {
	await db
		.updateTable('app_user')
		.set({ password_hash: await hashPassword(password), must_change_password: false, updated_at: new Date() })
		.where('id', '=', userId)
		.execute();
}

/** Opens a session; returns the token for the cookie (only its hash is stored). */
export async function createSession(db: Db, userId: number, userAgent: string | null): Promise<{ token: string; expires: Date }> {
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

export async function revokeAllSessions(db: Db, userId: number): Promise<number> {
	const result = await db.deleteFrom('user_session').where('user_id', '=', userId).executeTakeFirst();
	return Number(result.numDeletedRows);
}

/** A one-time password-reset token, valid one hour. */
export async function createPasswordReset(db: Db, userId: number): Promise<string> {
	const token = randomToken();
	await db
		.insertInto('password_reset')
		.values({ token_hash: sha256(token), user_id: userId, expires_at: new Date(Date.now() + 3_600_000), used_at: null })
		.execute();
	return token;
}

/** Uses a reset token once: returns the user id, or null when unknown, used or expired. */
export async function consumePasswordReset(db: Db, token: string): Promise<number | null> {
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

/**
 * An administrator (or the command line, `who` null) opens an account: a one-time password to hand
 * over, changed at the first sign-in unless `password` was chosen.
 */
export async function addUser(
	db: Kysely<Database>,
	input: { email: string; nom?: string; role: Role; password?: string },
	who: AuditActor | null,
	via?: 'cli'
): Promise<Outcome<{ user: SessionUser; password: string }>> {
	return db.transaction().execute(async (tx) => {
		if (await findUserByEmail(tx, input.email)) return refuse(409, `Un compte existe déjà pour ${input.email}`, 'email');
		const password = input.password ?? generatePassword();
		const user = await createUser(tx, { ...input, password, mustChangePassword: input.password === undefined });
		await recordAudit(tx, who, {
			action: 'create',
			entity: 'app_user',
			entityId: user.id,
			after: { email: user.email, role: user.role, ...(via ? { via } : {}) }
		});
		return { ok: true, user, password };
	});
}

/** An administrator changes an account's role or disables it (its sessions end); never their own rights. */
export async function changeUserAccess(
	db: Kysely<Database>,
	change: { id: number; role: Role; disabled: boolean },
	who: AuditActor
): Promise<Outcome<{ email: string }>> {
	return db.transaction().execute(async (tx) => {
		const before = await tx.selectFrom('app_user').select(['email', 'role', 'disabled']).where('id', '=', change.id).executeTakeFirst();
		if (!before) return refuse(404, 'Compte inconnu', 'id');
		if (change.id === who.id && (change.role !== 'admin' || change.disabled)) {
			return refuse(400, 'Vous ne pouvez pas retirer vos propres droits d’administration', 'role');
		}
		await tx
			.updateTable('app_user')
			.set({ role: change.role, disabled: change.disabled, updated_at: new Date() })
			.where('id', '=', change.id)
			.execute();
		if (change.disabled) await revokeAllSessions(tx, change.id);
		await recordAudit(tx, who, {
			action: 'update',
			entity: 'app_user',
			entityId: change.id,
			before,
			after: { email: before.email, role: change.role, disabled: change.disabled }
		});
		return { ok: true, email: before.email };
	});
}

/** An administrator issues a one-hour password-reset link for an account. */
export async function issuePasswordReset(
	db: Kysely<Database>,
	id: number,
	who: AuditActor
): Promise<Outcome<{ email: string; token: string }>> {
	return db.transaction().execute(async (tx) => {
		const user = await tx.selectFrom('app_user').select(['id', 'email']).where('id', '=', id).executeTakeFirst();
		if (!user) return refuse(404, 'Compte inconnu', 'id');
		const token = await createPasswordReset(tx, user.id);
		await recordAudit(tx, who, { action: 'reset_link', entity: 'app_user', entityId: user.id });
		return { ok: true, email: user.email, token };
	});
}

/** A signed-in user changes their password, proving the current one. */
export async function changeOwnPassword(
	db: Kysely<Database>,
	user: AuditActor,
	passwords: { current: string; next: string }
): Promise<Outcome<object>> {
	const account = await findUserByEmail(db, user.email);
	if (!account || !(await verifyPassword(account.password_hash, passwords.current))) {
		return refuse(400, 'Mot de passe actuel incorrect', 'current');
	}
	await db.transaction().execute(async (tx) => {
		await setPassword(tx, user.id, passwords.next);
		await recordAudit(tx, user, { action: 'password_change', entity: 'app_user', entityId: user.id });
	});
	return { ok: true };
}

/** A user signs out of every device. */
export async function signOutEverywhere(db: Kysely<Database>, user: AuditActor): Promise<void> {
	await db.transaction().execute(async (tx) => {
		await revokeAllSessions(tx, user.id);
		await recordAudit(tx, user, { action: 'logout_everywhere', entity: 'app_user', entityId: user.id });
	});
}

/** A password chosen through a reset link: the link is used up and every session ends. */
export async function resetPassword(db: Kysely<Database>, token: string, password: string): Promise<Outcome<{ userId: number }>> {
	return db.transaction().execute(async (tx) => {
		const userId = await consumePasswordReset(tx, token);
		if (userId === null) return refuse(410, 'Lien inconnu, déjà utilisé ou expiré : demandez-en un nouveau', 'token');
		await setPassword(tx, userId, password);
		await revokeAllSessions(tx, userId);
		await recordAudit(tx, null, { action: 'password_reset', entity: 'app_user', entityId: userId });
		return { ok: true, userId };
	});
}

/** A successful sign-in: a new session, audited. */
export async function signIn(db: Kysely<Database>, user: AuditActor, userAgent: string | null): Promise<{ token: string; expires: Date }> {
	return db.transaction().execute(async (tx) => {
		const session = await createSession(tx, user.id, userAgent);
		await recordAudit(tx, user, { action: 'login', entity: 'app_user', entityId: user.id });
		return session;
	});
}
