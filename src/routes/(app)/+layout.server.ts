import type { LayoutServerLoad } from './$types';

// The signed-in pages' navigation needs who is signed in. Public pages (shared portraits, sign-in,
// password reset) sit outside this group: a shared portrait carries nothing about whoever opens it.
export const load: LayoutServerLoad = ({ locals }) => ({
	user: locals.user ? { email: locals.user.email, nom: locals.user.nom, role: locals.user.role } : null
});
