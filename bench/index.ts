// `npm run bench`: every benchmark of the project, printing its figures.
// BENCH_DATABASE_URL (or TEST_DATABASE_URL) adds the PostgreSQL server to the measures.
import { benchDemo } from './demo';
import { benchExplorer } from './explorer';
import { benchGaps } from './gaps';
import { benchImports } from './imports';
import { benchIndicators } from './indicators';
import { benchMap } from './map';
import { benchParcours } from './parcours';
import { benchPortraits } from './portraits';
import { benchTerritories } from './territories';
import { benchTripDays, benchTrips } from './trips';

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? null;

await benchTerritories(serverUrl);
await benchImports(serverUrl, Number(process.env.BENCH_ROWS ?? 100_000), Number(process.env.BENCH_IMPORT_LARGE_ROWS ?? 1_000_000));
await benchTrips();
benchTripDays();
await benchDemo();
await benchGaps(serverUrl);
await benchIndicators(serverUrl);
await benchExplorer(Number(process.env.BENCH_ACTORS ?? 20_000));
await benchMap(serverUrl, Number(process.env.BENCH_MAP_ACTORS ?? 100_000));
await benchPortraits();
await benchParcours(serverUrl);
