// What enters the promotion tools (issue 17): a saved audience, a consent, a newsletter's blocks.
// Shared by the form actions and the query modules.
import { z } from 'zod';
import { requiredText } from './fields';
import { actorFilterSchema, parseActorFilter } from './actor-filter';

export const CONSENT_CHANNELS = ['newsletter', 'evenements'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
export const CONSENT_CHANNEL_LABELS: Record<ConsentChannel, string> = { newsletter: 'Lettre d’information', evenements: 'Événements' };
export const CONSENT_BASES = ['consentement', 'interet_legitime'] as const;

/** Roles typed by people, compared without case: « présidente » matches « Présidente ». */
const roles = z.preprocess(
	(v) => (typeof v === 'string' ? v.split(',') : Array.isArray(v) ? v : []).map((r) => String(r).trim()).filter((r) => r !== ''),
	z.array(z.string().max(60, 'rôle : 60 caractères au plus')).max(20, 'au plus 20 rôles')
);

export const segmentSchema = z.object({
	nom: requiredText(120, 'nom'),
	/** The explorer's filter: its query string (`secteur=social&zone=est`) or the parsed object. */
	filter: z.union([z.string(), z.record(z.string(), z.unknown())]).transform((v, ctx) => {
		const parsed =
			typeof v === 'string' ? parseActorFilter(new URLSearchParams(v.trim().replace(/^[^?]*\?/, ''))) : actorFilterSchema.safeParse(v);
		if (parsed.success) return parsed.data;
		ctx.addIssue({ code: 'custom', message: `filtre : ${parsed.error.issues[0].message}` });
		return z.NEVER;
	}),
	roles,
	channel: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.enum(CONSENT_CHANNELS).nullable())
});
export type SegmentInput = z.infer<typeof segmentSchema>;

export const consentSchema = z.object({
	contact_id: z.coerce.number().int().min(1),
	channel: z.enum(CONSENT_CHANNELS),
	status: z.enum(['accorde', 'retire']),
	base_legale: z.enum(CONSENT_BASES),
	source: requiredText(200, 'source')
});
export type ConsentInput = z.infer<typeof consentSchema>;

const httpUrl = z
	.string()
	.trim()
	.max(500)
	.refine((u) => /^https?:\/\/[^\s]+$/.test(u), 'adresse web attendue (http:// ou https://)');

export const newsletterBlockSchema = z.discriminatedUnion('type', [
	z.object({
		type: z.literal('texte'),
		titre: z.string().trim().max(200).default(''),
		texte: z.string().trim().min(1, 'texte vide').max(5000)
	}),
	/** The latest accompaniments of structures that agreed to be named. */
	z.object({ type: z.literal('accompagnements'), nombre: z.coerce.number().int().min(1).max(20).default(5) }),
	/** A territory figure from the portraits: « Dans le Saulnois, 146 structures de l’ESS… ». */
	z.object({
		type: z.literal('chiffre'),
		level: z.enum(['departement', 'zone', 'arrondissement', 'epci', 'commune']),
		code: z.string().regex(/^[\w-]{1,20}$/)
	}),
	/** The next events of the DLA (planned or confirmed), their public facts only. */
	z.object({ type: z.literal('rencontres'), nombre: z.coerce.number().int().min(1).max(20).default(5) }),
	/** An accepted testimonial that allows the newsletter; without `id`, the latest one. */
	z.object({
		type: z.literal('temoignage'),
		id: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.coerce.number().int().min(1).nullable()).default(null)
	}),
	z.object({
		type: z.literal('liens'),
		liens: z
			.array(z.object({ label: z.string().trim().min(1).max(120), url: httpUrl }))
			.min(1)
			.max(10)
	})
]);
export type NewsletterBlock = z.infer<typeof newsletterBlockSchema>;

export const newsletterSchema = z.object({
	titre: requiredText(200, 'titre'),
	blocks: z.array(newsletterBlockSchema).max(30, 'au plus 30 blocs'),
	segment_id: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.coerce.number().int().min(1).nullable())
});
export type NewsletterInput = z.infer<typeof newsletterSchema>;
