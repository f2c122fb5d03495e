// The access rule of every route, decided on the server before the route runs.
// Reading needs a session; every mutation must be listed here, or only admins may perform it.
import type { Permission } from '../../domain/roles';

export type Access = 'public' | Permission;

/** Routes anyone may reach without a session (and what for). */
const PUBLIC_ROUTES = new Set([
	'/login', // sign in
	'/mot-de-passe-oublie', // ask for a reset link
	'/reinitialiser/[token]', // use a reset link
	'/api/health', // monitoring
	'/calendrier/[token]', // a user's follow-ups as a calendar feed: the token is the key
	'/temoignage/[token]', // write a testimonial from a request link: the token is the key, once
	'/temoignage/merci', // thanks once it is sent
	'/inscription/[token]', // register to an event from its registration link: the token is the key
	'/public', // the public map of the ESS (issue 17)
	'/embed', // the same, to be framed by the sites of MAILLAGE_EMBED_ORIGINS
	'/lettre/[key]', // a sent newsletter's web version (no recipient data)
	'/desinscription/[token]' // a newsletter's one-click unsubscribe link
]);
/** Public route prefixes: portrait share links, the public map's data and photos, satisfaction questionnaires (the token is the key). */
const PUBLIC_PREFIXES = ['/partage/', '/public/', '/questionnaire/'];

/**
 * Mutations and the permission they need: `METHOD route` or `POST route?/action`
 * (SvelteKit form actions). Anything absent falls back to `admin`.
 */
export const MUTATIONS: Record<string, Permission> = {
	'POST /logout': 'read',
	'POST /compte?/password': 'read',
	'POST /compte?/logoutEverywhere': 'read',
	'POST /admin/utilisateurs?/create': 'admin',
	'POST /admin/utilisateurs?/update': 'admin',
	'POST /admin/utilisateurs?/resetLink': 'admin',
	'PATCH /api/actors/[id]': 'write',
	// Planning computes an order and a schedule; it changes nothing.
	'POST /api/trips/optimize': 'read',
	'POST /portrait/[level]/[code]?/partager': 'write',
	'POST /portrait/[level]/[code]?/revoquer': 'write',
	'POST /api/trips': 'write',
	'PATCH /api/trips/[id]': 'write',
	'DELETE /api/trips/[id]': 'write',
	'POST /api/trips/[id]/stops': 'write',
	'PATCH /api/trips/[id]/stops/[stop]': 'write',
	'DELETE /api/trips/[id]/stops/[stop]': 'write',
	'POST /api/trips/[id]/stops/[stop]/visit': 'write',
	'PUT /api/trips/[id]/order': 'write',
	'POST /api/trips/[id]/optimize': 'write',
	'POST /trips?/create': 'write',
	// Parcours (issue 14): the team runs them; a calendar feed is one's own, like one's password.
	'POST /api/accompaniments': 'write',
	'PATCH /api/accompaniments/[id]': 'write',
	'POST /api/accompaniments/[id]/steps': 'write',
	'POST /api/actors/[id]/contacts': 'write',
	'POST /api/ingenieries-collectives': 'write',
	'PUT /api/ingenieries-collectives/[id]/parcours/[parcours]': 'write',
	'DELETE /api/ingenieries-collectives/[id]/parcours/[parcours]': 'write',
	'POST /api/compte/calendrier': 'read',
	'DELETE /api/compte/calendrier': 'read',
	// Relations between actors and initiatives' participations (issue 16); imports stay the admins'.
	'POST /api/relations': 'write',
	'DELETE /api/relations/[id]': 'write',
	'POST /api/relations/import': 'admin',
	'POST /api/actors/[id]/participations': 'write',
	// Promotion (issue 17): audiences and newsletters are the team's work.
	'POST /audiences?/create': 'write',
	'POST /audiences/[id]?/supprimer': 'write',
	'POST /lettres?/create': 'write',
	'POST /lettres/[id]?/enregistrer': 'write',
	'POST /lettres/[id]?/envoyer': 'write',
	'POST /lettres/[id]?/reprendre': 'write',
	'POST /api/contacts/[id]/consentements': 'write',
	// Events (issue 16): the team organises them and records who came.
	'POST /rencontres?/create': 'write',
	'POST /rencontres/[id]?/statut': 'write',
	'POST /rencontres/[id]?/inviter': 'write',
	'POST /rencontres/[id]?/ajouter': 'write',
	'POST /rencontres/[id]?/retirer': 'write',
	'POST /rencontres/[id]?/presence': 'write',
	'POST /rencontres/[id]?/emargement': 'write',
	'POST /rencontres/[id]?/accueil': 'write',
	'POST /rencontres/[id]?/lien': 'write',
	'POST /rencontres/[id]?/retirerLien': 'write',
	'POST /import?/inspect': 'admin',
	'POST /import?/run': 'admin',
	// Testimonials (issue 17): the team asks for them and moderates them.
	'POST /temoignages?/demander': 'write',
	'POST /temoignages?/corriger': 'write',
	'POST /temoignages?/moderer': 'write',
	'POST /temoignages?/accord': 'write',
	// Evaluation (issue 15): the team sends a satisfaction questionnaire after an ingénierie.
	'POST /api/accompaniments/[id]/questionnaire': 'write'
};

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The route as the rules name it: its id without route groups (`/(app)/trips/[id]` → `/trips/[id]`),
 * so that grouping pages for their layout changes no access rule.
 */
export function routeKey(routeId: string): string {
	return routeId.replace(/\/\([^/)]+\)/g, '') || '/';
}

export function requiredAccess(id: string | null, method: string, search: string): Access {
	const routeId = id === null ? null : routeKey(id);
	if (routeId && (PUBLIC_ROUTES.has(routeId) || PUBLIC_PREFIXES.some((p) => routeId.startsWith(p)))) return 'public';
	// Administration and imports are for admins, reading included.
	if (READ_METHODS.has(method)) return routeId?.startsWith('/admin') || routeId?.startsWith('/import') ? 'admin' : 'read';
	const action = actionName(search);
	const key = action ? `${method} ${routeId}?/${action}` : `${method} ${routeId}`;
	return MUTATIONS[key] ?? 'admin';
}

/** The form action named in a query string (`?/create`), if any. */
function actionName(search: string): string | null {
	const params = new URLSearchParams(search);
	for (const key of params.keys()) if (key.startsWith('/')) return key.slice(1);
	return null;
}
