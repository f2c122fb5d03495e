// What /public and /embed show besides the map: the DLA's presentation (data/dla.json), the
// testimonials published for the website and the confirmed events to come. Both pages are public
// and cacheable: nothing in them depends on who asks, only on the data, the day and the build.
import type { Kysely } from 'kysely';
import { version } from '$app/environment';
import { todayIn } from '../domain/parcours/calendar';
import { readConfig } from './config';
import { getDatabase } from './db';
import type { Database } from './db/schema';
import { dataVersion } from './data-version';
import { dataEtag } from './http/cache';
import { loadDlaInfo } from './dla';
import { upcomingRencontres } from './queries/events';
import { publishedTestimonials } from './queries/testimonials';
import { loadSectorLabels } from './reference';

/** Kept by browsers and shared caches for five minutes; then revalidated by ETag. */
export const PUBLIC_CACHE = 'public, max-age=300';

/** The pages whose HTML is labelled with `publicEtag` (hooks.server.ts answers 304 for them). */
export const PUBLIC_PAGES = new Set(['/public', '/embed']);

/**
 * The public pages' and map data's ETag: the data version (a withdrawal bumps it too), the day
 * (events to come, the year of the « accompanied » rule) and the build (the HTML names its assets).
 */
export async function publicEtag(db: Kysely<Database>, url: URL): Promise<string> {
	return dataEtag(await dataVersion(db), url, `public|${todayIn()}|${version}`);
}

export async function loadPublicPage() {
	const config = readConfig();
	const { db } = await getDatabase();
	const [dla, sectorLabels, testimonials, rencontres] = await Promise.all([
		loadDlaInfo(config.dataDir),
		loadSectorLabels(config.dataDir),
		publishedTestimonials(db, 'site'),
		upcomingRencontres(db, todayIn(), { statuses: ['confirme'], limit: 20 })
	]);
	return { dla, sectorLabels, testimonials, rencontres };
}
