import { fail, redirect } from '@sveltejs/kit';
import { todayIn } from '$lib/domain/parcours/calendar';
import { can } from '$lib/domain/roles';
import { parseActorFilter } from '$lib/schemas/actor-filter';
import { firstIssue } from '$lib/schemas/issues';
import { attendanceSchema, inviteAddSchema, rencontreSchema, RENCONTRE_STATUSES, type RencontreStatus } from '$lib/schemas/rencontre';
import { idSchema } from '$lib/schemas/id';
import { getDatabase } from '$lib/server/db';
import { rencontreForm, rencontreFormChoices, rencontreOfPath } from '$lib/server/http/rencontres';
import {
	addInvite,
	importSignInSheet,
	inviteFromFilter,
	openAccueilFromRencontre,
	removeInvite,
	rencontreInputOf,
	setAttendance,
	updateRencontre
} from '$lib/server/queries/events';
import { ParcoursError } from '$lib/server/queries/parcours';
import {
	createRegistrationLink,
	liveRegistrationLink,
	registrationsOf,
	revokeRegistrationLink
} from '$lib/server/queries/rencontre-inscriptions';
import type { Actions, PageServerLoad } from './$types';

const SIGN_IN_MAX_BYTES = 2 * 1024 * 1024;

export const load: PageServerLoad = async ({ params, locals }) => {
	const [rencontre, choices] = await Promise.all([rencontreOfPath(params.id, locals.user?.role), rencontreFormChoices()]);
	const withPersonalData = can(locals.user?.role, 'read_personal');
	const { db } = await getDatabase();
	const [registrations, registrationLink] = await Promise.all([
		registrationsOf(db, rencontre.id, withPersonalData),
		liveRegistrationLink(db, rencontre.id)
	]);
	return {
		rencontre,
		registrations,
		registrationLink: registrationLink ?? null,
		today: todayIn(),
		canWrite: can(locals.user?.role, 'write'),
		withPersonalData,
		...choices
	};
};

const refused = (r: { status: number; field: string; message: string }) => fail(r.status, { field: r.field, message: r.message });

