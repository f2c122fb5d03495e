import { z } from 'zod';
import { ROLES } from '../domain/roles';
import { idSchema } from './id';

export const userCreateSchema = z.object({
	email: z.string().trim().toLowerCase().email('adresse électronique invalide').max(254),
	nom: z.string().trim().max(120).default(''),
	role: z.enum(ROLES, { error: () => `rôle inconnu : ${ROLES.join(', ')}` })
});

export const userUpdateSchema = z.object({
	id: idSchema('identifiant du compte'),
	role: z.enum(ROLES, { error: () => `rôle inconnu : ${ROLES.join(', ')}` }),
	disabled: z.preprocess((v) => v === 'on' || v === 'true', z.boolean())
});
