// The satisfaction questionnaire (issue 15): what a structure answers through its link, and what
// the team asks for when it creates one. Shared by the public form and the API.
import { z } from 'zod';
import { EFFECTS } from '../domain/satisfaction/aggregate';

const note = (what: string) =>
	z.coerce
		.number({ error: `note de 1 à 5 attendue pour ${what}` })
		.int(`note de 1 à 5 attendue pour ${what}`)
		.min(1, `note de 1 à 5 attendue pour ${what}`)
		.max(5, `note de 1 à 5 attendue pour ${what}`);

export const satisfactionAnswerSchema = z.object({
	note_diagnostic: note('le diagnostic'),
	note_prestataire: note('le prestataire'),
	note_dla: note('le DLA'),
	effets: z.array(z.enum(EFFECTS.map((e) => e.key) as [string, ...string[]], { error: 'effet inconnu' })).default([]),
	commentaire: z
		.string()
		.trim()
		.max(2000, 'commentaire de 2 000 caractères au plus')
		.transform((c) => c || null)
		.nullable()
		.default(null)
});
export type SatisfactionAnswer = z.output<typeof satisfactionAnswerSchema>;

/** The form's fields as the schema reads them (the checked effects are repeated `effets` fields). */
export function answerFromForm(form: FormData): Record<string, unknown> {
	const text = (name: string) => {
		const value = form.get(name);
		return typeof value === 'string' ? value : undefined;
	};
	return {
		note_diagnostic: text('note_diagnostic') ?? '',
		note_prestataire: text('note_prestataire') ?? '',
		note_dla: text('note_dla') ?? '',
		effets: form.getAll('effets').filter((v): v is string => typeof v === 'string'),
		commentaire: text('commentaire') ?? null
	};
}

/** A new link: how many days it stays open (60 by default). */
export const surveyLinkSchema = z.object({
	jours: z.coerce
		.number({ error: 'nombre de jours attendu' })
		.int('nombre de jours entier attendu')
		.min(1, 'au moins 1 jour')
		.max(365, 'au plus 365 jours')
		.default(60)
});
