// Boundary files lag behind the Code officiel géographique: communes have merged since.
// Each polygon goes to the current commune that succeeded it (a commune nouvelle keeps its
// delegated communes' polygons), and what cannot be placed is reported, never dropped.
import type { Geometry } from 'geojson';

export interface CogCommune {
	code: string;
	nom: string;
	type: 'commune-actuelle' | 'commune-deleguee' | 'commune-associee' | string;
	/** For delegated/associated communes: the current commune they belong to. */
	chefLieu?: string;
	/** For current communes: the codes of communes merged into them. */
	anciensCodes?: string[];
}

export interface BoundaryPolygon {
	code: string;
	nom: string;
	geometry: Geometry;
}

export interface Reconciliation {
	/** Current commune code → the polygons that make it up. */
	pieces: Map<string, Geometry[]>;
	/** Polygons moved from an old code to its current commune. */
	remapped: { from: string; to: string; nom: string }[];
	/** Polygons with no current commune to go to. */
	unplaced: { code: string; nom: string; reason: string }[];
	/** Current communes that got no polygon. */
	missing: { code: string; nom: string }[];
}

export function successorIndex(cog: CogCommune[]): Map<string, string> {
	const current = new Set(cog.filter((c) => c.type === 'commune-actuelle').map((c) => c.code));
	const successor = new Map<string, string>();
	for (const c of cog) {
		if (c.type === 'commune-actuelle') {
			successor.set(c.code, c.code);
			for (const old of c.anciensCodes ?? []) if (!current.has(old)) successor.set(old, c.code);
		}
	}
	for (const c of cog) {
		if (c.type !== 'commune-actuelle' && c.chefLieu && current.has(c.chefLieu) && !successor.has(c.code)) {
			successor.set(c.code, c.chefLieu);
		}
	}
	return successor;
}

export function reconcileCommunes(polygons: BoundaryPolygon[], cog: CogCommune[]): Reconciliation {
	const successor = successorIndex(cog);
	const pieces = new Map<string, Geometry[]>();
	const remapped: Reconciliation['remapped'] = [];
	const unplaced: Reconciliation['unplaced'] = [];

	for (const polygon of polygons) {
		if (!polygon.geometry) {
			unplaced.push({ code: polygon.code, nom: polygon.nom, reason: 'entité sans géométrie' });
			continue;
		}
		const target = successor.get(polygon.code);
		if (!target) {
			unplaced.push({
				code: polygon.code,
				nom: polygon.nom,
				reason: 'code absent du COG actuel et aucun successeur connu'
			});
			continue;
		}
		if (target !== polygon.code) remapped.push({ from: polygon.code, to: target, nom: polygon.nom });
		const list = pieces.get(target) ?? [];
		list.push(polygon.geometry);
		pieces.set(target, list);
	}

	const missing = cog.filter((c) => c.type === 'commune-actuelle' && !pieces.has(c.code)).map((c) => ({ code: c.code, nom: c.nom }));
	return { pieces, remapped, unplaced, missing };
}
