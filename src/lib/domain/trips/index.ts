// The trip optimiser: request schema, travel matrix, stop order, day timetable and the whole plan.
// One entry point for the routes and the tests; each module's exports are its own list.
export * from './defaults';
export * from './distance';
export * from './optimize';
export * from './schedule';
export * from './schema';
export * from './split';
export * from './plan';
export * from './time';
export { mulberry32 } from '../random';
