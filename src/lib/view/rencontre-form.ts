// What the event form shows (issue 16): the same fields to create an event and to edit one, as
// text for the inputs, from the event (edit), the URL (a point clicked on the map) or the values
// sent back with a refusal.

export interface RencontreFormValues {
	titre: string;
	kind: string;
	date: string;
	heure_debut: string;
	heure_fin: string;
	/** `zone:CODE`, `epci:CODE` or `commune:CODE,CODE` (what the form's `territoire` field sends). */
	territoire: string;
	lieu_adresse: string;
	/** The venue and the organiser when they are actors, by name (picked in the form). */
	lieu_actor: { id: number; nom: string } | null;
	organisateur: { id: number; nom: string } | null;
	themes: string;
	notes: string;
	status: string;
	lon: string;
	lat: string;
	secteurs: string[];
	co_organisateurs: { id: number; nom: string }[];
}

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const actorOf = (id: number | null, nom: string | null) => (id === null ? null : { id, nom: nom ?? `acteur n° ${id}` });

/** An existing event's values. */
export function valuesOfRencontre(r: {
	titre: string;
	kind: string;
	date: string;
	heure_debut: string;
	heure_fin: string | null;
	territoire_level: string | null;
	territoire: { code: string }[];
	lieu_adresse: string | null;
	lieu_actor_id: number | null;
	lieu_actor: string | null;
	organisateur_id: number | null;
	organisateur: string | null;
	themes: string[];
	notes: string | null;
	status: string;
	lon: number | null;
	lat: number | null;
	secteurs: string[];
	co_organisateurs: { id: number; nom: string }[];
}): RencontreFormValues {
	return {
		titre: r.titre,
		kind: r.kind,
		date: r.date,
		heure_debut: r.heure_debut,
		heure_fin: text(r.heure_fin),
		territoire: r.territoire_level && r.territoire.length ? `${r.territoire_level}:${r.territoire.map((t) => t.code).join(',')}` : '',
		lieu_adresse: text(r.lieu_adresse),
		lieu_actor: actorOf(r.lieu_actor_id, r.lieu_actor),
		organisateur: actorOf(r.organisateur_id, r.organisateur),
		themes: r.themes.join(' ; '),
		notes: text(r.notes),
		status: r.status,
		lon: text(r.lon),
		lat: text(r.lat),
		secteurs: r.secteurs,
		co_organisateurs: r.co_organisateurs
	};
}

/**
 * The text fields a refused form sent back (without JavaScript: with it, the form keeps what was
 * typed) over the defaults.
 */
export function valuesSentBack(defaults: RencontreFormValues, sent: Record<string, string> | undefined): RencontreFormValues {
	if (!sent) return defaults;
	const merged = { ...defaults };
	for (const [key, v] of Object.entries(sent))
		if (key in defaults && typeof defaults[key as keyof RencontreFormValues] === 'string') Object.assign(merged, { [key]: v });
	return merged;
}
