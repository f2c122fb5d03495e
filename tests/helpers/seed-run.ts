// Makes one seeded stage in a process of its own (tests/global-setup.ts starts it): PGlite's
// PostGIS work would otherwise hold vitest's main thread for minutes, and vitest gives up on the
// workers it starts meanwhile. Prints the template as the last line of its output.
//   node --import tsx tests/helpers/seed-run.ts '{"backend":…,"stage":…,"previous":…,"options":…}'
import { seedStage } from './seed';

const { backend, stage, previous, options } = JSON.parse(process.argv[2]);
const template = await seedStage(backend, stage, previous, options);
console.log(`SEEDED ${JSON.stringify(template)}`);
