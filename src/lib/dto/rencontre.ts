// An event as the public sees it (queries/events.ts `upcomingRencontres`), for the public page.
import type { RencontreKind } from '../schemas/rencontre';

/** Its public facts only: no invitee, note or organiser's contact. */
export interface PublicRencontre {
	id: number;
	titre: string;
	kind: RencontreKind;
	date: string;
	/** The commune of its place (the point's, else the place actor's); null when it has none. */
	commune: string | null;
	lon: number | null;
	lat: number | null;
}
