// The request of `POST /api/trips/optimize`, shared by the endpoint, the trip form and the CLI.
// Messages are in French and say what to change: the officer reads them, not a developer.
import { z } from 'zod';
import { COJEP_OFFICE, DEFAULT_DAY, MAX_DAYS, MAX_STOPS } from './defaults';
import { DEFAULT_DETOUR_FACTOR } from './distance';
import { formatClock, parseClock } from './time';

/** `from` / `to` of the legs name the base this way: a stop may not take these ids. */
const RESERVED_IDS = new Set(['start', 'end']);

function coordinate(label: 'longitude' | 'latitude', limit: number) {
	const outOfRange = (issue: { input?: unknown }) =>
		`${label} hors limites (${String(issue.input)}) : entre -${limit} et ${limit} degrés — vérifiez que longitude et latitude ne sont pas inversées`;
	return z
		.number({
			error: (issue) => (issue.input === undefined ? `${label} obligatoire` : `${label} : nombre attendu (degrés décimaux, ex. 6.1727)`)
		})
		.min(-limit, { error: outOfRange })
		.max(limit, { error: outOfRange });
}

const lonLat = (label: string) =>
	z.tuple([coordinate('longitude', 180), coordinate('latitude', 90)], {
		error: `${label} : [longitude, latitude] attendu, ex. [6.1727, 49.1197]`
	});

/** « 14:00 », « 9:30 », « 14h », « 14h30 » → « HH:MM ». */
const clock = (label: string) =>
	z.string({ error: `${label} : heure attendue au format HH:MM (ex. 14:00)` }).transform((text, ctx) => {
		const minutes = parseClock(text);
		if (minutes === null) {
			ctx.addIssue({ code: 'custom', message: `${label} : heure illisible « ${text} », format attendu HH:MM (ex. 14:00)` });
			return z.NEVER;
		}
		return formatClock(minutes);
	});

/** Two clock times, the second after the first (« 14:00 » then « 15:00 »). */
const period = (label: string) =>
	z
		.tuple([clock(`${label}, début`), clock(`${label}, fin`)], {
			error: `${label} : [début, fin] attendu, ex. ["14:00", "15:00"]`
		})
		.superRefine(([from, to], ctx) => {
			if (to <= from) ctx.addIssue({ code: 'custom', message: `${label} : la fin (${to}) doit suivre le début (${from})` });
		});

/** The id of a stop as the schema will read it, even when the rest of the stop is invalid. */
function idOf(stop: unknown): string | null {
	if (typeof stop !== 'object' || stop === null) return null;
	const id: unknown = (stop as { id?: unknown }).id;
	return typeof id === 'string' || typeof id === 'number' ? String(id).trim() : null;
}

const stopSchema = z.object({
	id: z
		.union([z.string(), z.number()], { error: 'identifiant d’arrêt obligatoire (texte ou nombre)' })
		.transform((id) => String(id).trim())
		.pipe(
			z
				.string()
				.min(1, 'identifiant d’arrêt vide')
				.max(100, 'identifiant d’arrêt : 100 caractères au plus')
				.refine((id) => !RESERVED_IDS.has(id), 'identifiant réservé (« start » et « end » désignent le point de départ et d’arrivée)')
		),
	lon: coordinate('longitude', 180),
	lat: coordinate('latitude', 90),
	duration_min: z
		.number({ error: 'durée de visite : nombre de minutes attendu' })
		// Whole minutes: the timetable shows HH:MM, a 62.5-minute visit could not be shown exactly.
		.int('durée de visite : nombre entier de minutes attendu')
		.min(0, 'durée de visite : 0 minute au moins')
		.max(720, 'durée de visite : 720 minutes (12 h) au plus')
		.optional(),
	window: period('fenêtre horaire').nullable().optional(),
	/** Worth of the visit: among stops that fit equally, the planner keeps the higher ones. */
	priority: z.number({ error: 'priorité : nombre attendu' }).min(0, 'priorité : 0 au moins').max(100, 'priorité : 100 au plus').optional()
});

/** A place to sleep in the area between two trip days. */
const placeSchema = z.object({
	label: z.string({ error: 'lieu de nuit : libellé attendu' }).trim().min(1, 'lieu de nuit : libellé vide').max(200),
	lon: coordinate('longitude', 180),
	lat: coordinate('latitude', 90)
});

