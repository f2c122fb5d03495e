// A small static map drawn as SVG: the territory, its neighbours and its structures. Static on
// purpose — it prints, exports to PDF and shows on the shared page without WebGL, tiles or
// scripts, and reads in black and white. Projection: equirectangular with the x axis scaled by
// cos(latitude) at the centre, which is accurate enough at the scale of a département.
import type { Geometry, Position } from 'geojson';

export interface SvgFrame {
	width: number;
	height: number;
	/** [west, south, east, north] in degrees. */
	bbox: [number, number, number, number];
	padding?: number;
}

export interface SvgProjection {
	project(position: Position): [number, number];
	width: number;
	height: number;
}

/** Fits the box into the frame, keeping the aspect ratio, centred. */
export function fitProjection(frame: SvgFrame): SvgProjection {
	const [west, south, east, north] = frame.bbox;
	if (!(east >= west && north >= south)) throw new RangeError(`emprise invalide : ${frame.bbox.join(', ')}`);
	const padding = frame.padding ?? 8;
	const kx = Math.cos((((south + north) / 2) * Math.PI) / 180);
	const spanX = Math.max((east - west) * kx, 1e-9);
	const spanY = Math.max(north - south, 1e-9);
	const scale = Math.min((frame.width - 2 * padding) / spanX, (frame.height - 2 * padding) / spanY);
	const offsetX = (frame.width - spanX * scale) / 2;
	const offsetY = (frame.height - spanY * scale) / 2;
	return {
		width: frame.width,
		height: frame.height,
		project: ([lon, lat]) => [offsetX + (lon - west) * kx * scale, offsetY + (north - lat) * scale]
	};
}

const round = (n: number) => Math.round(n * 10) / 10;

function ringPath(ring: Position[], projection: SvgProjection): string {
	let d = '';
	let last = '';
	for (let i = 0; i < ring.length; i++) {
		const [x, y] = projection.project(ring[i]);
		const point = `${round(x)} ${round(y)}`;
		// Vertices closer than the pixel grid add bytes, not shape.
		if (point === last) continue;
		d += `${d ? 'L' : 'M'}${point}`;
		last = point;
	}
	return d ? `${d}Z` : '';
}

/** An SVG path (`d`) for a polygon or multipolygon; empty for other geometries. */
export function geometryPath(geometry: Geometry | null, projection: SvgProjection): string {
	if (!geometry) return '';
	if (geometry.type === 'Polygon') return geometry.coordinates.map((r) => ringPath(r, projection)).join('');
	if (geometry.type === 'MultiPolygon') return geometry.coordinates.flatMap((p) => p.map((r) => ringPath(r, projection))).join('');
	return '';
}

export interface SvgMapInput {
	territory: Geometry | null;
	neighbours: { code: string; nom: string; geometry: Geometry | null; label: [number, number] | null }[];
	structures: { lon: number; lat: number; accompanied: boolean; precise: boolean }[];
	bbox: [number, number, number, number];
}

export interface SvgMap {
	width: number;
	height: number;
	territory: string;
	neighbours: { code: string; nom: string; d: string; label: [number, number] | null }[];
	/** The points to draw: one for the structures of the same kind drawn on top of one another. */
	structures: { x: number; y: number; accompanied: boolean; precise: boolean }[];
	/** Neighbouring points (not only overlapping ones) were drawn as one to stay under MAX_DRAWN. */
	grouped: boolean;
	/** The structures located, and those accompanied among them (every one, merged points included). */
	located: number;
	accompanied: number;
}

/**
 * Side of the grid, in SVG units, within which points of the same kind are drawn once: the
 * smallest circle drawn has a radius of 2.2, so two points in one cell overlap more than half.
 */
export const MERGE_CELL = 2;
/**
 * At most this many points drawn: beyond, the cell grows until they fit, and the legend says that
 * a point stands for neighbouring structures. An EPCI of 20,000 structures gave 20,000 circles,
 * a 3.7 MB page rendered for each request (4 portraits a second under load).
 */
export const MAX_DRAWN = 2000;

/** The portrait's map in SVG coordinates: paths and points only, ready for the page. */
export function svgMap(input: SvgMapInput, width: number, height: number): SvgMap {
	const projection = fitProjection({ width, height, bbox: input.bbox });
	const inFrame = ([x, y]: [number, number]) => x >= 0 && y >= 0 && x <= width && y <= height;
	return {
		width,
		height,
		territory: geometryPath(input.territory, projection),
		neighbours: input.neighbours.map((n) => {
			const label = n.label ? projection.project(n.label) : null;
			return {
				code: n.code,
				nom: n.nom,
				d: geometryPath(n.geometry, projection),
				label: label && inFrame(label) ? [round(label[0]), round(label[1])] : null
			};
		}),
		...mergeOverlapping(
			input.structures.map((s) => {
				const [x, y] = projection.project([s.lon, s.lat]);
				return { x: round(x), y: round(y), accompanied: s.accompanied, precise: s.precise };
			})
		),
		located: input.structures.length,
		accompanied: input.structures.filter((s) => s.accompanied).length
	};
}

type Drawn = { x: number; y: number; accompanied: boolean; precise: boolean };

/** Keeps the first point of each kind (accompanied, precise) in each `cell` square, in order. */
function onePerCell<P extends Drawn>(points: P[], cell: number): P[] {
	const seen = new Set<string>();
	return points.filter((p) => {
		const key = `${Math.floor(p.x / cell)},${Math.floor(p.y / cell)},${p.accompanied ? 1 : 0}${p.precise ? 1 : 0}`;
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

/**
 * The points to draw: one per kind in each MERGE_CELL square, or in larger squares (× 1.5 at a
 * time) until at most `maxDrawn` remain; `grouped` when the squares had to grow.
 */
export function mergeOverlapping<P extends Drawn>(points: P[], maxDrawn = MAX_DRAWN): { structures: P[]; grouped: boolean } {
	let cell = MERGE_CELL;
	let kept = onePerCell(points, cell);
	while (kept.length > maxDrawn) {
		cell *= 1.5;
		kept = onePerCell(kept, cell);
	}
	return { structures: kept, grouped: cell > MERGE_CELL };
}
