import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { verifyPassword } from '$lib/server/auth/crypto';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { loginSucceeded, reserveLoginAttempt } from '$lib/server/auth/rate-limit';
import { getDatabase } from '$lib/server/db';
import { sameOriginPath } from '$lib/server/http/next-path';
import { findUserByEmail, signIn } from '$lib/server/queries/users';
import { accountEmailSchema } from '$lib/schemas/user';
import type { Actions, PageServerLoad } from './$types';

const loginSchema = z.object({
	email: accountEmailSchema,
	password: z.string().min(1, 'mot de passe requis').max(256)
});

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, sameOriginPath(url.searchParams.get('suite'), url.origin));
	return {};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const form = Object.fromEntries(await request.formData());
		const parsed = loginSchema.safeParse(form);
		if (!parsed.success) return fail(400, { email: String(form.email ?? ''), message: parsed.error.issues[0].message });
		const { email, password } = parsed.data;
		const who = { email, address: getClientAddress() };
		const { db } = await getDatabase();
		// Counted before the password is checked: see rate-limit.ts.
		const attempt = await reserveLoginAttempt(db, who);
		if (!attempt.allowed) {
			return fail(429, { email, message: `Trop de tentatives : réessayez dans ${Math.ceil(attempt.retryAfterMs / 60_000)} minute(s)` });
		}
		const user = await findUserByEmail(db, email);
		const ok = user && !user.disabled && (await verifyPassword(user.password_hash, password));
		if (!ok || !user) return fail(400, { email, message: 'Adresse ou mot de passe incorrect' });
		await loginSucceeded(db, who);
		const session = await signIn(db, user, request.headers.get('user-agent'));
		setSessionCookie(cookies, url, session.token, session.expires);
		redirect(303, user.must_change_password ? '/compte?premiere=1' : sameOriginPath(url.searchParams.get('suite'), url.origin));
	}
};
