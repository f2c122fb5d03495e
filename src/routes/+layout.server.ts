import type { LayoutServerLoad } from './$types';

// A shared portrait carries nothing about whoever opens it, even a signed-in team member.
export const load: LayoutServerLoad = ({ locals, route }) => ({
	user: locals.user && !route.id?.startsWith('/partage/') ? { email: locals.user.email, nom: locals.user.nom, role: locals.user.role } : null
});
