// What enters the system to run a parcours day to day: opening one, moving it to a stage, editing
// its fields, a contact with the structure, an ingénierie collective, and the board's filters. The
// fields a parcours shares with the accompaniments import come from its schema (accompanimentShape),
// so that a value accepted by one is accepted by the other.
import { z } from 'zod';
import { accompanimentShape } from './accompaniment';
import { contactLogSchema } from './contact-log';
import { blankToNull, calendarDate, decimal, optionalText, requiredCalendarDate, requiredText } from './fields';
import { idSchema } from './id';

const optionalId = (label: string) => z.preprocess(blankToNull, idSchema(label).nullable());

/** POST /api/accompaniments: a new parcours at the accueil stage (date: today, owner: the officer, by default). */
export const parcoursOpenSchema = z.object({
	actor_id: idSchema('structure'),
	date: calendarDate('date d’accueil').optional(),
	note: optionalText(5000, 'note').optional(),
	owner_id: optionalId('chargé·e de mission').optional()
});
export type ParcoursOpen = z.output<typeof parcoursOpenSchema>;

/**
 * A move to a stage (the domain's transition rules decide whether it is allowed). `stage` and
 * `ingenierie_type` are the import's own fields.
 */
export const parcoursMoveSchema = z.object({
	version: idSchema('version'),
	stage: accompanimentShape.stage,
	date: requiredCalendarDate('date'),
	note: optionalText(5000, 'note').optional(),
	oriente_vers: optionalText(300, 'orientation').optional(),
	ingenierie_type: accompanimentShape.ingenierie_type.optional(),
	prestataire_id: optionalId('prestataire').optional()
});
export type ParcoursMoveInput = z.output<typeof parcoursMoveSchema>;

const documents = z
	.array(
		z.object({
			titre: requiredText(200, 'titre du document'),
			url: z
				.string({ error: 'lien du document : adresse attendue' })
				.trim()
				.max(2000, 'lien du document : 2000 caractères au plus')
				.refine((u) => /^https?:\/\/\S+$/i.test(u), 'lien du document : adresse http(s):// attendue')
		}),
		{ error: 'documents : liste attendue' }
	)
	.max(50, 'documents : 50 au plus');

/** The fields PATCH /api/accompaniments/{id} may change (the stage moves through steps only). */
export const parcoursEditableShape = {
	owner_id: optionalId('chargé·e de mission'),
	themes: accompanimentShape.themes,
	constats: optionalText(10_000, 'constats'),
	besoins: optionalText(10_000, 'besoins'),
	ingenierie_type: accompanimentShape.ingenierie_type,
	prestataire_id: optionalId('prestataire'),
	budget_eur: accompanimentShape.budget_eur,
	jours: accompanimentShape.jours,
	date_fin_ingenierie: calendarDate('fin de l’ingénierie'),
	emplois_cdi: accompanimentShape.emplois_cdi,
	emplois_cdd: accompanimentShape.emplois_cdd,
	emplois_consolides: accompanimentShape.emplois_consolides,
	next_followup: calendarDate('prochain suivi'),
	documents,
	notes: accompanimentShape.notes
};
export const PARCOURS_EDITABLE_FIELDS = Object.keys(parcoursEditableShape) as (keyof typeof parcoursEditableShape)[];
export const parcoursChangesSchema = z.object(parcoursEditableShape).partial();
export type ParcoursChanges = z.output<typeof parcoursChangesSchema>;
/** Every editable field of a parcours, as the edit schema gives it. */
export type ParcoursEditable = z.output<z.ZodObject<typeof parcoursEditableShape>>;

export const parcoursEditSchema = z.object({
	version: idSchema('version'),
	changes: z.record(z.string(), z.unknown(), { error: 'changes : objet attendu ({"champ": valeur})' })
});

/** A contact with a structure, recorded in its contact log (from « À faire » or the actor panel). */
export const parcoursContactSchema = contactLogSchema.pick({ date: true, type: true, note: true }).extend({
	note: optionalText(5000, 'note').optional()
});
export type ParcoursContact = z.output<typeof parcoursContactSchema>;

