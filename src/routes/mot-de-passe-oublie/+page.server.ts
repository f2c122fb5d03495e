import { getDatabase } from '$lib/server/db';
import { createPasswordReset, findUserByEmail } from '$lib/server/queries/users';
import { accountEmailSchema } from '$lib/schemas/user';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, url }) => {
		const email = accountEmailSchema.safeParse((await request.formData()).get('email'));
		// Same answer whether or not the account exists: the form must not reveal who has one.
		const answer = { sent: true };
		if (!email.success) return answer;
		const { db } = await getDatabase();
		const user = await findUserByEmail(db, email.data);
		if (user && !user.disabled) {
			const token = await createPasswordReset(db, user.id);
			// No mail server is configured: the link goes to the server log, for the administrator.
			console.log(`[maillage] Lien de réinitialisation pour ${user.email} (valable 1 h) : ${url.origin}/reinitialiser/${token}`);
		}
		return answer;
	}
};
