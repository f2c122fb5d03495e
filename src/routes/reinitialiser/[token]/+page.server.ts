import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { passwordSchema } from '$lib/server/auth/crypto';
import { getDatabase } from '$lib/server/db';
import { resetPassword } from '$lib/server/queries/users';
import type { Actions } from './$types';

const resetSchema = z
	.object({ password: passwordSchema, confirm: z.string() })
	.refine((v) => v.password === v.confirm, { message: 'les deux mots de passe diffèrent' });

export const actions: Actions = {
	default: async ({ request, params }) => {
		const parsed = resetSchema.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { message: `Mot de passe : ${parsed.error.issues[0].message}` });
		const { db } = await getDatabase();
		const reset = await resetPassword(db, params.token, parsed.data.password);
		if (!reset.ok) return fail(reset.status, { message: reset.message });
		redirect(303, '/login');
	}
};
