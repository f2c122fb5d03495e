/** Compact columns of the filtered actors for the map (details load on demand). */
export interface ActorPoints {
	id: number[];
	lon: number[];
	lat: number[];
	kind: string[];
	status: string[];
	tranche: (string | null)[];
	precision: (string | null)[];
}
