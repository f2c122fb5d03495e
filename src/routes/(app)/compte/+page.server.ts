import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { passwordSchema, verifyPassword } from '$lib/server/auth/crypto';
import { clearSessionCookie } from '$lib/server/auth/cookies';
import { recordAudit } from '$lib/server/audit';
import { getDatabase } from '$lib/server/db';
import { findUserByEmail, revokeAllSessions, setPassword } from '$lib/server/queries/users';
import type { Actions, PageServerLoad } from './$types';

const passwordChangeSchema = z
	.object({ current: z.string().max(256), password: passwordSchema, confirm: z.string() })
	.refine((v) => v.password === v.confirm, { message: 'les deux mots de passe diffèrent', path: ['confirm'] });

export const load: PageServerLoad = ({ locals, url }) => ({
	firstLogin: url.searchParams.has('premiere') || !!locals.user?.must_change_password,
	// Whether a calendar address is active: known once the parcours API stores the tokens.
	calendarActive: null as boolean | null
});

export const actions: Actions = {
	password: async ({ request, locals }) => {
		const user = locals.user!;
		if (user.id === 0) return fail(400, { message: 'Authentification désactivée (MAILLAGE_AUTH=off)' });
		const parsed = passwordChangeSchema.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { message: `Nouveau mot de passe : ${parsed.error.issues[0].message}` });
		const { db } = await getDatabase();
		const account = await findUserByEmail(db, user.email);
		if (!account || !(await verifyPassword(account.password_hash, parsed.data.current))) {
			return fail(400, { message: 'Mot de passe actuel incorrect' });
		}
		await setPassword(db, user.id, parsed.data.password);
		await recordAudit(db, user, { action: 'password_change', entity: 'app_user', entityId: user.id });
		return { message: 'Mot de passe changé' };
	},
	logoutEverywhere: async ({ locals, cookies }) => {
		const user = locals.user!;
		const { db } = await getDatabase();
		await revokeAllSessions(db, user.id);
		await recordAudit(db, user, { action: 'logout_everywhere', entity: 'app_user', entityId: user.id });
		clearSessionCookie(cookies);
		redirect(303, '/login');
	}
};
