import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { passwordSchema } from '$lib/server/auth/crypto';
import { recordAudit } from '$lib/server/audit';
import { getDatabase } from '$lib/server/db';
import { consumePasswordReset, revokeAllSessions, setPassword } from '$lib/server/queries/users';
import type { Actions } from './$types';

const resetSchema = z
	.object({ password: passwordSchema, confirm: z.string() })
	.refine((v) => v.password === v.confirm, { message: 'les deux mots de passe diffèrent' });

export const actions: Actions = {
	default: async ({ request, params }) => {
		const parsed = resetSchema.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { message: `Mot de passe : ${parsed.error.issues[0].message}` });
		const { db } = await getDatabase();
		const userId = await consumePasswordReset(db, params.token);
		if (userId === null) return fail(410, { message: 'Lien inconnu, déjà utilisé ou expiré : demandez-en un nouveau' });
		await setPassword(db, userId, parsed.data.password);
		await revokeAllSessions(db, userId);
		await recordAudit(db, null, { action: 'password_reset', entity: 'app_user', entityId: userId });
		redirect(303, '/login');
	}
};