const daySchema = z
	.object({
		start: clock('début de journée').default(DEFAULT_DAY.start),
		end: clock('fin de journée').default(DEFAULT_DAY.end),
		/** The window in which lunch is taken (not a fixed block: see `lunch_min`). */
		lunch: period('pause déjeuner')
			.nullable()
			.default([...DEFAULT_DAY.lunch]),
		/** Length of the lunch break, placed by the scheduler anywhere inside the window. */
		lunch_min: z
			.number({ error: 'durée de la pause déjeuner : nombre de minutes attendu' })
			.int('durée de la pause déjeuner : nombre entier de minutes attendu')
			.min(10, 'durée de la pause déjeuner : 10 minutes au moins')
			.max(180, 'durée de la pause déjeuner : 180 minutes au plus')
			.default(DEFAULT_DAY.lunch_min)
	})
	.superRefine((day, ctx) => {
		const windowMin = day.lunch ? (parseClock(day.lunch[1]) ?? 0) - (parseClock(day.lunch[0]) ?? 0) : Infinity;
		if (day.end <= day.start) {
			ctx.addIssue({ code: 'custom', path: ['end'], message: `fin de journée (${day.end}) avant le début (${day.start})` });
		} else if (day.lunch && (day.lunch[0] < day.start || day.lunch[1] > day.end)) {
			ctx.addIssue({
				code: 'custom',
				path: ['lunch'],
				message: `pause déjeuner (${day.lunch[0]}–${day.lunch[1]}) hors de la journée (${day.start}–${day.end}) : ajustez-la ou mettez-la à null`
			});
		} else if (windowMin < day.lunch_min) {
			ctx.addIssue({
				code: 'custom',
				path: ['lunch_min'],
				message: `pause déjeuner de ${day.lunch_min} min plus longue que sa plage (${day.lunch![0]}–${day.lunch![1]})`
			});
		}
	});

export const tripRequestSchema = z.object({
	start: lonLat('point de départ').default([COJEP_OFFICE[0], COJEP_OFFICE[1]]),
	/** Absent: the trip comes back to its start. */
	end: lonLat('point d’arrivée').optional(),
	stops: z
		.array(stopSchema, {
			error: (issue) =>
				issue.input === undefined ? 'aucun arrêt : ajoutez au moins une structure à visiter' : 'stops : liste d’arrêts attendue'
		})
		.min(1, 'aucun arrêt : ajoutez au moins une structure à visiter')
		.max(MAX_STOPS, {
			error: (issue) => `trop d’arrêts (${(issue.input as unknown[]).length}) : ${MAX_STOPS} au plus par tournée, scindez la liste`
		})
		.superRefine(
			(stops, ctx) => {
				const firstIndex = new Map<string, number>();
				stops.forEach((stop, i) => {
					const id = idOf(stop);
					if (id === null) return;
					const earlier = firstIndex.get(id);
					if (earlier === undefined) firstIndex.set(id, i);
					else
						ctx.addIssue({
							code: 'custom',
							path: [i, 'id'],
							message: `identifiant « ${id} » en double (déjà celui de l’arrêt n° ${earlier + 1})`
						});
				});
			},
			// Report duplicates along with the other mistakes, not in a second round of corrections
			// (zod skips refinements after any issue, unless told when to run them).
			{ when: (payload) => Array.isArray(payload.value) }
		),
	day: daySchema.default({
		start: DEFAULT_DAY.start,
		end: DEFAULT_DAY.end,
		lunch: [...DEFAULT_DAY.lunch],
		lunch_min: DEFAULT_DAY.lunch_min
	}),
	days: z
		.number({ error: 'nombre de jours : entier attendu' })
		.int('nombre de jours : entier attendu')
		.min(1, 'nombre de jours : 1 au moins')
		.max(MAX_DAYS, `nombre de jours : ${MAX_DAYS} au plus`)
		.default(1),
	/**
	 * Sleeping in the area on a trip of several days: one place (a hotel, a partner's office), or
	 * several candidates (town centres) of which the planner takes, each night, the one that makes
	 * the evening and the next morning's drives shortest. Null: back to the base every evening.
	 */
	overnight: z
		.object({
			places: z
				.array(placeSchema, { error: 'lieux de nuit : liste attendue' })
				.min(1, 'lieux de nuit : au moins un')
				.max(300, 'lieux de nuit : 300 au plus')
		})
		.nullable()
		.default(null),
	detour_factor: z
		.number({ error: 'coefficient de détour : nombre attendu (1,3 par défaut)' })
		.min(1, 'coefficient de détour : 1 au moins (la route n’est jamais plus courte qu’à vol d’oiseau)')
		.max(3, 'coefficient de détour : 3 au plus')
		.default(DEFAULT_DETOUR_FACTOR)
});

/** What a client sends (optional fields may be missing). */
export type TripRequestInput = z.input<typeof tripRequestSchema>;
/** A checked request, defaults filled in, clock times as « HH:MM ». */
export type TripRequest = z.output<typeof tripRequestSchema>;
export type TripStop = TripRequest['stops'][number];

/** One problem of a request, for a form field or an API error body. */
export interface FieldError {
	/** Dotted path of the field, e.g. `stops.2.lat`; empty for the request as a whole. */
	field: string;
	message: string;
}

/** The issues of a failed parse, one per field, in the order zod found them. */
export function fieldErrors(error: z.ZodError): FieldError[] {
	return error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: issue.message }));
}

export type TripRequestResult = { ok: true; request: TripRequest } | { ok: false; errors: FieldError[] };

/** Checks a request body: a request, or the list of what to fix. */
export function parseTripRequest(body: unknown): TripRequestResult {
	const parsed = tripRequestSchema.safeParse(body);
	return parsed.success ? { ok: true, request: parsed.data } : { ok: false, errors: fieldErrors(parsed.error) };
}
