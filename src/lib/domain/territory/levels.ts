import { z } from 'zod';

export const TERRITORY_LEVELS = ['commune', 'epci', 'arrondissement', 'zone', 'departement'] as const;
export type TerritoryLevel = (typeof TERRITORY_LEVELS)[number];

export const territoryLevelSchema = z.enum(TERRITORY_LEVELS, {
	error: () => `niveau inconnu : attendu ${TERRITORY_LEVELS.join(', ')}`
});

export const LEVEL_LABELS: Record<TerritoryLevel, string> = {
	commune: 'Commune',
	epci: 'EPCI',
	arrondissement: 'Arrondissement',
	zone: 'Zone',
	departement: 'Département'
};
