// vt-pbf ships no types: the one function used here.
// https://github.com/mapbox/vt-pbf#usage
declare module 'vt-pbf' {
	interface TileFeatures {
		features: { type: number; geometry: unknown; tags: Record<string, unknown>; id?: number | string }[];
	}
	const vtpbf: { fromGeojsonVt(layers: Record<string, TileFeatures>, options?: { version?: number; extent?: number }): Uint8Array };
	export default vtpbf;
}
