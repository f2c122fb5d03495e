// Development only: runs a TypeScript module as a worker thread's code, through tsx, for code run
// from its sources (tests, `vite dev`, the benchmarks). `workerData.module` is the module's URL.
// Built code starts its workers from build/ (see src/lib/server/imports/reader.ts).
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.module, import.meta.url);
