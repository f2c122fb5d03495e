import { error, fail } from '@sveltejs/kit';
import { can } from '$lib/domain/roles';
import { readConfig } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { appIssueContext, isSending, startSending } from '$lib/server/newsletter/app-context';
import { prepareIssue, previewNewsletter, renderSentIssue } from '$lib/server/newsletter/issue';
import { readMailSettings } from '$lib/server/newsletter/send';
import { byNom } from '$lib/server/queries/territories';
import { deliveryCounts, deliveryLog, getNewsletter, updateNewsletter } from '$lib/server/queries/newsletters';
import { listSegments } from '$lib/server/queries/segments';
import { publishedTestimonials } from '$lib/server/queries/testimonials';
import type { Actions, PageServerLoad } from './$types';

const idOf = (raw: string) => {
	const id = Number(raw);
	if (!Number.isInteger(id) || id < 1) error(404, 'Lettre introuvable');
	return id;
};

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const id = idOf(params.id);
	const { db } = await getDatabase();
	const newsletter = await getNewsletter(db, id);
	if (!newsletter) error(404, 'Lettre introuvable');
	const config = readConfig();
	const [segments, testimonials, territories, counts, preview] = await Promise.all([
		listSegments(db),
		publishedTestimonials(db, 'newsletter'),
		db
			.selectFrom('territory')
			.select(['level', 'code', 'nom'])
			.where('level', 'in', ['departement', 'zone', 'epci'])
			.where('departement_code', '=', config.departement)
			.execute(),
		deliveryCounts(db, id),
		newsletter.status === 'brouillon'
			? appIssueContext(url.origin).then((context) => previewNewsletter(db, id, context))
			: renderSentIssue(db, { id }).then((r) => r?.html ?? null)
	]);
	const personal = can(locals.user?.role, 'read_personal');
	return {
		newsletter,
		preview,
		segments: segments.map((s) => ({ id: s.id, nom: s.nom })),
		testimonials: testimonials.map((t) => ({
			id: t.id,
			structure: t.structure,
			signature: t.signature,
			extrait: t.texte.length > 60 ? `${t.texte.slice(0, 60)}…` : t.texte
		})),
		territories: territories.sort(byNom),
		counts,
		log: personal && newsletter.status !== 'brouillon' ? await deliveryLog(db, id) : null,
		smtp: readMailSettings().smtpUrl !== null,
		sending: isSending(id),
		canWrite: can(locals.user?.role, 'write')
	};
};

export const actions: Actions = {
	enregistrer: async ({ params, request, locals }) => {
		const form = await request.formData();
		const values = { titre: form.get('titre'), segment_id: form.get('segment_id'), blocks: form.get('blocks') };
		let blocks: unknown;
		try {
			blocks = JSON.parse(String(values.blocks ?? '[]'));
		} catch {
			return fail(400, { message: 'blocs illisibles' });
		}
		const { db } = await getDatabase();
		const outcome = await updateNewsletter(db, locals.user!, idOf(params.id), { ...values, blocks });
		if (!outcome.ok) return fail(outcome.status, { message: outcome.message });
		return { saved: true };
	},
	envoyer: async ({ params, locals, url }) => {
		const id = idOf(params.id);
		const { db } = await getDatabase();
		const context = await appIssueContext(url.origin);
		const outcome = await prepareIssue(db, locals.user!, id, context);
		if (!outcome.ok) return fail(outcome.status, { message: outcome.message });
		const started = startSending(db, id, context, locals.user!);
		return { started, recipients: outcome.recipients };
	},
	reprendre: async ({ params, locals, url }) => {
		const id = idOf(params.id);
		const { db } = await getDatabase();
		const started = startSending(db, id, await appIssueContext(url.origin), locals.user!);
		return started ? { started } : fail(409, { message: 'envoi déjà en cours, ou SMTP non configuré' });
	}
};
