// The signed-in pages of Maillage, in the order of the navigation, with who may see them.
// One list for the header bar of the pages and the explorer's control panel.
import type { Role } from './domain/roles';

export interface NavLink {
	href: string;
	label: string;
	/** Pages under this path are this link's too (a trip under « Tournées »). */
	section: string;
}

const LINKS: (NavLink & { adminOnly?: boolean })[] = [
	{ href: '/', label: 'Carte', section: '/' },
	{ href: '/gaps', label: 'Où le DLA manque', section: '/gaps' },
	{ href: '/parcours', label: 'Parcours', section: '/parcours' },
	{ href: '/trips', label: 'Tournées', section: '/trips' },
	{ href: '/terrain', label: 'Terrain', section: '/terrain' },
	{ href: '/rencontres', label: 'Rencontres', section: '/rencontres' },
	{ href: '/bilan', label: 'Bilan', section: '/bilan' },
	{ href: '/temoignages', label: 'Témoignages', section: '/temoignages' },
	{ href: '/reseau', label: 'Réseau', section: '/reseau' },
	{ href: '/audiences', label: 'Audiences', section: '/audiences' },
	{ href: '/lettres', label: 'Lettres', section: '/lettres' },
	{ href: '/import', label: 'Importer', section: '/import', adminOnly: true },
	{ href: '/admin/utilisateurs', label: 'Utilisateurs', section: '/admin/utilisateurs', adminOnly: true },
	{ href: '/admin/journal', label: 'Journal', section: '/admin/journal', adminOnly: true }
];

/** The links a user with this role sees. */
export function navLinks(role: Role | string | null | undefined): NavLink[] {
	return LINKS.filter((l) => !l.adminOnly || role === 'admin').map(({ href, label, section }) => ({ href, label, section }));
}

/** Whether `pathname` belongs to the link's section (for `aria-current`). */
export function isCurrent(link: NavLink, pathname: string): boolean {
	return link.section === '/' ? pathname === '/' : pathname === link.section || pathname.startsWith(`${link.section}/`);
}
