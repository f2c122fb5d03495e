import { fail } from '@sveltejs/kit';
import { generatePassword } from '$lib/server/auth/crypto';
import { recordAudit } from '$lib/server/audit';
import { getDatabase } from '$lib/server/db';
import { createPasswordReset, createUser, findUserByEmail, listUsers, revokeAllSessions } from '$lib/server/queries/users';
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
		if (await findUserByEmail(db, parsed.data.email)) return fail(409, { message: `Un compte existe déjà pour ${parsed.data.email}` });
		const password = generatePassword();
		const user = await createUser(db, { ...parsed.data, password, mustChangePassword: true });
		await recordAudit(db, locals.user, {
			action: 'create',
			entity: 'app_user',
			entityId: user.id,
			after: { email: user.email, role: user.role }
		});
		return { message: `Compte ${user.email} créé. Mot de passe à usage unique, à transmettre : ${password}` };
	},
	update: async ({ request, locals }) => {
		const parsed = userUpdateSchema.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { message: parsed.error.issues[0].message });
		const { db } = await getDatabase();
		const before = await db
			.selectFrom('app_user')
			.select(['email', 'role', 'disabled'])
			.where('id', '=', parsed.data.id)
			.executeTakeFirst();
		if (!before) return fail(404, { message: 'Compte inconnu' });
		if (parsed.data.id === locals.user!.id && (parsed.data.role !== 'admin' || parsed.data.disabled)) {
			return fail(400, { message: 'Vous ne pouvez pas retirer vos propres droits d’administration' });
		}
		await db
			.updateTable('app_user')
			.set({ role: parsed.data.role, disabled: parsed.data.disabled, updated_at: new Date() })
			.where('id', '=', parsed.data.id)
			.execute();
		if (parsed.data.disabled) await revokeAllSessions(db, parsed.data.id);
		await recordAudit(db, locals.user, {
			action: 'update',
			entity: 'app_user',
			entityId: parsed.data.id,
			before,
			after: { email: before.email, role: parsed.data.role, disabled: parsed.data.disabled }
		});
		return { message: `Compte ${before.email} mis à jour` };
	},
	resetLink: async ({ request, locals, url }) => {
		const id = idSchema('identifiant du compte').safeParse((await request.formData()).get('id'));
		if (!id.success) return fail(400, { message: id.error.issues[0].message });
		const { db } = await getDatabase();
		const user = await db.selectFrom('app_user').select(['id', 'email']).where('id', '=', id.data).executeTakeFirst();
		if (!user) return fail(404, { message: 'Compte inconnu' });
		const token = await createPasswordReset(db, user.id);
		await recordAudit(db, locals.user, { action: 'reset_link', entity: 'app_user', entityId: user.id });
		return { message: `Lien de réinitialisation pour ${user.email} (1 h) : ${url.origin}/reinitialiser/${token}` };
	}
};
