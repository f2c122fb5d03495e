// The trip optimiser: request schema, travel matrix, stop order, day timetable and the whole plan.
export { COJEP_OFFICE, DEFAULT_DAY, DEFAULT_VISIT_MIN, MAX_DAYS, MAX_STOPS, type LonLat } from './defaults';
export {
	DEFAULT_DETOUR_FACTOR,
	DEFAULT_SPEED_BANDS,
	buildTravelMatrix,
	drivingMinutes,
	matrixProblem,
	roadKm,
	type DistanceOptions,
	type SpeedBand,
	type TravelMatrix
} from './distance';
export {
	EXACT_MAX_STOPS,
	exactOrder,
	heuristicOrder,
	optimizeOrder,
	routeCost,
	type CostMatrix,
	type OptimizeOptions,
	type RouteProblem
} from './optimize';
export {
	betterDay,
	dayCapacity,
	earliestStart,
	fitDay,
	insertStops,
	polishDay,
	relocateStops,
	scheduleDay,
	tieBreakCost,
	type DayContext,
	type DaySchedule,
	type DayWindow,
	type Visit,
	type VisitRule
} from './schedule';
export {
	fieldErrors,
	parseTripRequest,
	tripRequestSchema,
	type FieldError,
	type TripRequest,
	type TripRequestInput,
	type TripRequestResult,
	type TripStop
} from './schema';
export { bearingsFrom, splitByWeight, sweepRotations } from './split';
export {
	planTrip,
	scheduleTrip,
	TripRequestError,
	type TripDay,
	type TripLeg,
	type TripPlan,
	type TripPlanOptions,
	type TripVisit,
	type UnplannedStop
} from './plan';
export { ceilMinute, formatClock, parseClock } from './time';
export { mulberry32 } from '../random';
