// Relations between actors (issue 16): who funds, accompanies, federates or partners whom. One
// set of fields for the form, the JSON API and the CSV import; the import names both actors by an
// identifier of the file (SIRET, RNA number or Maillage id) instead of an id.
import { z } from 'zod';
import { codeOrLabel, isoDate, optionalText, requiredIsoDate } from './fields';
import { idSchema } from './id';

export const RELATION_TYPES = ['finance', 'accompagne', 'membre_de', 'partenaire_de', 'co_organise'] as const;
export type RelationType = (typeof RELATION_TYPES)[number];
/** Read « A finance B », « A membre de B »: the relation goes from `from_id` to `to_id`. */
export const RELATION_TYPE_LABELS: Record<RelationType, string> = {
	finance: 'Finance',
	accompagne: 'Accompagne',
	membre_de: 'Membre de',
	partenaire_de: 'Partenaire de',
	co_organise: 'Co-organise'
};

/** Who wrote the relation: users (`manuel`, `import`) or a derivation (`parcours`, `evenement`). */
export const RELATION_SOURCES = ['manuel', 'import', 'parcours', 'evenement'] as const;
export type RelationSource = (typeof RELATION_SOURCES)[number];
export const RELATION_SOURCE_LABELS: Record<RelationSource, string> = {
	manuel: 'Saisie',
	import: 'Import',
	parcours: 'Parcours DLA',
	evenement: 'Événement'
};

const relationFields = {
	type: codeOrLabel('type de relation', RELATION_TYPES, RELATION_TYPE_LABELS),
	date_debut: isoDate('début'),
	date_fin: isoDate('fin'),
	note: optionalText(2000, 'note')
};

function datesInOrder(r: { date_debut: string | null; date_fin: string | null }) {
	return !r.date_debut || !r.date_fin || r.date_fin >= r.date_debut;
}
const DATES_MESSAGE = { message: 'fin : la relation finit avant d’avoir commencé', path: ['date_fin'] };

export const relationSchema = z
	.object({ from_id: idSchema('acteur source'), to_id: idSchema('acteur lié'), ...relationFields })
	.refine((r) => r.from_id !== r.to_id, { message: 'acteur lié : un acteur ne peut être lié à lui-même', path: ['to_id'] })
	.refine(datesInOrder, DATES_MESSAGE);
export type RelationInput = z.output<typeof relationSchema>;

/** An actor as a file names it: SIRET (14 digits), RNA number (W…) or Maillage id. */
export type ActorReference = { by: 'siret' | 'rna' | 'id'; value: string };

export function actorReference(label: string) {
	return z.preprocess(
		(value) => (typeof value === 'number' ? String(value) : typeof value === 'string' ? value.replace(/[\s.]/g, '').toUpperCase() : value),
		z
			.string({ error: `${label} obligatoire` })
			.min(1, `${label} obligatoire`)
			.transform((text, ctx): ActorReference => {
				if (/^\d{14}$/.test(text)) return { by: 'siret', value: text };
				if (/^W[0-9A-Z]{9}$/.test(text)) return { by: 'rna', value: text };
				if (/^[1-9]\d{0,8}$/.test(text)) return { by: 'id', value: text };
				ctx.addIssue({
					code: 'custom',
					message: `${label} « ${text.slice(0, 40)} » : SIRET (14 chiffres), numéro RNA (W…) ou identifiant Maillage attendu`
				});
				return z.NEVER;
			})
	);
}

export const relationImportSchema = z
	.object({ de: actorReference('de'), vers: actorReference('vers'), ...relationFields })
	.refine(datesInOrder, DATES_MESSAGE);
export type RelationImport = z.output<typeof relationImportSchema>;

/** The DLA at a meeting of an initiative: when, what was said, whom it met there. */
export const participationSchema = z.object({
	date: requiredIsoDate('date'),
	note: optionalText(5000, 'note'),
	actor_ids: z
		.preprocess(
			(value) => (typeof value === 'string' ? value.split(/[;,\s]+/).filter(Boolean) : (value ?? [])),
			z.array(idSchema('acteur rencontré')).max(200, 'au plus 200 acteurs rencontrés')
		)
		.transform((ids) => [...new Set(ids)])
});
export type ParticipationInput = z.output<typeof participationSchema>;
