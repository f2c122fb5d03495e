// Road times, distances and route lines from an OSRM-compatible routing service, when the
// organisation has one (`MAILLAGE_ROUTING_URL`, e.g. http://osrm.local:5000). Without it, or when
// it fails or is too slow, the planner keeps its estimate (domain/trips/distance) and the trip
// page says so. The service is asked for `/table/v1/driving/…` (durations and distances between
// all points) and `/route/v1/driving/…` (the line of each day, for the map).
import type { LonLat, TravelMatrix } from '../domain/trips/index';
import { matrixProblem } from '../domain/trips/distance';

export interface RoutingService {
	/** Base URL, without the trailing `/table/v1/…`. */
	url: string;
	timeoutMs: number;
}

const DEFAULT_TIMEOUT_MS = 5000;

/** The configured service, or null: `MAILLAGE_ROUTING_URL`, `MAILLAGE_ROUTING_TIMEOUT_MS` (default 5000). */
export function routingService(env: NodeJS.ProcessEnv = process.env): RoutingService | null {
	const url = env.MAILLAGE_ROUTING_URL?.trim();
	if (!url) return null;
	if (!/^https?:\/\//.test(url)) throw new Error(`MAILLAGE_ROUTING_URL invalide : « ${url} » (attendu http://… ou https://…)`);
	const timeout = Number(env.MAILLAGE_ROUTING_TIMEOUT_MS ?? DEFAULT_TIMEOUT_MS);
	if (!Number.isFinite(timeout) || timeout <= 0)
		throw new Error(`MAILLAGE_ROUTING_TIMEOUT_MS invalide : « ${env.MAILLAGE_ROUTING_TIMEOUT_MS} »`);
	return { url: url.replace(/\/+$/, ''), timeoutMs: timeout };
}

class RoutingError extends Error {}

const coordinates = (points: readonly LonLat[]) => points.map(([lon, lat]) => `${lon.toFixed(6)},${lat.toFixed(6)}`).join(';');

/** GET one OSRM answer, within the timeout; an answer whose `code` is not « Ok » is an error. */
async function osrm(service: RoutingService, path: string): Promise<Record<string, unknown>> {
	let response: Response;
	try {
		response = await fetch(`${service.url}${path}`, { signal: AbortSignal.timeout(service.timeoutMs) });
	} catch (error) {
		const name = (error as Error).name;
		throw new RoutingError(
			name === 'TimeoutError' ? `pas de réponse en ${service.timeoutMs / 1000} s` : `injoignable (${(error as Error).message})`
		);
	}
	let body: Record<string, unknown>;
	try {
		body = (await response.json()) as Record<string, unknown>;
	} catch {
		throw new RoutingError(`réponse illisible (HTTP ${response.status})`);
	}
	if (!response.ok || body.code !== 'Ok') {
		throw new RoutingError(`erreur ${String(body.code ?? response.status)}${body.message ? ` : ${String(body.message)}` : ''}`);
	}
	return body;
}

/**
 * The matrix of road minutes and kilometres between `points`, from the service's table; or the
 * reason it could not be had (unreachable, too slow, an error, a pair without a route).
 */
export async function fetchTravelMatrix(
	service: RoutingService,
	points: readonly LonLat[]
): Promise<{ matrix: TravelMatrix; problem: null } | { matrix: null; problem: string }> {
	try {
		const body = await osrm(service, `/table/v1/driving/${coordinates(points)}?annotations=duration,distance`);
		const durations = body.durations as (number | null)[][] | undefined;
		const distances = body.distances as (number | null)[][] | undefined;
		if (!Array.isArray(durations) || !Array.isArray(distances)) throw new RoutingError('réponse sans durées ni distances');
		const convert = (rows: (number | null)[][], factor: number) =>
			rows.map((row) => (Array.isArray(row) ? row.map((v) => (typeof v === 'number' ? v / factor : Number.NaN)) : []));
		const matrix = { min: convert(durations, 60), km: convert(distances, 1000) };
		const problem = matrixProblem(matrix, points.length);
		if (problem) throw new RoutingError(problem);
		return { matrix, problem: null };
	} catch (error) {
		if (error instanceof RoutingError) return { matrix: null, problem: `service d’itinéraires ${error.message}` };
		throw error;
	}
}

/** The road line through `points` in order (GeoJSON coordinates), or null when the service fails. */
export async function fetchRouteLine(service: RoutingService, points: readonly LonLat[]): Promise<[number, number][] | null> {
	try {
		const body = await osrm(service, `/route/v1/driving/${coordinates(points)}?overview=simplified&geometries=geojson`);
		const routes = body.routes as { geometry?: { coordinates?: unknown } }[] | undefined;
		const line = routes?.[0]?.geometry?.coordinates;
		if (!Array.isArray(line) || line.length < 2) return null;
		return line.filter((p): p is [number, number] => Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'number');
	} catch (error) {
		if (error instanceof RoutingError) return null;
		throw error;
	}
}
