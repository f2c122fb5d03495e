import { fail } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { addUser, changeUserAccess, issuePasswordReset, listUsers } from '$lib/server/queries/users';
import { idSchema } from '$lib/schemas/id';
import { userCreateSchema, userUpdateSchema } from '$lib/schemas/user';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const { db } = await getDatabase();
	return { users: await listUsers(db) };
};

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const parsed = userCreateSchema.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { message: parsed.error.issues.map((i) => `${i.path.join('.')} : ${i.message}`).join(' ; ') });
		const { db } = await getDatabase();
		const added = await addUser(db, parsed.data, locals.user);
		if (!added.ok) return fail(added.status, { message: added.message });
		return { message: `Compte ${added.user.email} créé. Mot de passe à usage unique, à transmettre : ${added.password}` };
	},
	update: async ({ request, locals }) => {
		const parsed = userUpdateSchema.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { message: parsed.error.issues[0].message });
		const { db } = await getDatabase();
		const changed = await changeUserAccess(db, parsed.data, locals.user!);
		if (!changed.ok) return fail(changed.status, { message: changed.message });
		return { message: `Compte ${changed.email} mis à jour` };
	},
	resetLink: async ({ request, locals, url }) => {
		const id = idSchema('identifiant du compte').safeParse((await request.formData()).get('id'));
		if (!id.success) return fail(400, { message: id.error.issues[0].message });
		const { db } = await getDatabase();
		const issued = await issuePasswordReset(db, id.data, locals.user!);
		if (!issued.ok) return fail(issued.status, { message: issued.message });
		return { message: `Lien de réinitialisation pour ${issued.email} (1 h) : ${url.origin}/reinitialiser/${issued.token}` };
	}
};
