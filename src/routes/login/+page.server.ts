import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { verifyPassword } from '$lib/server/auth/crypto';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { loginLimiter } from '$lib/server/auth/rate-limit';
import { recordAudit } from '$lib/server/audit';
import { getDatabase } from '$lib/server/db';
import { createSession, findUserByEmail } from '$lib/server/queries/users';
import type { Actions, PageServerLoad } from './$types';

const loginSchema = z.object({
	email: z.string().trim().toLowerCase().email('adresse électronique invalide').max(254),
	password: z.string().min(1, 'mot de passe requis').max(256)
});

/** Only local paths: a login link must not send the user elsewhere. */
function safeNext(value: string | null): string {
	return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
}

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('suite')));
	return {};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const form = Object.fromEntries(await request.formData());
		const parsed = loginSchema.safeParse(form);
		if (!parsed.success) return fail(400, { email: String(form.email ?? ''), message: parsed.error.issues[0].message });
		const { email, password } = parsed.data;
		const address = getClientAddress();
		const wait = Math.max(loginLimiter.account.retryAfter(email), loginLimiter.address.retryAfter(address));
		if (wait > 0) {
			return fail(429, { email, message: `Trop de tentatives : réessayez dans ${Math.ceil(wait / 60_000)} minute(s)` });
		}
		const { db } = await getDatabase();
		const user = await findUserByEmail(db, email);
		const ok = user && !user.disabled && (await verifyPassword(user.password_hash, password));
		if (!ok || !user) {
			loginLimiter.account.fail(email);
			loginLimiter.address.fail(address);
			return fail(400, { email, message: 'Adresse ou mot de passe incorrect' });
		}
		loginLimiter.account.reset(email);
		const session = await createSession(db, user.id, request.headers.get('user-agent'));
		setSessionCookie(cookies, url, session.token, session.expires);
		await recordAudit(db, user, { action: 'login', entity: 'app_user', entityId: user.id });
		redirect(303, user.must_change_password ? '/compte?premiere=1' : safeNext(url.searchParams.get('suite')));
	}
};
