import { error, fail, redirect } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { processPhoto } from '$lib/server/testimonial-photo';
import { resolveTestimonialRequest, submitTestimonial } from '$lib/server/queries/testimonials';
import { refuseInvalid } from '$lib/server/queries/outcome';
import { testimonialSubmissionSchema } from '$lib/schemas/testimonial';
import type { Actions, PageServerLoad } from './$types';

// A testimonial written from a request link: no session, the token is the key and serves once.
const GONE = 'Ce lien a déjà servi ou a expiré. Demandez un nouveau lien au DLA.';

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	const { db } = await getDatabase();
	const resolved = await resolveTestimonialRequest(db, params.token);
	setHeaders({ 'cache-control': 'private, no-store', 'x-robots-tag': 'noindex, nofollow' });
	if (resolved.status === 'unknown') error(404, 'Ce lien de témoignage n’existe pas.');
	if (resolved.status !== 'valid') error(410, GONE);
	return { structure: resolved.request.actor_nom };
};

export const actions: Actions = {
	default: async ({ params, request }) => {
		const form = await request.formData();
		const values = Object.fromEntries([...form].filter(([, v]) => typeof v === 'string'));
		const parsed = testimonialSubmissionSchema.safeParse(values);
		if (!parsed.success) return fail(400, { ...refuseInvalid(parsed.error), values });
		const file = form.get('photo');
		let photo = null;
		if (file instanceof File && file.size > 0) {
			const processed = await processPhoto(new Uint8Array(await file.arrayBuffer()));
			if (!processed.ok) return fail(400, { ok: false, status: 400, message: processed.message, field: 'photo', values });
			photo = processed;
		}
		const { db } = await getDatabase();
		const outcome = await submitTestimonial(db, params.token, parsed.data, photo);
		if (!outcome.ok) return fail(outcome.status, { ...outcome, values });
		// The link is spent now: its page answers 410, so the thanks live on a page of their own.
		redirect(303, '/temoignage/merci');
	}
};
