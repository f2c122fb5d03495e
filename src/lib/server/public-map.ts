// What /public and /embed show besides the map: the DLA's presentation (data/dla.json) and the
// testimonials published for the website. Both pages are public and cacheable: nothing in them
// depends on who asks.
import { readConfig } from './config';
import { getDatabase } from './db';
import { loadDlaInfo } from './dla';
import { publishedTestimonials } from './queries/testimonials';
import { loadSectorLabels } from './reference';

/** Kept by browsers and shared caches for five minutes; the map data revalidates by ETag. */
export const PUBLIC_CACHE = 'public, max-age=300';

export async function loadPublicPage() {
	const config = readConfig();
	const { db } = await getDatabase();
	const [dla, sectorLabels, testimonials] = await Promise.all([
		loadDlaInfo(config.dataDir),
		loadSectorLabels(config.dataDir),
		publishedTestimonials(db, 'site')
	]);
	return { dla, sectorLabels, testimonials };
}
