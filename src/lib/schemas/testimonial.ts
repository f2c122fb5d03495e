// A testimonial as the person writes it (the public form, /temoignage/[token]) and as the team
// corrects it (moderation, form and JSON API): one schema, the consents explicit booleans that a
// missing checkbox leaves false — nothing is published by default.
import { z } from 'zod';
import { noNul } from './fields';

/** A checkbox (`on`), a JSON boolean or « oui »: anything else is « no ». */
export const consent = z.preprocess((v) => v === true || v === 'on' || v === 'true' || v === 'oui', z.boolean());

const text = (label: string, max: number) =>
	z
		.string({ error: `${label} : obligatoire` })
		.trim()
		.min(1, `${label} : obligatoire`)
		.max(max, `${label} : ${max} caractères au plus`)
		.refine(...noNul(label));

export const TESTIMONIAL_MAX_CHARS = 3000;

export const testimonialContentSchema = z.object({
	texte: text('texte', TESTIMONIAL_MAX_CHARS),
	personne_nom: text('nom', 120),
	personne_role: text('fonction', 120)
});

export const testimonialConsentsSchema = z.object({
	consent_site: consent,
	consent_newsletter: consent,
	consent_portrait: consent,
	show_structure: consent,
	show_person: consent
});

export const testimonialSubmissionSchema = testimonialContentSchema.extend(testimonialConsentsSchema.shape);
export type TestimonialSubmission = z.infer<typeof testimonialSubmissionSchema>;

/** The team corrects typos only: the consents stay the person's. */
export const testimonialEditSchema = testimonialContentSchema.extend({ version: z.coerce.number().int().positive() });
export type TestimonialEdit = z.infer<typeof testimonialEditSchema>;

export const MODERATIONS = ['accepter', 'refuser', 'retirer'] as const;
export type Moderation = (typeof MODERATIONS)[number];

export const CONSENT_LABELS: Record<keyof z.infer<typeof testimonialConsentsSchema>, string> = {
	consent_site: 'publier sur le site et la carte publique du DLA',
	consent_newsletter: 'publier dans la lettre d’information',
	consent_portrait: 'publier dans les portraits de territoire remis aux élus',
	show_structure: 'afficher le nom de la structure',
	show_person: 'afficher mon nom et ma fonction'
};
