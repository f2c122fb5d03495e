// The boundary-file manifest: which official GeoJSON files a département needs, where they are
// published, and the SHA-256 we expect of the ones we know.
import { z } from 'zod';
import { slugify } from '../slug';

export const manifestSchema = z.object({
	source: z.object({
		name: z.string(),
		baseUrl: z.string().url(),
		licence: z.string(),
		attribution: z.string()
	}),
	patterns: z.object({
		communes: z.string().includes('{code}'),
		departement: z.string().includes('{code}').optional()
	}),
	files: z.array(
		z.object({
			path: z.string().min(1),
			kind: z.string(),
			departement: z.string().optional(),
			region: z.string().optional(),
			sha256: z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256 attendu en hexadécimal (64 caractères)')
		})
	)
});
export type GeoManifest = z.infer<typeof manifestSchema>;

/** The slug france-geojson uses in its paths: `Meurthe-et-Moselle` → `meurthe-et-moselle`. */
export { slugify };

export interface BoundaryFileRef {
	path: string;
	/** Expected SHA-256, or null when the manifest does not know this file. */
	sha256: string | null;
	/** Set when the file cannot be verified against the manifest. */
	warning: string | null;
}

/** The communes file of a département: listed in the manifest, or built from the path pattern. */
export function communesFileFor(manifest: GeoManifest, departement: { code: string; nom: string }): BoundaryFileRef {
	const listed = manifest.files.find((f) => f.kind === 'communes' && f.departement === departement.code);
	if (listed) return { path: listed.path, sha256: listed.sha256, warning: null };
	const path = manifest.patterns.communes.replaceAll('{code}', departement.code).replaceAll('{slug}', slugify(departement.nom));
	return {
		path,
		sha256: null,
		warning: `Fichier ${path} absent du manifeste : son empreinte SHA-256 n’est pas vérifiée`
	};
}

/** Rejects paths that would escape the mirror directory or the source URL. */
export function assertRelativePath(path: string): void {
	if (path.startsWith('/') || path.split('/').includes('..') || /^[a-z]+:/i.test(path)) {
		throw new Error(`Chemin de manifeste refusé (doit être relatif, sans ..) : ${path}`);
	}
}
