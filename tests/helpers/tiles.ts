// Reading the actor tiles back in tests: the features of the `actors` layer of a protobuf tile.
import { VectorTile, type VectorTileFeature } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { ACTOR_TILE_LAYER } from '../../src/lib/domain/actor-tiles';

export function actorTileFeatures(tile: Uint8Array): VectorTileFeature[] {
	if (!tile.length) return [];
	const layer = new VectorTile(new PbfReader(tile)).layers[ACTOR_TILE_LAYER];
	return layer ? Array.from({ length: layer.length }, (_, i) => layer.feature(i)) : [];
}
