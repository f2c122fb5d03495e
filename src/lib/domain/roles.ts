// Who may do what. Enforced on the server for every route (see server/auth/permissions.ts);
// the UI only mirrors it.
export const ROLES = ['admin', 'charge_mission', 'lecteur'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
	admin: 'Administrateur·rice',
	charge_mission: 'Chargé·e de mission',
	lecteur: 'Lecteur·rice'
};

export type Permission =
	/** See the map, territories, actors, figures (no personal data). */
	| 'read'
	/** See contact persons and notes (personal data). */
	| 'read_personal'
	/** Create, edit actors, accompaniments, trips, portraits, share links. */
	| 'write'
	/** Users, configuration, imports, deletion, audit log. */
	| 'admin';

const GRANTS: Record<Role, Permission[]> = {
	admin: ['read', 'read_personal', 'write', 'admin'],
	charge_mission: ['read', 'read_personal', 'write'],
	lecteur: ['read']
};

export function can(role: Role | null | undefined, permission: Permission): boolean {
	return !!role && GRANTS[role].includes(permission);
}
