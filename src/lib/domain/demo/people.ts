// Fictitious contact people. E-mails use example.org (reserved by RFC 2606) and phone numbers the
// 03 53 48 xx xx range that ARCEP keeps for fiction, so that nobody real can be reached.
import type { Random } from '../random';
import type { DemoContact } from './types';
import { FIRST_NAMES, LAST_NAMES } from './vocabulary';

/** The code the contact schema stores (schemas/actor.ts LEGAL_BASES): a demo keeps people to show the feature. */
export const DEMO_LEGAL_BASIS = 'interet_legitime';
const FICTION_PHONE_PREFIX = '03 53 48';

/** « Coop’Études Est » → « coop-etudes-est », for e-mail domains. */
export function slug(text: string, maxLength = 40): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/œ/g, 'oe')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '')
		.slice(0, maxLength)
		.replace(/-$/, '');
}

export function fictitiousName(rng: Random): { first: string; last: string } {
	return { first: rng.pick(FIRST_NAMES), last: rng.pick(LAST_NAMES) };
}

/** A person of an organisation: prénom.nom@organisation.example.org. */
export function fictitiousContact(rng: Random, organisation: string, roles: readonly string[]): DemoContact {
	const { first, last } = fictitiousName(rng);
	const two = () => String(rng.int(0, 99)).padStart(2, '0');
	return {
		nom: `${first} ${last}`,
		role: rng.pick(roles),
		email: `${slug(`${first}.${last}`).replace(/-/g, '.')}@${slug(organisation)}.example.org`,
		telephone: `${FICTION_PHONE_PREFIX} ${two()} ${two()}`,
		base_legale: DEMO_LEGAL_BASIS
	};
}
