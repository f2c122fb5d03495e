// `npm run bench`: every benchmark of the project, printing its figures.
import { benchExplorer } from './explorer';
import { benchTerritories } from './territories';

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? null;

await benchTerritories(serverUrl);
await benchExplorer(Number(process.env.BENCH_ACTORS ?? 20_000));
