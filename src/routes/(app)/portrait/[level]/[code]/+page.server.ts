import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { can } from '$lib/domain/roles';
import { territoryLevelSchema } from '$lib/domain/territory/levels';
import { parsePeriod } from '$lib/domain/portrait/period';
import { formatDate } from '$lib/domain/format';
import { idSchema } from '$lib/schemas/id';
import { getDatabase } from '$lib/server/db';
import { loadPortraitPage } from '$lib/server/portrait-view';
import { createShare, listShares, revokeShare } from '$lib/server/queries/portrait-shares';
import { chromiumPath } from '$lib/server/pdf';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url, locals }) => {
	const level = territoryLevelSchema.safeParse(params.level);
	if (!level.success) error(404, `Niveau de territoire inconnu : « ${params.level} » (commune, epci, arrondissement, zone ou departement)`);
	const period = parsePeriod(url.searchParams);
	if (!period.ok) error(400, `Période invalide — ${period.message}`);
	const page = await loadPortraitPage(level.data, params.code, period.period);
	if (!page) error(404, `Aucun territoire de niveau ${level.data} avec le code ${params.code}`);
	const canShare = can(locals.user?.role, 'write');
	const { db } = await getDatabase();
	const shares = canShare ? await listShares(db, level.data, params.code) : [];
	return {
		portrait: page.portrait,
		dynamics: page.dynamics,
		generated: formatDate(new Date()),
		canShare,
		pdfAvailable: chromiumPath() !== null,
		// The officer's own name and email, shown only if they tick « Afficher mes coordonnées ».
		presenter: locals.user ? { nom: locals.user.nom, email: locals.user.email } : null,
		shares: shares.map((s) => ({
			id: s.id,
			de: s.period_from,
			a: s.period_to,
			created_at: formatDate(s.created_at),
			created_by: s.created_by_email,
			expires_at: s.expires_at ? formatDate(s.expires_at) : null,
			expired: s.expires_at !== null && s.expires_at.getTime() <= Date.now(),
			revoked_at: s.revoked_at ? formatDate(s.revoked_at) : null
		}))
	};
};

const shareFormSchema = z.object({
	de: z.coerce.number().int().min(2000).max(2100),
	a: z.coerce.number().int().min(2000).max(2100),
	expire: z
		.string()
		.optional()
		.transform((v) => (v ? v : null))
		.refine((v) => v === null || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))), 'date d’expiration invalide (AAAA-MM-JJ)')
});

export const actions: Actions = {
	partager: async ({ params, request, locals, url }) => {
		const level = territoryLevelSchema.safeParse(params.level);
		if (!level.success) return fail(404, { message: 'Niveau de territoire inconnu' });
		const parsed = shareFormSchema.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { message: parsed.error.issues[0].message });
		const { de, a, expire } = parsed.data;
		if (de > a) return fail(400, { message: 'La période commence après sa fin' });
		// The link stays valid through the whole expiry day (Paris time is close enough to UTC+1/2).
		const expiresAt = expire ? new Date(`${expire}T23:59:59Z`) : null;
		if (expiresAt && expiresAt.getTime() <= Date.now()) return fail(400, { message: 'La date d’expiration est déjà passée' });
		const { db } = await getDatabase();
		const exists = await db
			.selectFrom('territory')
			.select('code')
			.where('level', '=', level.data)
			.where('code', '=', params.code)
			.executeTakeFirst();
		if (!exists) return fail(404, { message: 'Territoire inconnu' });
		const { token } = await createShare(
			db,
			{ id: locals.user!.id, email: locals.user!.email },
			{ level: level.data, code: params.code, from: de, to: a, expiresAt }
		);
		return { created: `${url.origin}/partage/${token}` };
	},
	revoquer: async ({ request, locals }) => {
		const id = idSchema('lien').safeParse((await request.formData()).get('id'));
		if (!id.success) return fail(400, { message: 'Lien à révoquer non précisé' });
		const { db } = await getDatabase();
		const done = await revokeShare(db, { id: locals.user!.id, email: locals.user!.email }, id.data);
		if (!done) return fail(404, { message: 'Lien inconnu ou déjà révoqué' });
		return { revoked: id.data };
	}
};
