// Defaults of a prospecting trip. They are what the DLA Moselle does today; every one of them can
// be overridden in the request (day, durations, detour) or the options (speeds, base).

/** Longitude, latitude (WGS 84), in the GeoJSON order. */
export type LonLat = readonly [number, number];

/** COJEP, carrier of the DLA Moselle: 1 rue du Coëtlosquet, 57000 Metz — where trips start and end. */
export const COJEP_OFFICE: LonLat = [6.1727, 49.1197];

/**
 * Office hours of a trip day, and the window in which lunch is taken: a flexible break of
 * `lunch_min` minutes placed by the scheduler anywhere inside it (see schedule.ts).
 */
export const DEFAULT_DAY = { start: '09:00', end: '17:30', lunch: ['11:45', '14:00'], lunch_min: 60 } as const;

/** An introductory visit to a structure: one hour. */
export const DEFAULT_VISIT_MIN = 60;

/** More stops than this is not a trip but a campaign: the API asks to split the list. */
export const MAX_STOPS = 300;

/** A trip of more than two working weeks is not planned in one go. */
export const MAX_DAYS = 10;
