import { z } from 'zod';
import { ROLES } from '../domain/roles';
import { idSchema } from './id';

// What a mail server accepts (RFC 5321/5322, RFC 6531 for non-ASCII): a dot-atom or quoted local
// part, and a domain that is a host name — a single label too (`admin@localhost`, the first
// administrator's default) — or an address literal. zod's `.email()` wants a dotted public domain.
const ATOM = String.raw`[\p{L}\p{N}!#$%&'*+/=?^_\x60{|}~-]+`;
const LOCAL_PART = String.raw`(?:${ATOM}(?:\.${ATOM})*|"(?:[^"\\\r\n]|\\.)*")`;
const LABEL = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?`;
const DOMAIN = String.raw`(?:${LABEL}(?:\.${LABEL})*|\[(?:\d{1,3}(?:\.\d{1,3}){3}|IPv6:[0-9a-fA-F:.]+)\])`;
const MAILBOX = new RegExp(`^(?=[^@]{1,64}@|"[^"]{0,62}"@)${LOCAL_PART}@${DOMAIN}$`, 'u');

/** An account's e-mail address: trimmed, lower case, any address a mail server would take. */
export const accountEmailSchema = z
	.string()
	.trim()
	.toLowerCase()
	.max(254, 'adresse électronique trop longue')
	.regex(MAILBOX, 'adresse électronique invalide');

export const userCreateSchema = z.object({
	email: accountEmailSchema,
	nom: z.string().trim().max(120).default(''),
	role: z.enum(ROLES, { error: () => `rôle inconnu : ${ROLES.join(', ')}` })
});

export const userUpdateSchema = z.object({
	id: idSchema('identifiant du compte'),
	role: z.enum(ROLES, { error: () => `rôle inconnu : ${ROLES.join(', ')}` }),
	disabled: z.preprocess((v) => v === 'on' || v === 'true', z.boolean())
});
