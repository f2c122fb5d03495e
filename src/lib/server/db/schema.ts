// The database, typed for Kysely. One interface per table; geometry columns are PostGIS
// `geometry(…, 4326)` and are only read through SQL functions (ST_AsGeoJSON…), never as raw values.
import type { ColumnType, Generated } from 'kysely';

export type Geometry = ColumnType<unknown, string | null, string | null>;
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

import type { TerritoryLevel } from '../../domain/territory/levels';
export type { TerritoryLevel };

export interface EpciMember {
	code: string;
	nom: string;
	/** False for member communes outside the configured département. */
	in_departement: boolean;
}

export interface TerritoryDetails {
	/** EPCI: CA, CC, METRO, CU… */
	epci_type?: string;
	/** EPCI: the full member list, including communes outside the département. */
	members?: EpciMember[];
	/** EPCI: whether some members lie outside the département. */
	has_outside_members?: boolean;
	/** EPCI: population of the whole EPCI, all départements included. */
	population_totale?: number;
	/** Zone: EPCI codes assigned to it by the zone mapping. */
	epci_codes?: string[];
	/** Commune: delegated or former communes merged into it. */
	anciens_codes?: string[];
	chef_lieu?: string;
}

export interface TerritoryTable {
	level: TerritoryLevel;
	code: string;
	nom: string;
	population: number | null;
	area_km2: number | null;
	epci_code: string | null;
	arrondissement_code: string | null;
	zone_code: string | null;
	departement_code: string;
	codes_postaux: string[];
	details: ColumnType<TerritoryDetails, string, string>;
	geom: Geometry;
	label_point: Geometry;
	updated_at: Generated<Timestamp>;
}

export interface TerritoryImportTable {
	id: Generated<number>;
	departement_code: string;
	started_at: Timestamp;
	finished_at: Timestamp | null;
	sources: ColumnType<unknown, string, string>;
	report: ColumnType<unknown, string, string>;
	changed: number;
}

export interface Database {
	territory: TerritoryTable;
	territory_import: TerritoryImportTable;
}
