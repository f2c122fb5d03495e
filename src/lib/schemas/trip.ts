// A prospecting trip as the officer enters it: the form on /trips, the JSON API and the explorer's
// « Planifier une tournée » button all go through these schemas. Messages name the field in
// French so that a form can show them next to it.
import { z } from 'zod';
import { DEFAULT_DAY, MAX_DAYS } from '../domain/trips/defaults';
import { tripDates } from '../domain/trips/roadmap';
import { formatClock, parseClock } from '../domain/trips/time';
import { idSchema } from './id';
import { blankToNull, calendarDate, decimal, optionalText, requiredCalendarDate, requiredText } from './fields';

/** Stops of one trip: a day or a week of visits, not a mailing list. */
export const MAX_TRIP_STOPS = 100;
/** A trip built from an explorer filter takes at most this many structures. */
export const MAX_FILTER_STOPS = 60;

export const TRIP_STOP_STATUSES = ['prevu', 'fait', 'non_rencontre'] as const;
/** Sleeping in the area on a trip of several days: no (home every evening), at a place, or in the best town each night. */
const tripOvernightSchema = z.enum(['non', 'lieu', 'meilleure_commune'], {
	error: 'nuits : non, lieu ou meilleure_commune attendu'
});
export type TripOvernight = z.infer<typeof tripOvernightSchema>;
export const TRIP_OVERNIGHTS = tripOvernightSchema.options;
export const TRIP_OVERNIGHT_LABELS: Record<TripOvernight, string> = {
	non: 'Retour chaque soir',
	lieu: 'Nuit sur place, à un lieu donné',
	meilleure_commune: 'Nuit sur place, meilleure commune pour la nuit'
};
export type TripStopStatus = (typeof TRIP_STOP_STATUSES)[number];
/** The settings of a saved trip, as stored and as its settings form edits them. */
export interface TripSettings {
	name: string;
	date_start: string;
	date_end: string;
	day_start: string;
	day_end: string;
	/** The window of the lunch break, and its length (placed by the planner inside the window). */
	lunch_start: string | null;
	lunch_end: string | null;
	lunch_min: number;
	visit_min: number;
	overnight: TripOvernight;
	overnight_label: string | null;
	overnight_lon: number | null;
	overnight_lat: number | null;
	start_label: string;
	start_lon: number;
	start_lat: number;
	end_label: string | null;
	end_lon: number | null;
	end_lat: number | null;
}

export const TRIP_STOP_STATUS_LABELS: Record<TripStopStatus, string> = {
	prevu: 'Prévue',
	fait: 'Faite',
	non_rencontre: 'Non rencontrée'
};

/** « 9:00 », « 9h », « 14h30 » → « HH:MM »; null when empty. */
function optionalClock(label: string) {
	return z.preprocess(
		blankToNull,
		z
			.string({ error: `${label} : heure attendue au format HH:MM (ex. 09:00)` })
			.nullable()
			.transform((text, ctx) => {
				if (text === null) return null;
				const minutes = parseClock(text);
				if (minutes === null) {
					ctx.addIssue({ code: 'custom', message: `${label} : heure illisible « ${text} », format attendu HH:MM (ex. 09:00)` });
					return z.NEVER;
				}
				return formatClock(minutes);
			})
	);
}

const coordinate = (label: string, limit: number) => decimal(label, { min: -limit, max: limit });

/** Number of calendar days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): number {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

const settingsShape = {
	name: requiredText(120, 'nom de la tournée'),
	date_start: requiredCalendarDate('date de début'),
	/** Empty: a one-day trip. */
	date_end: calendarDate('date de fin'),
	day_start: optionalClock('début de journée').transform((v) => v ?? '09:00'),
	day_end: optionalClock('fin de journée').transform((v) => v ?? '17:30'),
	lunch_start: optionalClock('début de la pause déjeuner'),
	lunch_end: optionalClock('fin de la pause déjeuner'),
	lunch_min: decimal('durée de la pause déjeuner (min)', { min: 10, max: 180, integer: true }).transform((v) => v ?? DEFAULT_DAY.lunch_min),
	visit_min: decimal('durée de visite par défaut (min)', { min: 5, max: 720, integer: true }).transform((v) => v ?? 60),
	overnight: z.preprocess((v) => blankToNull(v) ?? 'non', tripOvernightSchema),
	overnight_label: optionalText(200, 'lieu de la nuit'),
	overnight_lon: coordinate('longitude du lieu de la nuit', 180),
	overnight_lat: coordinate('latitude du lieu de la nuit', 90),
	/** Empty: the configured base (the carrier's office). */
	start_label: optionalText(200, 'libellé du départ'),
	start_lon: coordinate('longitude du départ', 180),
	start_lat: coordinate('latitude du départ', 90),
	end_label: optionalText(200, 'libellé de l’arrivée'),
	end_lon: coordinate('longitude de l’arrivée', 180),
	end_lat: coordinate('latitude de l’arrivée', 90)
};

