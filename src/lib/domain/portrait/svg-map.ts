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
	structures: { x: number; y: number; accompanied: boolean; precise: boolean }[];
}

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
		structures: input.structures.map((s) => {
			const [x, y] = projection.project([s.lon, s.lat]);
			return { x: round(x), y: round(y), accompanied: s.accompanied, precise: s.precise };
		})
	};
}