export const actions: Actions = {
	/** The whole event (the form of /rencontres with its status), from the version it was read at. */
	modifier: async ({ params, request, locals }) => {
		const formData = await request.formData();
		const version = idSchema('version').safeParse(formData.get('version'));
		if (!version.success) return fail(400, firstIssue(version.error));
		const { values, raw } = rencontreForm(formData);
		const parsed = rencontreSchema.safeParse(raw);
		if (!parsed.success) return fail(400, { ...firstIssue(parsed.error), values });
		const r = await rencontreOfPath(params.id, locals.user?.role);
		const { db } = await getDatabase();
		const saved = await updateRencontre(db, r.id, version.data, parsed.data, locals.user);
		return saved.ok ? { message: 'Rencontre enregistrée' } : fail(saved.status, { field: saved.field, message: saved.message, values });
	},
	statut: async ({ params, request, locals }) => {
		const form = await request.formData();
		const status = String(form.get('status'));
		if (!(RENCONTRE_STATUSES as readonly string[]).includes(status)) return fail(400, { field: 'status', message: 'statut inconnu' });
		const r = await rencontreOfPath(params.id, locals.user?.role);
		const { db } = await getDatabase();
		const saved = await updateRencontre(db, r.id, r.version, { ...rencontreInputOf(r), status: status as RencontreStatus }, locals.user);
		return saved.ok ? { message: 'Statut enregistré' } : refused(saved);
	},
	/** The explorer's filters (kind, sector, DLA status, last contact) within the event's territory. */
	inviter: async ({ params, request, locals }) => {
		const form = await request.formData();
		const search = new URLSearchParams();
		for (const key of ['kind', 'secteur', 'statut', 'contact']) for (const v of form.getAll(key)) if (v) search.append(key, String(v));
		const filter = parseActorFilter(search);
		if (!filter.success) return fail(400, firstIssue(filter.error));
		const r = await rencontreOfPath(params.id, locals.user?.role);
		const { db } = await getDatabase();
		const done = await inviteFromFilter(db, r.id, filter.data, locals.user);
		return done.ok
			? { message: `${done.added} ligne${done.added > 1 ? 's' : ''} ajoutée${done.added > 1 ? 's' : ''} à la liste` }
			: refused(done);
	},
	ajouter: async ({ params, request, locals }) => {
		const parsed = inviteAddSchema.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, firstIssue(parsed.error));
		const r = await rencontreOfPath(params.id, locals.user?.role);
		const { db } = await getDatabase();
		const done = await addInvite(db, r.id, parsed.data, locals.user);
		return done.ok
			? { message: `${done.added} ligne${done.added > 1 ? 's' : ''} ajoutée${done.added > 1 ? 's' : ''} à la liste` }
			: refused(done);
	},
	retirer: async ({ params, request, locals }) => {
		const line = idSchema('ligne').safeParse((await request.formData()).get('invite_id'));
		if (!line.success) return fail(400, firstIssue(line.error));
		const r = await rencontreOfPath(params.id, locals.user?.role);
		const { db } = await getDatabase();
		return (await removeInvite(db, r.id, line.data, locals.user))
			? { message: 'Ligne retirée' }
			: fail(404, { field: 'invite_id', message: 'ligne introuvable' });
	},
	presence: async ({ params, request, locals }) => {
		const parsed = attendanceSchema.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, firstIssue(parsed.error));
		const r = await rencontreOfPath(params.id, locals.user?.role);
		const { db } = await getDatabase();
		const done = await setAttendance(db, r.id, parsed.data, locals.user, todayIn());
		return done.ok ? { message: 'Présence enregistrée' } : refused(done);
	},
	emargement: async ({ params, request, locals }) => {
		const file = (await request.formData()).get('fichier');
		if (!(file instanceof File) || file.size === 0)
			return fail(400, { field: 'fichier', message: 'choisissez la feuille d’émargement (CSV ou XLSX)' });
		if (file.size > SIGN_IN_MAX_BYTES) return fail(400, { field: 'fichier', message: 'fichier de plus de 2 Mo' });
		const r = await rencontreOfPath(params.id, locals.user?.role);
		const { db } = await getDatabase();
		const done = await importSignInSheet(db, r.id, new Uint8Array(await file.arrayBuffer()), locals.user, todayIn(), file.name);
		return done.ok ? { report: done.report } : refused(done);
	},
	/** A public registration link (the previous one stops working); its address is shown once. */
	lien: async ({ params, locals, url }) => {
		const r = await rencontreOfPath(params.id, locals.user?.role);
		const { db } = await getDatabase();
		const made = await createRegistrationLink(db, r.id, locals.user);
		return made.ok ? { message: 'Lien d’inscription créé', lien: `${url.origin}/inscription/${made.token}` } : refused(made);
	},
	retirerLien: async ({ params, locals }) => {
		const r = await rencontreOfPath(params.id, locals.user?.role);
		const { db } = await getDatabase();
		return (await revokeRegistrationLink(db, r.id, locals.user))
			? { message: 'Lien d’inscription retiré : il ne fonctionne plus' }
			: fail(404, { field: 'lien', message: 'aucun lien d’inscription actif' });
	},
	/** One click: the accueil of a structure that came, then its parcours. */
	accueil: async ({ params, request, locals }) => {
		const actor = idSchema('structure').safeParse((await request.formData()).get('actor_id'));
		if (!actor.success) return fail(400, firstIssue(actor.error));
		const r = await rencontreOfPath(params.id, locals.user?.role);
		const { db } = await getDatabase();
		let opened;
		try {
			opened = await openAccueilFromRencontre(db, r.id, actor.data, locals.user, todayIn());
		} catch (error) {
			if (error instanceof ParcoursError) return fail(error.status, { field: error.field, message: error.message });
			throw error;
		}
		if (!opened.ok) return refused(opened);
		redirect(303, `/parcours/${opened.id}`);
	}
};