type Settings = z.output<z.ZodObject<typeof settingsShape>>;

function checkSettings(t: Settings, ctx: z.RefinementCtx): void {
	if (t.date_end !== null && t.date_end < t.date_start) {
		ctx.addIssue({ code: 'custom', path: ['date_end'], message: `date de fin (${t.date_end}) avant la date de début (${t.date_start})` });
	} else if (t.date_end !== null && (daysBetween(t.date_start, t.date_end) > 31 || tripDates(t.date_start, t.date_end).length > MAX_DAYS)) {
		ctx.addIssue({ code: 'custom', path: ['date_end'], message: `date de fin : ${MAX_DAYS} jours ouvrés au plus par tournée` });
	}
	if (t.day_end <= t.day_start)
		ctx.addIssue({ code: 'custom', path: ['day_end'], message: `fin de journée (${t.day_end}) avant le début (${t.day_start})` });
	if ((t.lunch_start === null) !== (t.lunch_end === null)) {
		ctx.addIssue({
			code: 'custom',
			path: [t.lunch_start === null ? 'lunch_start' : 'lunch_end'],
			message: 'pause déjeuner : indiquez le début et la fin, ou ni l’un ni l’autre'
		});
	} else if (t.lunch_start !== null && t.lunch_end !== null) {
		if (t.lunch_end <= t.lunch_start)
			ctx.addIssue({
				code: 'custom',
				path: ['lunch_end'],
				message: `fin de la pause déjeuner (${t.lunch_end}) avant son début (${t.lunch_start})`
			});
		else if (t.lunch_start < t.day_start || t.lunch_end > t.day_end) {
			ctx.addIssue({
				code: 'custom',
				path: ['lunch_start'],
				message: `pause déjeuner (${t.lunch_start}–${t.lunch_end}) hors de la journée (${t.day_start}–${t.day_end})`
			});
		} else if ((parseClock(t.lunch_end) ?? 0) - (parseClock(t.lunch_start) ?? 0) < t.lunch_min) {
			ctx.addIssue({
				code: 'custom',
				path: ['lunch_min'],
				message: `pause déjeuner de ${t.lunch_min} min plus longue que sa plage (${t.lunch_start}–${t.lunch_end})`
			});
		}
	}
	if (t.overnight === 'lieu' && (t.overnight_lon === null || t.overnight_lat === null)) {
		ctx.addIssue({
			code: 'custom',
			path: ['overnight_lon'],
			message: 'nuit sur place à un lieu donné : indiquez sa longitude et sa latitude (ou choisissez « meilleure commune »)'
		});
	}
	for (const end of ['start', 'end'] as const) {
		if ((t[`${end}_lon`] === null) !== (t[`${end}_lat`] === null)) {
			ctx.addIssue({
				code: 'custom',
				path: [`${end}_lat`],
				message: `${end === 'start' ? 'départ' : 'arrivée'} : longitude et latitude vont ensemble`
			});
		}
	}
}

const actorIds = z
	.array(idSchema('identifiant d’acteur'), {
		error: 'actor_ids : liste d’identifiants d’acteurs attendue'
	})
	.max(MAX_TRIP_STOPS, `trop de structures : ${MAX_TRIP_STOPS} au plus par tournée`)
	.transform((ids) => [...new Set(ids)]);

/** A new trip: its settings and the structures to visit, given by id or by an explorer filter. */
export const tripCreateSchema = z
	.object({
		...settingsShape,
		actor_ids: actorIds.default([]),
		/** The explorer's filter as a query string (`epci=…&statut=jamais`). */
		filtre: optionalText(2000, 'filtre')
	})
	.superRefine(checkSettings);
