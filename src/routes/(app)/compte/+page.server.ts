import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { passwordSchema } from '$lib/server/auth/crypto';
import { clearSessionCookie } from '$lib/server/auth/cookies';
import { getDatabase } from '$lib/server/db';
import { hasCalendarToken } from '$lib/server/queries/parcours';
import { changeOwnPassword, signOutEverywhere } from '$lib/server/queries/users';
import type { Actions, PageServerLoad } from './$types';

const passwordChangeSchema = z
	.object({ current: z.string().max(256), password: passwordSchema, confirm: z.string() })
	.refine((v) => v.password === v.confirm, { message: 'les deux mots de passe diffèrent', path: ['confirm'] });

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = locals.user;
	// Whether the user's calendar address is active (its secret is not kept: it cannot be shown again).
	// No calendar without an account of one's own (MAILLAGE_AUTH=off).
	let calendar: { active: boolean } | null = null;
	if (user && user.id > 0) {
		const { db } = await getDatabase();
		calendar = { active: await hasCalendarToken(db, user.id) };
	}
	return { firstLogin: url.searchParams.has('premiere') || !!user?.must_change_password, calendar };
};

export const actions: Actions = {
	password: async ({ request, locals }) => {
		const user = locals.user!;
		if (user.id === 0) return fail(400, { message: 'Authentification désactivée (MAILLAGE_AUTH=off)' });
		const parsed = passwordChangeSchema.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { message: `Nouveau mot de passe : ${parsed.error.issues[0].message}` });
		const { db } = await getDatabase();
		const changed = await changeOwnPassword(db, user, { current: parsed.data.current, next: parsed.data.password });
		if (!changed.ok) return fail(changed.status, { message: changed.message });
		return { message: 'Mot de passe changé' };
	},
	logoutEverywhere: async ({ locals, cookies }) => {
		const user = locals.user!;
		const { db } = await getDatabase();
		await signOutEverywhere(db, user);
		clearSessionCookie(cookies);
		redirect(303, '/login');
	}
};
