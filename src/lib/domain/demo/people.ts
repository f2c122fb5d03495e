// Fictitious contact people. E-mails use example.org (reserved by RFC 2606) and phone numbers the
// 03 53 48 xx xx range that ARCEP keeps for fiction, so that nobody real can be reached.
import type { Random } from '../random';
import { slugify } from '../slug';
import type { DemoContact } from './types';
import { FIRST_NAMES, LAST_NAMES } from './vocabulary';

/** The code the contact schema stores (schemas/actor.ts LEGAL_BASES): a demo keeps people to show the feature. */
export const DEMO_LEGAL_BASIS = 'interet_legitime';
const FICTION_PHONE_PREFIX = '03 53 48';
/** E-mail parts stay short, as real ones do. */
const EMAIL_PART_MAX = 40;

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
		email: `${slugify(`${first}.${last}`, EMAIL_PART_MAX).replace(/-/g, '.')}@${slugify(organisation, EMAIL_PART_MAX)}.example.org`,
		telephone: `${FICTION_PHONE_PREFIX} ${two()} ${two()}`,
		base_legale: DEMO_LEGAL_BASIS
	};
}
