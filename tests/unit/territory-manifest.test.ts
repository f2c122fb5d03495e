import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assertRelativePath, communesFileFor, manifestSchema, slugify } from '../../src/lib/domain/territory/manifest';

const manifest = manifestSchema.parse(JSON.parse(fs.readFileSync('data/geo-manifest.json', 'utf8')));

describe('boundary-file manifest', () => {
	it('slugs département names the way the source names its folders', () => {
		expect(slugify('Moselle')).toBe('moselle');
		expect(slugify('Meurthe-et-Moselle')).toBe('meurthe-et-moselle');
		expect(slugify("Côtes-d'Armor")).toBe('cotes-d-armor');
		expect(slugify('Corse-du-Sud')).toBe('corse-du-sud');
	});

	it('finds a listed file with its expected SHA-256', () => {
		const ref = communesFileFor(manifest, { code: '57', nom: 'Moselle' });
		expect(ref).toEqual({
			path: 'departements/57-moselle/communes-57-moselle.geojson',
			sha256: '252de8ce3839aebded73b0a41d0dcbe35726d1b9a88c2051639e4a35b932188a',
			warning: null
		});
	});

	it('builds the path of an unlisted département from the pattern, with a warning', () => {
		const ref = communesFileFor(manifest, { code: '88', nom: 'Vosges' });
		expect(ref.path).toBe('departements/88-vosges/communes-88-vosges.geojson');
		expect(ref.sha256).toBeNull();
		expect(ref.warning).toMatch(/non vérifiée|n’est pas vérifiée/);
	});

	it('refuses paths that escape the mirror', () => {
		expect(() => assertRelativePath('../etc/passwd')).toThrow(/relatif/);
		expect(() => assertRelativePath('/etc/passwd')).toThrow();
		expect(() => assertRelativePath('https://example.org/x.geojson')).toThrow();
		expect(() => assertRelativePath('departements/57-moselle/communes-57-moselle.geojson')).not.toThrow();
	});

	it('rejects a manifest with a malformed hash', () => {
		const broken = structuredClone(manifest);
		broken.files[0].sha256 = 'abc';
		expect(manifestSchema.safeParse(broken).success).toBe(false);
	});
});
