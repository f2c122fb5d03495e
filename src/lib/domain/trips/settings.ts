// A saved trip's settings and the optimiser's request built from them: the officer's choices, the
// configured base (the carrier's office) filling what they left empty.
import type { TripCreate, TripSettings, TripUpdate } from '../../schemas/trip';
import { MAX_DAYS } from './defaults';
import type { TripRequestInput } from './schema';
import { tripDates } from './roadmap';

/** Where trips start and end unless the officer says otherwise (configuration: the carrier's office). */
export interface TripBase {
	label: string;
	lon: number;
	lat: number;
}

/** Settings from the schema, the configured base filling what the officer left empty. */
export function tripSettings(input: Omit<TripCreate, 'actor_ids' | 'filtre'> | Omit<TripUpdate, 'version'>, base: TripBase): TripSettings {
	const customStart = input.start_lon !== null && input.start_lat !== null;
	return {
		name: input.name,
		date_start: input.date_start,
		date_end: input.date_end ?? input.date_start,
		day_start: input.day_start,
		day_end: input.day_end,
		lunch_start: input.lunch_start,
		lunch_end: input.lunch_end,
		lunch_min: input.lunch_min,
		visit_min: input.visit_min,
		overnight: input.overnight,
		overnight_label: input.overnight === 'lieu' ? (input.overnight_label ?? 'Lieu de la nuit') : null,
		overnight_lon: input.overnight === 'lieu' ? input.overnight_lon : null,
		overnight_lat: input.overnight === 'lieu' ? input.overnight_lat : null,
		start_label: input.start_label ?? (customStart ? 'Départ' : base.label),
		start_lon: customStart ? input.start_lon! : base.lon,
		start_lat: customStart ? input.start_lat! : base.lat,
		end_label: input.end_lon !== null && input.end_lat !== null ? (input.end_label ?? 'Arrivée') : null,
		end_lon: input.end_lon,
		end_lat: input.end_lat
	};
}

/** A place where the officer may sleep: a town centre, a hotel. */
export interface NightPlace {
	label: string;
	lon: number;
	lat: number;
}

/**
 * The optimiser's request for a trip; stop ids are trip_stop ids as text. `towns` are the
 * candidate places for « meilleure commune pour la nuit » (the query module finds them).
 */
export function tripRequest(
	trip: TripSettings,
	stops: {
		id: number;
		lon: number;
		lat: number;
		duration_min: number | null;
		window_start: string | null;
		window_end: string | null;
		priority?: number;
	}[],
	towns: readonly NightPlace[] = []
): TripRequestInput {
	const places: NightPlace[] =
		trip.overnight === 'lieu' && trip.overnight_lon !== null && trip.overnight_lat !== null
			? [{ label: trip.overnight_label ?? 'Lieu de la nuit', lon: trip.overnight_lon, lat: trip.overnight_lat }]
			: trip.overnight === 'meilleure_commune'
				? [...towns]
				: [];
	return {
		start: [trip.start_lon, trip.start_lat],
		...(trip.end_lon !== null && trip.end_lat !== null ? { end: [trip.end_lon, trip.end_lat] as [number, number] } : {}),
		stops: stops.map((s) => ({
			id: String(s.id),
			lon: s.lon,
			lat: s.lat,
			duration_min: s.duration_min ?? trip.visit_min,
			window: s.window_start && s.window_end ? [s.window_start, s.window_end] : null,
			...(s.priority === undefined ? {} : { priority: s.priority })
		})),
		day: {
			start: trip.day_start,
			end: trip.day_end,
			lunch: trip.lunch_start && trip.lunch_end ? [trip.lunch_start, trip.lunch_end] : null,
			lunch_min: trip.lunch_min
		},
		overnight: places.length > 0 ? { places } : null,
		days: Math.min(MAX_DAYS, tripDates(trip.date_start, trip.date_end).length)
	};
}
