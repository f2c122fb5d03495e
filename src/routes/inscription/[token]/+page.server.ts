import { error, fail } from '@sveltejs/kit';
import { todayIn } from '$lib/domain/parcours/calendar';
import { rencontreRegistrationSchema } from '$lib/schemas/rencontre';
import { getDatabase } from '$lib/server/db';
import { refuseInvalid } from '$lib/server/queries/outcome';
import { registerOnline, reserveRegistrationAttempt, resolveRegistrationLink } from '$lib/server/queries/rencontre-inscriptions';
import type { Actions, PageServerLoad } from './$types';

// Registration to an event from its link: no session, the token is the key. The page shows the
// event's public facts and the form, never anyone's registration (not even the one just sent:
// the thanks repeat nothing but the event).

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	const { db } = await getDatabase();
	const link = await resolveRegistrationLink(db, params.token, todayIn());
	setHeaders({ 'cache-control': 'private, no-store', 'x-robots-tag': 'noindex, nofollow' });
	if (link.status === 'unknown') error(404, 'Ce lien d’inscription n’existe pas.');
	if (link.status === 'gone') error(410, link.reason);
	return { rencontre: link.rencontre };
};

export const actions: Actions = {
	default: async ({ params, request, getClientAddress }) => {
		const { db } = await getDatabase();
		const link = await resolveRegistrationLink(db, params.token, todayIn());
		if (link.status === 'unknown') error(404, 'Ce lien d’inscription n’existe pas.');
		if (link.status === 'gone') error(410, link.reason);
		// Counted before anything is read or written, as a login attempt is.
		const attempt = await reserveRegistrationAttempt(db, { address: getClientAddress(), linkId: link.linkId });
		if (!attempt.allowed)
			return fail(429, {
				message: `Trop d’inscriptions envoyées depuis votre connexion : réessayez dans ${Math.ceil(attempt.retryAfterMs / 60_000)} minute(s).`
			});
		const form = await request.formData();
		const values = Object.fromEntries([...form].filter(([, v]) => typeof v === 'string')) as Record<string, string>;
		const parsed = rencontreRegistrationSchema.safeParse(values);
		if (!parsed.success) return fail(400, { ...refuseInvalid(parsed.error), values });
		const done = await registerOnline(db, params.token, parsed.data, todayIn());
		if (!done.ok) error(done.status, done.message);
		return { registered: true };
	}
};
