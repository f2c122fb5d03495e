// A territory's portrait as the server computes it (server/queries/portraits.ts) and as the pages,
// the slides, the print view and the PowerPoint export show it (server/portrait-view.ts adds the
// SVG map and the DLA's details). Public-safe by construction: counts and names of structures,
// partners and initiatives, never a contact person.
import type { Geometry } from 'geojson';
import type { FiguresInput, SourceCount } from '../domain/portrait/figures';
import type { Period } from '../domain/portrait/period';
import type { SvgMap } from '../domain/portrait/svg-map';
import type { GapIndicators } from '../domain/gaps/indicators';
import type { TerritoryLevel } from '../domain/territory/levels';
import type { DlaInfo } from '../schemas/dla';
import type { PublishedTestimonial } from './testimonial';

export type { SourceCount };

export interface PortraitTerritory {
	level: TerritoryLevel;
	code: string;
	nom: string;
	population: number | null;
	area_km2: number | null;
	epci_type: string | null;
	parents: { level: TerritoryLevel; code: string; nom: string }[];
}

/** The figures of one territory over the period: the portrait's pure functions take them as they are. */
export type PortraitFigures = FiguresInput;

export interface PortraitSector {
	code: string;
	label: string;
	structures: number;
	accompanied: number;
	reference_structures: number;
	reference_accompanied: number;
}

export interface PortraitFamily {
	code: string;
	label: string;
	structures: number;
	reference_structures: number;
}

/**
 * One year of the period, counted in structures (the unit of the « structures accompagnées »
 * card): `accompanied` counts the structures that reached a stage of a parcours in that year (a
 * structure followed over two years counts in both); `first_accompanied` those whose first stage
 * within the period is in that year — these add up over the period to the card's figure.
 */
export interface PortraitYear {
	year: number;
	accompanied: number;
	first_accompanied: number;
	reference_accompanied: number;
	reference_first_accompanied: number;
}

export interface PortraitActorName {
	nom: string;
	commune: string;
	secteur: string | null;
	demo: boolean;
}

export interface PortraitPartner extends PortraitActorName {
	kind: 'partenaire' | 'initiative';
}

export interface PortraitMapData {
	territory: Geometry | null;
	/** Territories of the same level around it (for the département: its EPCI). */
	neighbours: { code: string; nom: string; geometry: Geometry | null; label: [number, number] | null }[];
	structures: { lon: number; lat: number; accompanied: boolean; precise: boolean }[];
	/** [west, south, east, north] to frame, with a margin around the territory. */
	bbox: [number, number, number, number];
}

export interface PortraitGap {
	/** `gaps`: the shared gap analysis (score and rank); `indicateurs`: from this portrait's figures. */
	basis: 'gaps' | 'indicateurs';
	indicators: GapIndicators;
	/** 0–100 (null when only the indicators are known). */
	score: number | null;
	/** Rank among the territories of the same level, 1 = biggest gap; null for the département. */
	rank: number | null;
	peers: number;
	/** What the rank is by, in words. */
	rank_basis: string | null;
	summary: string;
}

/** A strategic zone of the département (data/zones/<dép>.json) against the départemental rate. */
interface TerritoryGapFigures {
	code: string;
	nom: string;
	/** One of the zones the DLA develops first (« priorites » of the zones file), or an EPCI in one. */
	priority: boolean;
	structures: number;
	accompanied: number;
	/** accompanied ÷ structures; null without structures. */
	rate: number | null;
	/** Accompanied structures at the départemental rate. */
	expected: number;
}

export interface PortraitZoneGap extends TerritoryGapFigures {
	/** expected − accompanied, signed: negative when the zone is ahead of the rate. Sums to 0 over the zones. */
	missing: number;
}

/** An EPCI's row of the shared gap analysis (queries/gaps.ts), ranked by score. */
export interface PortraitEpciGap extends TerritoryGapFigures {
	zone: string | null;
	/** max(0, expected − accompanied), as the gap analysis counts it. */
	missing: number;
	score: number;
	rank: number;
	confidence: 'faible' | 'moyenne' | 'bonne';
}

/** Where the DLA is missing across the département: its zones, and its EPCI ranked by gap score. */
export interface DepartementGaps {
	priority: { nom: string; zones: string[] } | null;
	reference_rate: number | null;
	zones: PortraitZoneGap[];
	epci: PortraitEpciGap[];
}

export interface Portrait {
	territory: PortraitTerritory;
	reference: { level: 'departement'; code: string; nom: string; typeLiaison: number | null };
	period: Period;
	figures: PortraitFigures;
	reference_figures: PortraitFigures;
	sectors: PortraitSector[];
	families: PortraitFamily[];
	years: PortraitYear[];
	/** The first ACCOMPANIED_NAMES_LISTED structures accompanied over the period, by name. */
	accompanied_structures: PortraitActorName[];
	/** All the structures accompanied over the period. */
	accompanied_structures_count: number;
	partners: PortraitPartner[];
	map: PortraitMapData;
	gap: PortraitGap;
	/** The département's portrait only. */
	departement_gaps: DepartementGaps | null;
}

export interface PortraitView extends Omit<Portrait, 'map'> {
	map: SvgMap;
	dla: DlaInfo;
	/** Accepted testimonials of the territory's structures that consented to portraits (issue 17). */
	testimonials: PublishedTestimonial[];
}

/** The officer presenting the portrait, shown only when they choose to (never on a share link). */
export interface PortraitPresenter {
	nom: string;
	email: string;
}
