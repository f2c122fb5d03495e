import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '$lib/server/db';
import { refuseInvalid } from '$lib/server/queries/outcome';
import {
	accompaniedStructures,
	createTestimonialRequest,
	editTestimonial,
	listTestimonials,
	moderateTestimonial,
	setPublicationConsent
} from '$lib/server/queries/testimonials';
import { formatDate } from '$lib/domain/format';
import { requiredText } from '$lib/schemas/fields';
import { idSchema } from '$lib/schemas/id';
import { MODERATIONS, testimonialEditSchema } from '$lib/schemas/testimonial';
import type { Actions, PageServerLoad } from './$types';

// The team's testimonials: ask a structure for one, correct and moderate what came back, and
// record which structures agreed to be shown as accompanied on the public map.
export const load: PageServerLoad = async () => {
	const { db } = await getDatabase();
	const [testimonials, structures] = await Promise.all([listTestimonials(db), accompaniedStructures(db)]);
	return { testimonials, structures };
};

const requestSchema = z.object({ actor_id: idSchema('structure') });
const moderationSchema = z.object({ id: idSchema('témoignage'), decision: z.enum(MODERATIONS, { error: 'décision inconnue' }) });
const consentSchema = z.object({ actor_id: idSchema('structure'), accord: z.enum(['oui', 'non']), source: requiredText(200, 'source') });

export const actions: Actions = {
	demander: async ({ request, locals, url }) => {
		const parsed = requestSchema.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, refuseInvalid(parsed.error));
		const { db } = await getDatabase();
		const created = await createTestimonialRequest(db, locals.user!, parsed.data.actor_id);
		if (!created.ok) return fail(created.status, created);
		return { link: `${url.origin}/temoignage/${created.token}`, expires: formatDate(created.expires_at) };
	},
	corriger: async ({ request, locals }) => {
		const form = Object.fromEntries(await request.formData());
		const id = idSchema('témoignage').safeParse(form.id);
		const parsed = testimonialEditSchema.safeParse(form);
		if (!id.success) return fail(400, refuseInvalid(id.error));
		if (!parsed.success) return fail(400, refuseInvalid(parsed.error));
		const { db } = await getDatabase();
		const edited = await editTestimonial(db, locals.user!, id.data, parsed.data);
		if (!edited.ok) return fail(edited.status, edited);
		return { message: 'Témoignage corrigé' };
	},
	moderer: async ({ request, locals }) => {
		const parsed = moderationSchema.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, refuseInvalid(parsed.error));
		const { db } = await getDatabase();
		const done = await moderateTestimonial(db, locals.user!, parsed.data.id, parsed.data.decision);
		if (!done.ok) return fail(done.status, done);
		return {
			message: done.status === 'retire' ? 'Témoignage retiré de partout' : `Témoignage ${done.status === 'accepte' ? 'accepté' : 'refusé'}`
		};
	},
	accord: async ({ request, locals }) => {
		const parsed = consentSchema.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, refuseInvalid(parsed.error));
		const { db } = await getDatabase();
		const { actor_id, accord, source } = parsed.data;
		const done = await setPublicationConsent(db, locals.user!, actor_id, { accord: accord === 'oui', source });
		if (!done.ok) return fail(done.status, done);
		return {
			message: `${done.nom} : ${accord === 'oui' ? 'citée' : 'plus citée'} comme accompagnée (lettre d’information, carte publique)`
		};
	}
};
