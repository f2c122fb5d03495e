// One dated interaction of the DLA team with an actor (visit, call, e-mail, meeting, event).
// `who` and `note` may name people: personal data, shown to the team only.
import { z } from 'zod';
import { codeOrLabel, decimal, optionalText, requiredIsoDate } from './fields';

export const CONTACT_LOG_TYPES = ['visite', 'appel', 'courriel', 'reunion', 'evenement'] as const;
export type ContactLogType = (typeof CONTACT_LOG_TYPES)[number];
export const CONTACT_LOG_TYPE_LABELS: Record<ContactLogType, string> = {
	visite: 'Visite',
	appel: 'Appel',
	courriel: 'Courriel',
	reunion: 'Réunion',
	evenement: 'Événement'
};

export const contactLogSchema = z.object({
	actor_id: decimal('actor_id', { min: 1, integer: true }),
	date: requiredIsoDate('date'),
	type: codeOrLabel('type d’échange', CONTACT_LOG_TYPES, CONTACT_LOG_TYPE_LABELS),
	who: optionalText(200, 'interlocuteur'),
	note: optionalText(5000, 'note')
});
export type ContactLogInput = z.input<typeof contactLogSchema>;
export type ContactLog = z.output<typeof contactLogSchema>;
