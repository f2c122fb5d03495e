// The slides of a portrait, in order: the slide mode and the PowerPoint export show the same ones.
export const SLIDE_TITLES = {
	titre: 'Portrait de territoire',
	chiffres: 'Chiffres clés',
	carte: 'Les structures de l’ESS sur le territoire',
	ou: 'Où le DLA manque',
	secteurs: 'Les secteurs de l’ESS',
	activite: 'L’activité du DLA',
	manques: 'Manques et pistes',
	contacts: 'Contacter le DLA'
} as const;
export type SlideId = keyof typeof SLIDE_TITLES;

/** The département's portrait has one more slide: where the DLA is missing, by zone and EPCI. */
export function portraitSlides(withDepartementGaps: boolean): SlideId[] {
	return withDepartementGaps
		? ['titre', 'chiffres', 'carte', 'ou', 'secteurs', 'activite', 'manques', 'contacts']
		: ['titre', 'chiffres', 'carte', 'secteurs', 'activite', 'manques', 'contacts'];
}
