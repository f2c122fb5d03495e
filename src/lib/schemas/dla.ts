// Who carries the DLA and how to reach it (data/dla.json): read by the server, shown by the
// portrait, slides and share-link components (which import the type from here, not from the server).
import { z } from 'zod';

export const dlaInfoSchema = z.object({
	source: z.string().optional(),
	dispositif: z.string().min(1),
	porteur: z.string().min(1),
	porteur_nom: z.string().nullable().default(null),
	adresse: z.string().min(1),
	code_postal: z.string().regex(/^\d{5}$/, 'code postal : 5 chiffres'),
	commune: z.string().min(1),
	telephone: z.string().nullable().default(null),
	courriel: z.email('courriel : adresse invalide').nullable().default(null),
	site: z.url('site : adresse web invalide').nullable().default(null),
	mention: z.string().nullable().default(null)
});
export type DlaInfo = z.infer<typeof dlaInfoSchema>;
