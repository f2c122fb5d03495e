// Reads an official boundary file, from the local mirror when one is configured (offline
// installs, CI), otherwise from its public source, and checks it against the manifest.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { assertRelativePath, manifestSchema, type BoundaryFileRef, type GeoManifest } from '../../domain/territory/manifest';
import { readJsonFile } from '../json-file';

export async function loadManifest(dataDir: string): Promise<GeoManifest> {
	const file = path.join(dataDir, 'geo-manifest.json');
	return readJsonFile(manifestSchema, file, `Manifeste ${file}`);
}

export interface FetchedFile {
	path: string;
	origin: string;
	sha256: string;
	verified: boolean;
	warning: string | null;
	text: string;
}

export async function fetchBoundaryFile(ref: BoundaryFileRef, options: { mirror: string | null; baseUrl: string }): Promise<FetchedFile> {
	assertRelativePath(ref.path);
	let bytes: Buffer;
	let origin: string;
	if (options.mirror) {
		origin = path.join(options.mirror, ref.path);
		try {
			bytes = await fs.readFile(origin);
		} catch (error) {
			throw new Error(`Fichier de limites introuvable dans le miroir (MAILLAGE_DATA_MIRROR) : ${origin}`, { cause: error });
		}
	} else {
		origin = new URL(ref.path, options.baseUrl).href;
		const response = await fetch(origin).catch((error: unknown) => {
			throw new Error(`Téléchargement impossible de ${origin} (hors ligne ? définissez MAILLAGE_DATA_MIRROR)`, { cause: error });
		});
		if (!response.ok) throw new Error(`Téléchargement de ${origin} : HTTP ${response.status}`);
		bytes = Buffer.from(await response.arrayBuffer());
	}
	const sha256 = createHash('sha256').update(bytes).digest('hex');
	if (ref.sha256 && ref.sha256 !== sha256) {
		throw new Error(`Empreinte SHA-256 inattendue pour ${ref.path} : ${sha256} au lieu de ${ref.sha256}`);
	}
	return { path: ref.path, origin, sha256, verified: ref.sha256 !== null, warning: ref.warning, text: bytes.toString('utf8') };
}
