// Strategic zones: the DLA's own areas, made of whole EPCI (a configurable mapping file).
// Without a mapping, a département gets one zone per arrondissement.
import { z } from 'zod';

export const zoneMappingSchema = z
	.object({
		departement: z.string(),
		source: z.string().optional(),
		zones: z
			.array(
				z.object({
					code: z.string().regex(/^[a-z0-9_-]+$/, 'code de zone : minuscules, chiffres, - ou _'),
					nom: z.string().min(1),
					epci: z.array(z.object({ code: z.string().regex(/^\d{9}$/, 'code EPCI (SIREN, 9 chiffres)'), nom: z.string().optional() }))
				})
			)
			.min(1, 'au moins une zone'),
		/** The zones where the DLA must develop first (a preset of the gap screen: « Est & Sud »). */
		priorites: z.object({ nom: z.string().min(1), zones: z.array(z.string()).min(1, 'priorites.zones : au moins une zone') }).optional()
	})
	.refine((m) => !m.priorites || m.priorites.zones.every((code) => m.zones.some((z) => z.code === code)), {
		message: 'priorites.zones : chaque zone prioritaire doit être une des zones du fichier',
		path: ['priorites', 'zones']
	});
export type ZoneMapping = z.infer<typeof zoneMappingSchema>;

export interface ZoneDefinition {
	code: string;
	nom: string;
	epciCodes: string[];
}

export interface ZonePlan {
	zones: ZoneDefinition[];
	/** Commune code → zone code. */
	zoneOfCommune: Map<string, string>;
	/** Communes that no zone covers (e.g. a commune without EPCI). */
	unassigned: string[];
}

export type ZonePlanResult = { ok: true; plan: ZonePlan } | { ok: false; errors: string[] };

interface CommuneRef {
	code: string;
	epci: string | null;
	arrondissement: string | null;
}

/** Zones from a mapping file: every EPCI of the département in exactly one zone. */
export function zonesFromMapping(mapping: ZoneMapping, epcis: { code: string; nom: string }[], communes: CommuneRef[]): ZonePlanResult {
	const errors: string[] = [];
	const known = new Map(epcis.map((e) => [e.code, e.nom]));
	const zoneOfEpci = new Map<string, string>();
	const seenZones = new Set<string>();
	for (const zone of mapping.zones) {
		if (seenZones.has(zone.code)) errors.push(`zone « ${zone.code} » déclarée deux fois`);
		seenZones.add(zone.code);
		for (const epci of zone.epci) {
			if (!known.has(epci.code)) {
				errors.push(`zone « ${zone.code} » : EPCI ${epci.code}${epci.nom ? ` (${epci.nom})` : ''} inconnu dans ce département`);
				continue;
			}
			const previous = zoneOfEpci.get(epci.code);
			if (previous) errors.push(`EPCI ${epci.code} (${known.get(epci.code)}) dans deux zones : ${previous} et ${zone.code}`);
			else zoneOfEpci.set(epci.code, zone.code);
		}
	}
	for (const [code, nom] of known) {
		if (!zoneOfEpci.has(code)) errors.push(`EPCI ${code} (${nom}) n’est dans aucune zone`);
	}
	if (errors.length) return { ok: false, errors };

	const zoneOfCommune = new Map<string, string>();
	const unassigned: string[] = [];
	for (const commune of communes) {
		const zone = commune.epci ? zoneOfEpci.get(commune.epci) : undefined;
		if (zone) zoneOfCommune.set(commune.code, zone);
		else unassigned.push(commune.code);
	}
	const zones = mapping.zones.map((z) => ({ code: z.code, nom: z.nom, epciCodes: z.epci.map((e) => e.code) }));
	return { ok: true, plan: { zones, zoneOfCommune, unassigned } };
}

/** Default zones: one per arrondissement. */
export function zonesFromArrondissements(arrondissements: { code: string; nom: string }[], communes: CommuneRef[]): ZonePlan {
	const zoneCode = (arr: string) => `arr-${arr}`;
	const zoneOfCommune = new Map<string, string>();
	const unassigned: string[] = [];
	const epcisOfZone = new Map<string, Set<string>>();
	for (const commune of communes) {
		if (!commune.arrondissement) {
			unassigned.push(commune.code);
			continue;
		}
		const zone = zoneCode(commune.arrondissement);
		zoneOfCommune.set(commune.code, zone);
		if (commune.epci) {
			const set = epcisOfZone.get(zone) ?? new Set();
			set.add(commune.epci);
			epcisOfZone.set(zone, set);
		}
	}
	const zones = arrondissements.map((a) => ({
		code: zoneCode(a.code),
		nom: a.nom,
		epciCodes: [...(epcisOfZone.get(zoneCode(a.code)) ?? [])].sort()
	}));
	return { zones, zoneOfCommune, unassigned };
}

/** The zone most of an EPCI's communes (of the département) lie in. */
export function majorityZone(communeCodes: string[], zoneOfCommune: Map<string, string>): string | null {
	const counts = new Map<string, number>();
	for (const code of communeCodes) {
		const zone = zoneOfCommune.get(code);
		if (zone) counts.set(zone, (counts.get(zone) ?? 0) + 1);
	}
	let best: string | null = null;
	let bestCount = 0;
	for (const [zone, count] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
		if (count > bestCount) [best, bestCount] = [zone, count];
	}
	return best;
}
