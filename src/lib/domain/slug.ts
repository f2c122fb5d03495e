// ASCII slugs for file names, e-mail domains and the paths of france-geojson: accents dropped,
// lower case, every run of other characters one hyphen, none at either end.

/** « Coop’Études Œuvre Est » → « coop-etudes-oeuvre-est »; cut to `maxLength` without a trailing hyphen. */
export function slugify(text: string, maxLength = Infinity): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/œ/g, 'oe')
		.replace(/æ/g, 'ae')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, maxLength)
		.replace(/-+$/, '');
}