/** POST /api/ingenieries-collectives: one ingénierie for the parcours of several structures. */
export const collectiveSchema = z
	.object({
		titre: requiredText(200, 'titre'),
		theme: optionalText(100, 'thème').optional(),
		prestataire_id: optionalId('prestataire').optional(),
		budget_eur: decimal('budget (€)', { min: 0, max: 10_000_000 }).optional(),
		jours: decimal('jours', { min: 0, max: 10_000 }).optional(),
		date_debut: requiredCalendarDate('date de début'),
		date_fin: calendarDate('date de fin').optional(),
		accompaniment_ids: z
			.array(idSchema('parcours'), { error: 'accompaniment_ids : liste de parcours attendue' })
			.min(1, 'accompaniment_ids : au moins un parcours')
			.max(200, 'accompaniment_ids : 200 parcours au plus')
			.transform((ids) => [...new Set(ids)])
	})
	.refine((c) => !c.date_fin || c.date_fin >= c.date_debut, { message: 'date de fin avant la date de début', path: ['date_fin'] });
export type CollectiveInput = z.output<typeof collectiveSchema>;

// ——— Query filters ———

const code = z.string().regex(/^[\w-]{1,20}$/, 'code invalide');
const codes = z
	.string()
	.transform((v) =>
		v
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean)
	)
	.pipe(z.array(code).max(50, '50 codes au plus'));

/** `de`/`a`: an ISO day, or a year (the first day of the year for `de`, its last for `a`). */
function periodBound(end: 'first' | 'last') {
	return z
		.string()
		.trim()
		.transform((text, ctx) => {
			if (/^\d{4}$/.test(text)) return end === 'first' ? `${text}-01-01` : `${text}-12-31`;
			const parsed = calendarDate('date').safeParse(text);
			if (parsed.success && parsed.data) return parsed.data;
			ctx.addIssue({ code: 'custom', message: `« ${text.slice(0, 40)} » : année (AAAA) ou date (AAAA-MM-JJ) attendue` });
			return z.NEVER;
		});
}

const ownerFilter = z.union([z.literal('moi'), z.literal('aucun'), idSchema('chargé·e de mission')], {
	error: 'identifiant de chargé·e de mission, « moi » ou « aucun » attendu'
});

export const PARCOURS_STATES = ['en_cours', 'termine', 'tous'] as const;
export const PARCOURS_ALERTS = ['stalled', 'overdue'] as const;

export const parcoursQuerySchema = z
	.object({
		zone: codes.default([]),
		epci: codes.default([]),
		secteur: codes.default([]),
		owner: ownerFilter.optional(),
		prestataire: idSchema('prestataire').optional(),
		de: periodBound('first').optional(),
		a: periodBound('last').optional(),
		etat: z.enum(PARCOURS_STATES, { error: `attendu ${PARCOURS_STATES.join(', ')}` }).default('en_cours'),
		alerte: z.enum(PARCOURS_ALERTS, { error: `attendu ${PARCOURS_ALERTS.join(', ')}` }).optional()
	})
	.refine((q) => !q.de || !q.a || q.de <= q.a, { message: 'le début de la période doit précéder sa fin', path: ['de'] });
export type ParcoursQuery = z.output<typeof parcoursQuerySchema>;

export const todoQuerySchema = z.object({
	owner: ownerFilter.optional(),
	zone: codes.default([]),
	epci: codes.default([])
});
export type TodoQuery = z.output<typeof todoQuerySchema>;

export const FUNNEL_LEVELS = ['zone', 'epci', 'secteur'] as const;

export function funnelQuerySchema(today: string) {
	const year = today.slice(0, 4);
	return z
		.object({
			level: z.enum(FUNNEL_LEVELS, { error: `attendu ${FUNNEL_LEVELS.join(', ')}` }).default('zone'),
			de: periodBound('first').default(`${year}-01-01`),
			a: periodBound('last').default(`${year}-12-31`)
		})
		.refine((q) => q.de <= q.a, { message: 'le début de la période doit précéder sa fin', path: ['de'] });
}
export type FunnelQuery = z.output<ReturnType<typeof funnelQuerySchema>>;

export { parseQuery } from './query-names';

export const PARCOURS_QUERY_KEYS = ['zone', 'epci', 'secteur', 'owner', 'prestataire', 'de', 'a', 'etat', 'alerte'] as const;
export const TODO_QUERY_KEYS = ['owner', 'zone', 'epci'] as const;
export const FUNNEL_QUERY_KEYS = ['level', 'de', 'a'] as const;
