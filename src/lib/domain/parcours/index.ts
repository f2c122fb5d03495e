// The parcours of the DLA: moves, follow-ups, stalled parcours, funnel. Pure functions.
export * from './calendar';
export * from './config';
export * from './transitions';
export * from './followups';
export * from './funnel';