export type TripCreateInput = z.input<typeof tripCreateSchema>;
export type TripCreate = z.output<typeof tripCreateSchema>;

/** New settings of a saved trip, with the version read (409 when someone saved in between). */
export const tripUpdateSchema = z
	.object({
		...settingsShape,
		version: z
			.preprocess((v) => (v === undefined || v === '' ? null : v), idSchema('version').nullable())
			.refine((v) => v !== null, 'version obligatoire')
	})
	.superRefine(checkSettings);
export type TripUpdate = z.output<typeof tripUpdateSchema>;

export const tripStopsAddSchema = z.object({
	actor_ids: actorIds.refine((ids) => ids.length > 0, 'actor_ids : ajoutez au moins une structure')
});

/** A stop's own visit length and opening hours. */
export const tripStopUpdateSchema = z
	.object({
		duration_min: decimal('durée de visite (min)', { min: 5, max: 720, integer: true }),
		window_start: optionalClock('ouverture'),
		window_end: optionalClock('fermeture')
	})
	.superRefine((s, ctx) => {
		if ((s.window_start === null) !== (s.window_end === null)) {
			ctx.addIssue({
				code: 'custom',
				path: [s.window_start === null ? 'window_start' : 'window_end'],
				message: 'horaires : indiquez l’ouverture et la fermeture, ou ni l’une ni l’autre'
			});
		} else if (s.window_start !== null && s.window_end !== null && s.window_end <= s.window_start) {
			ctx.addIssue({ code: 'custom', path: ['window_end'], message: `fermeture (${s.window_end}) avant l’ouverture (${s.window_start})` });
		}
	});
export type TripStopUpdate = z.output<typeof tripStopUpdateSchema>;

/** The order the officer chose: stop ids, day by day. */
export const tripOrderSchema = z.object({
	/** The version the order was read at: 409 when someone changed the trip in between. */
	version: idSchema('version').optional(),
	days: z
		.array(
			z
				.array(idSchema('days : identifiant d’arrêt'), { error: 'days : une liste d’arrêts par jour attendue' })
				.max(MAX_TRIP_STOPS, `days : ${MAX_TRIP_STOPS} arrêts au plus`),
			{
				error: 'days : une liste d’arrêts par jour attendue, ex. [[12, 14], [13]]'
			}
		)
		.min(1, 'days : au moins un jour')
		.max(MAX_DAYS, `days : ${MAX_DAYS} jours au plus`)
		.superRefine((days, ctx) => {
			if (days.flat().length > MAX_TRIP_STOPS)
				ctx.addIssue({ code: 'custom', message: `days : ${MAX_TRIP_STOPS} arrêts au plus par tournée` });
			const seen = new Set<number>();
			for (const id of days.flat()) {
				if (seen.has(id)) ctx.addIssue({ code: 'custom', message: `days : l’arrêt ${id} apparaît deux fois` });
				seen.add(id);
			}
		})
});

/** What happened at a visit; a visit made is logged as a contact and may open an accompaniment. */
export const tripVisitSchema = z
	.object({
		status: z.enum(TRIP_STOP_STATUSES, { error: `statut de la visite : ${TRIP_STOP_STATUSES.join(', ')} attendu` }),
		note: optionalText(5000, 'note'),
		/** Visit date; empty: today. */
		date: calendarDate('date de la visite'),
		ouvrir_accompagnement: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()).default(false),
		/** The stop's `visit_version` the report was made on: 409 when another report came in between. */
		version: z.int({ error: 'version : nombre entier attendu' }).min(0, 'version : nombre entier positif attendu').optional(),
		/** Idempotency key chosen by the sender: a replay of the same report is not saved twice. */
		cle: z
			.string({ error: 'cle : texte attendu' })
			.regex(/^[A-Za-z0-9_-]{8,64}$/, 'cle : 8 à 64 lettres, chiffres, « - » ou « _ »')
			.optional()
	})
	.superRefine((v, ctx) => {
		if (v.ouvrir_accompagnement && v.status !== 'fait') {
			ctx.addIssue({ code: 'custom', path: ['ouvrir_accompagnement'], message: 'un accompagnement ne s’ouvre qu’après une visite faite' });
		}
	});
export type TripVisit = z.output<typeof tripVisitSchema>;
