// A testimonial as a channel publishes it (queries/testimonials.ts), for the components.
export interface PublishedTestimonial {
	id: number;
	texte: string;
	/** « Nom, fonction » when the person agreed to be named, else the role alone. */
	signature: string;
	/** The structure and its commune, when the structure may be named. */
	structure: string | null;
	commune: string | null;
	/** A photo shows the person: only with the consent to be named. */
	photo: boolean;
}
