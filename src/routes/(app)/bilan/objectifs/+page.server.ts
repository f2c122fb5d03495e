import { fail } from '@sveltejs/kit';
import { todayIn } from '$lib/domain/parcours/calendar';
import { firstIssue, issueText } from '$lib/schemas/issues';
import { targetFormSchema, targetKeySchema } from '$lib/schemas/target';
import { readConfig } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { deleteTarget, listTargets, saveTarget, targetsWithProgress } from '$lib/server/queries/targets';
import { targetTerritories } from '$lib/server/queries/indicators';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const config = readConfig();
	const { db } = await getDatabase();
	const [set, territories] = await Promise.all([listTargets(db, config.dataDir), targetTerritories(db, config.departement)]);
	return {
		source: set.source,
		note: set.note,
		targets: await targetsWithProgress(db, set.targets, config.departement, todayIn()),
		territories,
		canEdit: locals.user?.role === 'admin',
		thisYear: new Date().getFullYear()
	};
};

export const actions: Actions = {
	enregistrer: async ({ request, locals }) => {
		const form = Object.fromEntries(await request.formData());
		const parsed = targetFormSchema.safeParse(form);
		if (!parsed.success) {
			const issue = firstIssue(parsed.error);
			return fail(400, { message: issueText(issue), field: issue.field, values: form });
		}
		const { db } = await getDatabase();
		const saved = await saveTarget(db, parsed.data, readConfig().dataDir, locals.user);
		if (!saved.ok) return fail(saved.status, { message: saved.message, field: saved.field, values: form });
		return { message: saved.created ? 'Objectif ajouté.' : 'Objectif modifié.' };
	},
	supprimer: async ({ request, locals }) => {
		const form = Object.fromEntries(await request.formData());
		const [level, code] = String(form.territoire ?? '').split(':');
		const parsed = targetKeySchema.safeParse({ level, code, indicator: form.indicator, year: form.year });
		if (!parsed.success) return fail(400, { message: issueText(firstIssue(parsed.error)) });
		const { db } = await getDatabase();
		const removed = await deleteTarget(db, parsed.data, readConfig().dataDir, locals.user);
		if (!removed.ok) return fail(removed.status, { message: removed.message });
		return { message: 'Objectif supprimé.' };
	}
};
