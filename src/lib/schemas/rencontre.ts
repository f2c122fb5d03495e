// What enters the system about an event (issue 16, « Rencontres »): the event itself (form and
// API), the filters of its invitation list (the explorer's actor filters, territory from the
// event), a line's registration and attendance, and a row of the sign-in sheet imported back.
import { z } from 'zod';
import { blankToNull, codeOrLabel, decimal, optionalText, requiredCalendarDate, requiredText, textList, yesNo } from './fields';
import { idSchema } from './id';
import { consent } from './testimonial';

export const RENCONTRE_KINDS = [
	'rencontre_territoriale',
	'information_dla',
	'atelier_thematique',
	'presentation_collectivite',
	'evenement_externe'
] as const;
export type RencontreKind = (typeof RENCONTRE_KINDS)[number];
export const RENCONTRE_KIND_LABELS: Record<RencontreKind, string> = {
	rencontre_territoriale: 'Rencontre territoriale',
	information_dla: 'Réunion d’information DLA',
	atelier_thematique: 'Atelier thématique',
	presentation_collectivite: 'Présentation à une collectivité',
	evenement_externe: 'Événement d’un autre acteur'
};

export const RENCONTRE_STATUSES = ['projet', 'confirme', 'tenu', 'annule'] as const;
export type RencontreStatus = (typeof RENCONTRE_STATUSES)[number];
export const RENCONTRE_STATUS_LABELS: Record<RencontreStatus, string> = {
	projet: 'Projet',
	confirme: 'Confirmé',
	tenu: 'Tenu',
	annule: 'Annulé'
};

export const TERRITORY_TARGET_LEVELS = ['zone', 'epci', 'commune'] as const;

const clock = (label: string) =>
	z.preprocess(
		blankToNull,
		z
			.string()
			.regex(/^([01]\d|2[0-3]):[0-5]\d$/, `${label} : heure HH:MM attendue`)
			.nullable()
	);
const optionalId = (label: string) => z.preprocess(blankToNull, idSchema(label).nullable());
const code = z.string().regex(/^[\w-]{1,20}$/, 'code de territoire invalide');

export const rencontreSchema = z
	.object({
		titre: requiredText(200, 'titre'),
		kind: codeOrLabel('type de rencontre', RENCONTRE_KINDS, RENCONTRE_KIND_LABELS),
		date: requiredCalendarDate('date'),
		heure_debut: clock('heure de début').refine((v) => v !== null, 'heure de début obligatoire'),
		heure_fin: clock('heure de fin').default(null),
		lieu_actor_id: optionalId('lieu (acteur)').default(null),
		lieu_adresse: optionalText(300, 'adresse du lieu').default(null),
		lon: decimal('longitude', { min: -180, max: 180 }).default(null),
		lat: decimal('latitude', { min: -90, max: 90 }).default(null),
		territoire_level: z.preprocess(blankToNull, z.enum(TERRITORY_TARGET_LEVELS).nullable()).default(null),
		territoire_codes: textList('territoire', 200, 20).pipe(z.array(code)),
		themes: textList('thèmes', 20, 100),
		secteurs: textList('secteurs', 20, 40),
		organisateur_id: optionalId('organisateur').default(null),
		co_organisateurs: z.preprocess(
			(v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]),
			z.array(idSchema('co-organisateur')).max(20)
		),
		status: codeOrLabel('statut', RENCONTRE_STATUSES, RENCONTRE_STATUS_LABELS).default('projet'),
		notes: optionalText(5000, 'notes').default(null)
	})
	.refine((r) => (r.lon === null) === (r.lat === null), { message: 'lieu : longitude et latitude vont ensemble', path: ['lon'] })
	.refine((r) => r.heure_fin === null || r.heure_fin > r.heure_debut!, {
		message: 'heure de fin avant l’heure de début',
		path: ['heure_fin']
	})
	.refine((r) => r.territoire_level !== null || r.territoire_codes.length === 0, {
		message: 'territoire : précisez zone, EPCI ou communes',
		path: ['territoire_level']
	});
export type RencontreInput = z.output<typeof rencontreSchema>;

/** A line's registration and attendance, set by hand. */
export const attendanceSchema = z.object({
	invite_id: idSchema('ligne'),
	inscrit: yesNo('inscrit').default(null),
	present: yesNo('présent').default(null)
});
export type AttendanceInput = z.output<typeof attendanceSchema>;

/** A line added by hand: an actor, and one of its contacts or a name. */
export const inviteAddSchema = z.object({
	actor_id: idSchema('acteur'),
	contact_id: optionalId('contact').default(null),
	personne: optionalText(200, 'personne').default(null)
});
export type InviteAdd = z.output<typeof inviteAddSchema>;

/**
 * A row of the sign-in sheet typed back: its line number (as printed), or the actor's Maillage
 * id and the person's name for someone who came without being invited.
 */
export const signInRowSchema = z
	.object({
		ligne: optionalId('ligne').default(null),
		acteur: optionalId('identifiant Maillage').default(null),
		personne: optionalText(200, 'personne').default(null),
		inscrit: yesNo('inscrit').default(null),
		present: yesNo('présent').default(null)
	})
	.refine((r) => r.ligne !== null || r.acteur !== null, { message: 'ligne ou identifiant Maillage obligatoire', path: ['ligne'] });
export type SignInRow = z.output<typeof signInRowSchema>;

/**
 * A registration typed on an event's public page: who, from which structure (free text), an
 * address to match an invited contact and to answer, and the consent to be contacted (unchecked
 * unless ticked).
 */
export const rencontreRegistrationSchema = z.object({
	nom: requiredText(200, 'nom'),
	structure: requiredText(200, 'structure'),
	email: z.string().trim().toLowerCase().pipe(z.email('adresse électronique invalide').max(254, 'adresse électronique trop longue')),
	consent_contact: consent
});
export type RencontreRegistration = z.infer<typeof rencontreRegistrationSchema>;
