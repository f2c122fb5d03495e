// First start: make sure someone can sign in. An admin is created from MAILLAGE_ADMIN_EMAIL and
// MAILLAGE_ADMIN_PASSWORD when set, otherwise with a one-time password printed to the log.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { countUsers, createUser } from '../queries/users';
import { generatePassword, passwordSchema } from './crypto';

export type AuthMode = 'on' | 'off';

export function authMode(env: NodeJS.ProcessEnv = process.env): AuthMode {
	const value = (env.MAILLAGE_AUTH ?? 'on').toLowerCase();
	if (value !== 'on' && value !== 'off') throw new Error(`MAILLAGE_AUTH doit valoir on ou off (reçu « ${value} »)`);
	return value;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Without authentication the server must only listen on this machine. */
export function assertSafeAuthMode(env: NodeJS.ProcessEnv = process.env): void {
	if (authMode(env) === 'off') {
		const host = env.HOST ?? '0.0.0.0';
		if (!LOOPBACK.has(host)) {
			throw new Error(`MAILLAGE_AUTH=off n’est permis que sur une adresse locale (HOST=127.0.0.1), pas sur « ${host} »`);
		}
	}
}

export async function ensureFirstAdmin(db: Kysely<Database>, env: NodeJS.ProcessEnv = process.env, log = console.log): Promise<void> {
	if (authMode(env) === 'off' || (await countUsers(db)) > 0) return;
	const email = env.MAILLAGE_ADMIN_EMAIL?.trim() || 'admin@localhost';
	const given = env.MAILLAGE_ADMIN_PASSWORD;
	if (given !== undefined) {
		const check = passwordSchema.safeParse(given);
		if (!check.success) throw new Error(`MAILLAGE_ADMIN_PASSWORD : ${check.error.issues[0].message}`);
	}
	const password = given ?? generatePassword();
	await createUser(db, { email, nom: 'Administration', role: 'admin', password, mustChangePassword: given === undefined });
	if (given === undefined) {
		log(
			`[maillage] Premier compte administrateur : ${email} — mot de passe à usage unique : ${password} (à changer à la première connexion)`
		);
	} else {
		log(`[maillage] Premier compte administrateur créé : ${email}`);
	}
}
