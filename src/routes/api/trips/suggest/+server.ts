import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { dayCapacity, DEFAULT_DAY, parseClock } from '$lib/domain/trips/index';
import { readConfig } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { jsonError, zodError } from '$lib/server/http/errors';

import { suggestForTerritory } from '$lib/server/queries/trips';
import type { RequestHandler } from './$types';

const clock = (label: string, fallback: string) =>
	z
		.string()
		.default(fallback)
		.refine((v) => parseClock(v) !== null, `${label} : heure attendue au format HH:MM`)
		.transform((v) => parseClock(v) as number);

const querySchema = z.object({
	territoire: z
		.string({ error: 'territoire obligatoire : commune:57463, epci:200067502 ou zone:sud' })
		.regex(/^(commune|epci|zone):[\w-]{1,20}$/, 'territoire : commune:CODE, epci:CODE ou zone:CODE attendu (ex. epci:200067502)'),
	date: z.iso.date('date : AAAA-MM-JJ attendu').optional(),
	debut: clock('début de journée', '09:00'),
	fin: clock('fin de journée', '17:30'),
	duree: z.coerce
		.number({ error: 'durée : nombre de minutes attendu' })
		.int('durée : minutes entières')
		.min(15, 'durée : 15 min au moins')
		.max(480, 'durée : 480 min au plus')
		.default(60),
	max: z.coerce.number({ error: 'max : nombre attendu' }).int().min(1, 'max : 1 au moins').max(20, 'max : 20 au plus').default(8)
});

/**
 * GET /api/trips/suggest?territoire=epci:200067502&date=&debut=&fin=&duree=&max= → structures to
 * visit that day (never accompanied and never contacted first, clustered), with why each.
 */
export const GET: RequestHandler = async ({ url }) => {
	const parsed = querySchema.safeParse(Object.fromEntries([...url.searchParams].filter(([, v]) => v !== '')));
	if (!parsed.success) return zodError(parsed.error);
	const q = parsed.data;
	if (q.fin <= q.debut) return jsonError(400, 'fin : la fin de journée doit suivre le début', 'fin');
	const [level, code] = q.territoire.split(':') as ['commune' | 'epci' | 'zone', string];
	const { db } = await getDatabase();
	const known = await db.selectFrom('territory').select('code').where('level', '=', level).where('code', '=', code).executeTakeFirst();
	if (!known) return jsonError(404, `territoire inconnu : ${q.territoire}`, 'territoire');
	// A day long enough to have lunch in it loses the break's length, wherever it is taken.
	const lunch = q.fin - q.debut > 300 ? { window: [q.debut, q.fin] as const, duration: DEFAULT_DAY.lunch_min } : null;
	const result = await suggestForTerritory(
		db,
		{ level, code },
		{
			base: readConfig().tripBase,
			capacityMin: dayCapacity({ start: q.debut, end: q.fin, lunch }),
			visitMin: q.duree,
			maxStops: q.max,
			today: q.date ? new Date(`${q.date}T12:00:00Z`) : new Date()
		}
	);
	return json(result);
};
