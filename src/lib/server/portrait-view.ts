// A portrait as the pages show it: the query's figures, the map turned into SVG paths and the
// DLA's contact details. Shared by the team's page, the share links and the PDF export, so that
// all three show exactly the same thing.
import type { TerritoryLevel } from '../domain/territory/levels';
import type { Period } from '../domain/portrait/period';
import { svgMap } from '../domain/portrait/svg-map';
import type { PortraitView } from '../dto/portrait';
import { readConfig } from './config';
import { getDatabase } from './db';
import { DataVersionCache, dataVersion } from './data-version';
import { loadDlaInfo } from './dla';
import { territoryDynamics, type TerritoryDynamic } from './queries/initiatives';
import { territoryPortrait } from './queries/portraits';
import { publishedTestimonials } from './queries/testimonials';
import { loadSectorLabels } from './reference';
import { cogDepartementInfo } from './territories/cog';
import { zonePriorities } from './territories/import';

export type { PortraitView };

/** Map frame in SVG units (the page scales it); 3:2 fits a slide and half an A4 landscape page. */
export const MAP_WIDTH = 600;
export const MAP_HEIGHT = 400;

// The team's page, the share link and the PDF of one portrait compute it once per data version.
const views = new DataVersionCache<PortraitView | null>(100);
const viewKey = (level: TerritoryLevel, code: string, period: Period) => JSON.stringify([level, code, period]);

export async function loadPortraitView(level: TerritoryLevel, code: string, period: Period): Promise<PortraitView | null> {
	const { db } = await getDatabase();
	return views.get(db, viewKey(level, code, period), () => computePortraitView(level, code, period));
}

// The initiatives touching the territory (the team's page only): 0.2 s at 100,000 actors, per data version.
const dynamics = new DataVersionCache<TerritoryDynamic[]>(100);

/** The team's page: the portrait and the initiatives touching the territory, the data version read once. */
export async function loadPortraitPage(
	level: TerritoryLevel,
	code: string,
	period: Period
): Promise<{ portrait: PortraitView; dynamics: TerritoryDynamic[] } | null> {
	const { db } = await getDatabase();
	const version = await dataVersion(db);
	const portrait = await views.at(version, viewKey(level, code, period), () => computePortraitView(level, code, period));
	if (!portrait) return null;
	return { portrait, dynamics: await dynamics.at(version, JSON.stringify([level, code]), () => territoryDynamics(db, level, code)) };
}

async function computePortraitView(level: TerritoryLevel, code: string, period: Period): Promise<PortraitView | null> {
	const config = readConfig();
	const { db } = await getDatabase();
	const [departement, sectorLabels, dla, priority] = await Promise.all([
		cogDepartementInfo(config.departement),
		loadSectorLabels(config.dataDir),
		loadDlaInfo(config.dataDir),
		zonePriorities(config.dataDir, config.departement)
	]);
	const portrait = await territoryPortrait(db, level, code, period, { departement, sectorLabels, priority });
	if (!portrait) return null;
	// Accepted for portraits only; a withdrawal bumps the data version, so this cache follows it.
	const testimonials = await publishedTestimonials(db, 'portrait', { level, code });
	return { ...portrait, map: svgMap(portrait.map, MAP_WIDTH, MAP_HEIGHT), dla, testimonials };
}
