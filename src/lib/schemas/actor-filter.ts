// The filters of an actor list, shared by the explorer, the exports, the gap links and the API.
// Parsed from URL search parameters (repeated keys or comma-separated values).
import { z } from 'zod';
import { noNul } from './fields';
import { normaliseQueryNames } from './query-names';
import { ACCOMPANIMENT_STATUSES } from '../domain/accompaniment-status';
import { ACTOR_KINDS, STAGES } from '../domain/stages';

/**
 * The explorer's parcours filters, the rules of « À faire »: stalled at its stage, a follow-up
 * overdue, a follow-up « à faire » (overdue or due within the horizon: the layer of due follow-ups
 * and its « tournée des suivis »).
 */
export const PARCOURS_ALERT_FILTERS = ['en_attente', 'suivi_en_retard', 'suivi_a_faire'] as const;
export type ParcoursAlertFilter = (typeof PARCOURS_ALERT_FILTERS)[number];
export const PARCOURS_ALERT_LABELS: Record<ParcoursAlertFilter, string> = {
	en_attente: 'Parcours en attente',
	suivi_en_retard: 'Suivi en retard',
	suivi_a_faire: 'Suivi à faire'
};

const list = <T extends z.ZodTypeAny>(item: T) => z.array(item).default([]);
const code = z.string().regex(/^[\w-]{1,20}$/, 'code invalide');

export const actorFilterSchema = z.object({
	kind: list(z.enum(ACTOR_KINDS)),
	secteur: list(code),
	famille: list(code),
	tranche: list(z.string().regex(/^(NN|\d{2})$/, 'tranche d’effectifs invalide')),
	employeur: z.enum(['oui', 'non']).optional(),
	statut: list(z.enum(ACCOMPANIMENT_STATUSES)),
	stage: list(z.enum(STAGES)),
	/** Structures whose running parcours is stalled (`en_attente`), has a follow-up overdue (`suivi_en_retard`) or due (`suivi_a_faire`). */
	parcours: list(z.enum(PARCOURS_ALERT_FILTERS)),
	/** Time since last contact: never, or more than 6, 12, 24 months. */
	contact: z.enum(['jamais', '6', '12', '24']).optional(),
	/** Years in which an accompaniment stage was reached. */
	de: z.coerce.number().int().min(2000).max(2100).optional(),
	a: z.coerce.number().int().min(2000).max(2100).optional(),
	/** With `de`/`a`: structures accompanied in those years (`avec`, the default) or not (`sans`: the gap links). */
	periode: z.enum(['avec', 'sans']).optional(),
	zone: list(code),
	arrondissement: list(code),
	epci: list(code),
	commune: list(code),
	tag: list(
		z
			.string()
			.min(1)
			.max(60)
			.refine(...noNul('tag'))
	),
	q: z
		.string()
		.trim()
		.max(100)
		.refine(...noNul('q'))
		.optional(),
	demo: z.enum(['oui', 'non']).optional(),
	/** Given actors only: whether the filters keep an actor (the explorer's « masqué par les filtres »). */
	id: list(z.coerce.number().int().min(1).max(2_147_483_647))
});
export type ActorFilter = z.infer<typeof actorFilterSchema>;

const LIST_KEYS = [
	'kind',
	'secteur',
	'famille',
	'tranche',
	'statut',
	'stage',
	'parcours',
	'zone',
	'arrondissement',
	'epci',
	'commune',
	'tag',
	'id'
] as const;

/** The filter of a query string, old parameter names accepted; `asWritten` names them for errors. */
export function parseActorFilter(params: URLSearchParams) {
	const { params: named, asWritten } = normaliseQueryNames(params);
	const raw: Record<string, unknown> = {};
	for (const key of Object.keys(actorFilterSchema.shape)) {
		const values = named
			.getAll(key)
			.flatMap((v) => ((LIST_KEYS as readonly string[]).includes(key) ? v.split(',') : [v]))
			.filter((v) => v !== '');
		if (values.length) raw[key] = (LIST_KEYS as readonly string[]).includes(key) ? values : values[0];
	}
	return Object.assign(actorFilterSchema.safeParse(raw), { asWritten });
}

export function formatActorFilter(filter: Partial<ActorFilter>): URLSearchParams {
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(filter)) {
		if (Array.isArray(value)) {
			if (value.length) params.set(key, value.join(','));
		} else if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
	}
	return params;
}
