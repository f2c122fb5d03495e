// The demo territory, generated deterministically from a seed: ESS structures spread like real
// ones (population-weighted with a rural floor), partners and prestataires (real institutions,
// fictitious people), initiatives, and seven years of accompaniments concentrated in the
// "focus" zones so that the others show real gaps. Every record is marked `demo`.
import { bbox, booleanPointInPolygon, pointOnFeature } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { Random } from '../random';
import { luhnCheckDigit } from '../siret';
import type { AccompanimentStage } from '../stages';
import { deNom } from '../territory/names';

export interface DemoCommune {
	code: string;
	nom: string;
	population: number;
	codes_postaux: string[];
	epci_code: string | null;
	zone_code: string | null;
	geometry: Polygon | MultiPolygon;
}

export interface DemoInput {
	departement: { code: string; nom: string; typeLiaison?: number | null };
	communes: DemoCommune[];
	epcis: { code: string; nom: string }[];
	zones: { code: string; nom: string }[];
	/** Zones where the DLA has been most active. */
	focusZones: string[];
	today: Date;
	counts?: { structures?: number; initiatives?: number; accompaniments?: number };
}

export interface DemoContact {
	nom: string;
	role: string | null;
	email: string | null;
	telephone: string | null;
	base_legale: string;
}

export interface DemoActor {
	source_id: string;
	kind: 'structure_ess' | 'partenaire' | 'initiative';
	nom: string;
	sigle: string | null;
	siren: string | null;
	siret: string | null;
	rna: string | null;
	categorie_juridique: string | null;
	naf: string | null;
	tranche_effectifs: string | null;
	employeur: boolean | null;
	ess: boolean | null;
	date_creation: string | null;
	adresse: string | null;
	code_postal: string | null;
	commune_code: string;
	lon: number | null;
	lat: number | null;
	precision: 'adresse' | 'commune' | null;
	tags: string[];
	notes: string | null;
	contacts: DemoContact[];
}

export interface DemoAccompaniment {
	source_id: string;
	actor_source_id: string;
	stage: AccompanimentStage;
	date_accueil: string;
	date_diagnostic: string | null;
	date_plan: string | null;
	date_ingenierie: string | null;
	date_suivi: string | null;
	date_fin: string | null;
	ingenierie_type: 'individuelle' | 'collective' | null;
	themes: string[];
	prestataire_source_id: string | null;
	budget_eur: number | null;
	jours: number | null;
	emplois_cdi: number | null;
	emplois_cdd: number | null;
	emplois_consolides: number | null;
	next_followup: string | null;
	notes: string | null;
}

export interface DemoContactLog {
	source_id: string;
	actor_source_id: string;
	date: string;
	type: 'visite' | 'appel' | 'courriel' | 'reunion' | 'evenement';
	who: string | null;
	note: string | null;
}

export interface DemoData {
	actors: DemoActor[];
	accompaniments: DemoAccompaniment[];
	contactLogs: DemoContactLog[];
}

/** Départements whose associations are under droit local (registered at the tribunal). */
const DROIT_LOCAL = new Set(['57', '67', '68']);
const DAY = 86_400_000;

// Legal forms of ESS establishments; under droit local most associations are CJ 9260.
function legalForms(droitLocal: boolean): [string, number][] {
	return [
		[droitLocal ? '9260' : '9220', 70],
		[droitLocal ? '9220' : '9230', 5],
		['9221', 3],
		['9222', 1],
		['9223', 1],
		['9300', 2],
		['5458', 3],
		['5460', 2],
		['5560', 1],
		[droitLocal ? '5195' : '5459', 2],
		['8210', 2],
		['6316', 1]
	];
}

// Activities (NAF) of associations by frequency, with the words their names use.
const ASSOCIATION_ACTIVITIES: [string, number, string[]][] = [
	['94.99Z', 24, ['Amicale de {c}', 'Foyer rural de {c}', 'Comité des fêtes de {c}', 'Association des habitants de {c}', 'Les Amis de {c}']],
	['93.12Z', 14, ['Association sportive de {c}', 'Football club de {c}', 'Tennis club de {c}', 'Gymnastique volontaire de {c}', 'Judo club de {c}']],
	['93.29Z', 6, ['Club de l’amitié de {c}', 'Loisirs et culture de {c}', 'Club des aînés de {c}']],
	['88.99B', 8, ['Entraide {c}', 'Solidarité {c}', 'Épicerie solidaire de {c}', 'Secours et partage de {c}']],
	['88.10A', 4, ['Aide à domicile de {c}', 'Service d’aide aux personnes de {c}']],
	['88.91A', 4, ['Crèche associative de {c}', 'Les P’tits Loups de {c}', 'Périscolaire de {c}']],
	['87.30A', 2, ['Foyer d’accueil de {c}', 'Résidence associative de {c}']],
	['90.01Z', 6, ['Harmonie municipale de {c}', 'Théâtre de {c}', 'Chorale de {c}', 'Compagnie des Tréteaux de {c}']],
	['91.02Z', 2, ['Les Amis du patrimoine de {c}', 'Musée associatif de {c}']],
	['85.59A', 4, ['Formation et insertion de {c}', 'Université populaire de {c}']],
	['85.59B', 2, ['Ateliers pédagogiques de {c}']],
	['94.91Z', 2, ['Conseil de fabrique de {c}', 'Communauté de paroisses de {c}']],
	['81.30Z', 2, ['Chantier d’insertion Nature de {c}', 'Espaces verts solidaires de {c}']],
	['38.11Z', 1, ['Ressourcerie de {c}']],
	['78.30Z', 1, ['Association intermédiaire de {c}']],
	['01.13Z', 1, ['Jardins de cocagne de {c}']],
	['56.10A', 1, ['Restaurant solidaire de {c}']],
	['55.20Z', 1, ['Gîte associatif de {c}']],
	['86.90D', 1, ['Santé pour tous {c}']]
];

const COOPERATIVE_ACTIVITIES: [string, number, string[]][] = [
	['43.99C', 3, ['SCOP Bâtir {c}', 'Coopérative du bâtiment de {c}']],
	['62.01Z', 2, ['Coop Numérique {c}', 'SCOP Logiciels libres {c}']],
	['71.12B', 1, ['Bureau d’études coopératif {c}']],
	['47.11F', 2, ['Coopérative de consommateurs de {c}', 'Épicerie coopérative de {c}']],
	['01.61Z', 2, ['CUMA de {c}']],
	['56.10A', 1, ['Café coopératif de {c}']],
	['69.20Z', 1, ['Coopérative d’activité et d’emploi {c}']]
];

const SIZE_BANDS: [string, number][] = [
	['NN', 34], ['00', 14], ['01', 18], ['02', 12], ['03', 9], ['11', 6], ['12', 4], ['21', 1.5], ['22', 0.8], ['31', 0.2], ['32', 0.2]
];

const THEMES = [
	'Projet & stratégie',
	'Modèle socio-économique & gestion financière',
	'Consolidation des emplois',
	'Gouvernance & organisation interne',
	'Développer ses partenariats',
	'Numérique',
	'Transition écologique'
];

const INSTITUTIONS = (dep: DemoInput['departement']): [string, string | null, string][] => [
	['DREETS Grand Est', 'DREETS', 'Service de l’État, financeur du DLA'],
	[`DDETS ${deNom(dep.nom, dep.typeLiaison)}`, 'DDETS', 'Service de l’État, comité d’appui'],
	['Banque des Territoires', null, 'Financeur du DLA'],
	['Région Grand Est', null, 'Financeur, comité d’appui'],
	[`Département ${deNom(dep.nom, dep.typeLiaison)}`, null, 'Comité d’appui'],
	['Fonds social européen – Grand Est', 'FSE', 'Cofinanceur'],
	['CRESS Grand Est', 'CRESS', 'DLA régional, réseau de l’ESS'],
	['Le Mouvement associatif Grand Est', null, 'Réseau associatif'],
	['France Active Lorraine', null, 'Financement solidaire'],
	['URSCOP Grand Est', 'URSCOP', 'Réseau des SCOP et SCIC'],
	['France Travail', null, 'Emploi'],
	['Caisse d’allocations familiales', 'CAF', 'Financeur de l’action sociale'],
	['Ligue de l’enseignement', null, 'Fédération d’éducation populaire'],
	['Fondation de France Grand Est', null, 'Fondation'],
	['Crédit Coopératif', null, 'Banque de l’ESS']
];

const PRESTATAIRES = [
	'Cabinet Horizon Conseil', 'Coop’Études Lorraine', 'Atelier des Possibles', 'Kairos Accompagnement', 'Trajectoires Solidaires',
	'Cap Gouvernance', 'Numérique en Commun Conseil', 'Éco-Transition Conseil', 'Ressources & Territoires', 'Alter Gestion',
	'Collectif Ouvrage', 'Les Passeurs de projets', 'Finances Solidaires Conseil', 'Pluriel Formation', 'Synergies Associatives',
	'Terre de Liens Conseil', 'Cabinet Ancrage', 'Regards Croisés', 'Agence Parcours', 'Élan Stratégie',
	'Boussole RH', 'Open Asso', 'Coop’Éval', 'Tisser Conseil', 'Nord-Est Médiation'
];

const INITIATIVE_TYPES: [string, string][] = [
	['tiers-lieu', 'Tiers-lieu {c}'],
	['ptce', 'Pôle territorial de coopération économique {e}'],
	['france-services', 'France Services {c}'],
	['alimentation', 'Projet alimentaire territorial {e}'],
	['reemploi', 'Repair café {c}'],
	['festival', 'Festival solidaire de {c}'],
	['jardin', 'Jardin partagé de {c}'],
	['mobilite', 'Garage solidaire de {c}']
];

const FIRST_NAMES = ['Camille', 'Julien', 'Sophie', 'Thomas', 'Nadia', 'Karim', 'Claire', 'Nicolas', 'Élodie', 'Mathieu', 'Inès', 'Pierre', 'Laura', 'Yannick', 'Sarah', 'Hugo', 'Léa', 'Marc', 'Amandine', 'Olivier'];
const LAST_NAMES = ['Martin', 'Muller', 'Schmitt', 'Klein', 'Weber', 'Becker', 'Dubois', 'Meyer', 'Hoffmann', 'Lambert', 'Girard', 'Wagner', 'Roux', 'Fontaine', 'Schneider', 'Bernard', 'Fischer', 'Petit', 'Laurent', 'Richard'];
const STREETS = ['rue de la Gare', 'rue Principale', 'rue de l’Église', 'place de la Mairie', 'rue des Écoles', 'grand-rue', 'rue du Moulin', 'rue des Jardins', 'avenue de la République', 'rue Saint-Martin'];

/** Cumulative weights for fast weighted picks over many communes. */
function cumulative(weights: number[]): number[] {
	const out: number[] = [];
	let sum = 0;
	for (const w of weights) out.push((sum += w));
	return out;
}
function pickIndex(cum: number[], r: number): number {
	const target = r * cum[cum.length - 1];
	let lo = 0;
	let hi = cum.length - 1;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (cum[mid] > target) hi = mid;
		else lo = mid + 1;
	}
	return lo;
}

export function generateDemo(input: DemoInput, seed: number): DemoData {
	const rng = new Random(seed);
	const today = input.today;
	const communes = input.communes.filter((c) => c.geometry);
	if (!communes.length) throw new Error('démo : aucune commune avec géométrie');
	const epciName = new Map(input.epcis.map((e) => [e.code, e.nom]));
	const boxes = communes.map((c) => bbox(c.geometry));
	const droitLocal = DROIT_LOCAL.has(input.departement.code);
	const usedSirens = new Set<string>();

	function newSiren(): string {
		for (;;) {
			const prefix = rng.pick(['7', '8', '4', '3', '5']) + String(rng.int(0, 9_999_999)).padStart(7, '0');
			const siren = prefix + luhnCheckDigit(prefix);
			if (!usedSirens.has(siren)) {
				usedSirens.add(siren);
				return siren;
			}
		}
	}
	function siretOf(siren: string): string {
		const nic = String(rng.int(1, 99)).padStart(4, '0');
		return siren + nic + luhnCheckDigit(siren + nic);
	}
	function pointIn(index: number): [number, number] {
		const c = communes[index];
		const [w, s, e, n] = boxes[index];
		for (let i = 0; i < 40; i++) {
			const p: [number, number] = [w + rng.next() * (e - w), s + rng.next() * (n - s)];
			if (booleanPointInPolygon(p, c.geometry)) return [Math.round(p[0] * 1e5) / 1e5, Math.round(p[1] * 1e5) / 1e5];
		}
		return pointOnFeature(c.geometry).geometry.coordinates as [number, number];
	}
	function address(c: DemoCommune) {
		return { adresse: `${rng.int(1, 80)} ${rng.pick(STREETS)}`, code_postal: c.codes_postaux[0] ?? null };
	}
	function person(domain: string): DemoContact {
		const first = rng.pick(FIRST_NAMES);
		const last = rng.pick(LAST_NAMES);
		const slug = `${first}.${last}`.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
		return {
			nom: `${first} ${last}`,
			role: rng.pick(['Président·e', 'Directeur·rice', 'Coordinateur·rice', 'Trésorier·e', 'Chargé·e de mission']),
			email: `${slug}@${domain}.example.org`,
			// 03 53 48 xx xx is a range ARCEP reserves for fiction.
			telephone: `03 53 48 ${String(rng.int(0, 99)).padStart(2, '0')} ${String(rng.int(0, 99)).padStart(2, '0')}`,
			base_legale: 'Intérêt légitime (démonstration : personne fictive)'
		};
	}

	// ESS structures: population-weighted, with a rural floor so that villages have some too.
	const structureCount = input.counts?.structures ?? 2500;
	const cum = cumulative(communes.map((c) => c.population + 250));
	const actors: DemoActor[] = [];
	const forms = legalForms(droitLocal);
	for (let i = 0; i < structureCount; i++) {
		const index = pickIndex(cum, rng.next());
		const c = communes[index];
		const cj = rng.weighted(forms);
		const coop = /^5|^63/.test(cj);
		const mutuelle = cj.startsWith('82');
		const [naf, , names] = mutuelle
			? (['65.12Z', 1, ['Mutuelle de {c}']] as [string, number, string[]])
			: cj === '9300'
				? (['88.99B', 1, ['Fondation {c} Solidarité']] as [string, number, string[]])
				: rng.weighted((coop ? COOPERATIVE_ACTIVITIES : ASSOCIATION_ACTIVITIES).map((a) => [a, a[1]] as const));
		const tranche = rng.weighted(cj === '9221' || cj === '9222' ? SIZE_BANDS.filter(([b]) => b >= '02') : SIZE_BANDS);
		const siren = newSiren();
		const precise = rng.chance(0.9);
		const point = precise ? pointIn(index) : null;
		actors.push({
			source_id: `demo-s-${String(i + 1).padStart(4, '0')}`,
			kind: 'structure_ess',
			nom: rng.pick(names).replace('{c}', c.nom),
			sigle: null,
			siren,
			siret: siretOf(siren),
			rna: null,
			categorie_juridique: cj,
			naf,
			tranche_effectifs: tranche,
			employeur: tranche !== 'NN' && tranche !== '00',
			ess: true,
			date_creation: rng.date(new Date(1950, 0, 1), new Date(today.getTime() - 365 * DAY)),
			...address(c),
			commune_code: c.code,
			lon: point?.[0] ?? null,
			lat: point?.[1] ?? null,
			precision: point ? 'adresse' : null,
			tags: [],
			notes: null,
			contacts: rng.chance(0.3) ? [person('asso')] : []
		});
	}

	// Partners (real institutions, fictitious people) sit in the most populated commune.
	const biggest = communes.reduce((best, c, i) => (c.population > communes[best].population ? i : best), 0);
	const partners: DemoActor[] = [];
	INSTITUTIONS(input.departement).forEach(([nom, sigle, note], i) => {
		const point = pointIn(biggest);
		partners.push({
			source_id: `demo-p-${String(i + 1).padStart(2, '0')}`,
			kind: 'partenaire', nom, sigle, siren: null, siret: null, rna: null, categorie_juridique: null, naf: null,
			tranche_effectifs: null, employeur: null, ess: null, date_creation: null, ...address(communes[biggest]),
			commune_code: communes[biggest].code, lon: point[0], lat: point[1], precision: 'adresse',
			tags: ['institution'], notes: note, contacts: [person('partenaire')]
		});
	});
	const bigCum = cumulative(communes.map((c) => Math.pow(c.population, 1.3)));
	PRESTATAIRES.forEach((nom, i) => {
		const index = pickIndex(bigCum, rng.next());
		const point = pointIn(index);
		partners.push({
			source_id: `demo-p-${String(100 + i + 1)}`,
			kind: 'partenaire', nom, sigle: null, siren: null, siret: null, rna: null, categorie_juridique: null, naf: '70.22Z',
			tranche_effectifs: rng.pick(['01', '02', '03']), employeur: true, ess: null, date_creation: null, ...address(communes[index]),
			commune_code: communes[index].code, lon: point[0], lat: point[1], precision: 'adresse',
			tags: ['prestataire'], notes: 'Prestataire fictif (démonstration)', contacts: [person('conseil')]
		});
	});
	const prestataires = partners.filter((p) => p.tags.includes('prestataire'));

	// Initiatives of other actors.
	const initiativeCount = input.counts?.initiatives ?? 60;
	for (let i = 0; i < initiativeCount; i++) {
		const index = pickIndex(cum, rng.next());
		const c = communes[index];
		const [type, template] = rng.pick(INITIATIVE_TYPES);
		const point = pointIn(index);
		actors.push({
			source_id: `demo-i-${String(i + 1).padStart(3, '0')}`,
			kind: 'initiative',
			nom: template.replace('{c}', c.nom).replace('{e}', epciName.get(c.epci_code ?? '') ?? c.nom),
			sigle: null, siren: null, siret: null, rna: null, categorie_juridique: null, naf: null, tranche_effectifs: null,
			employeur: null, ess: null, date_creation: rng.date(new Date(today.getTime() - 8 * 365 * DAY), today),
			...address(c), commune_code: c.code, lon: point[0], lat: point[1], precision: 'adresse',
			tags: [type], notes: null, contacts: []
		});
	}

	// Accompaniments over seven years: mostly employers, mostly in the focus zones.
	const zoneOf = new Map(communes.map((c) => [c.code, c.zone_code]));
	const structures = actors.filter((a) => a.kind === 'structure_ess');
	const focus = new Set(input.focusZones);
	const weightOf = (a: DemoActor) => (focus.has(zoneOf.get(a.commune_code) ?? '') ? 12 : 1) * (a.employeur ? 5 : 1);
	const structCum = cumulative(structures.map(weightOf));
	const accompaniedIds = new Set<string>();
	const accompaniments: DemoAccompaniment[] = [];
	const accompanimentCount = Math.min(input.counts?.accompaniments ?? 450, structures.length);
	const start = new Date(today.getTime() - 7 * 365 * DAY);
	while (accompaniments.length < accompanimentCount) {
		const actor = structures[pickIndex(structCum, rng.next())];
		if (accompaniedIds.has(actor.source_id)) continue;
		accompaniedIds.add(actor.source_id);
		accompaniments.push(accompanimentFor(rng, actor, accompaniments.length + 1, start, today, prestataires));
	}

	// Contact log: around each accompaniment, plus prospecting contacts in the focus zones.
	const contactLogs: DemoContactLog[] = [];
	const who = 'Chargé·e de mission DLA';
	for (const ac of accompaniments) {
		for (const [day, type, note] of [
			[ac.date_accueil, 'appel', 'Premier contact'],
			[ac.date_diagnostic, 'visite', 'Entretiens du diagnostic partagé'],
			[ac.date_suivi, 'reunion', 'Point de suivi']
		] as const) {
			if (day) contactLogs.push({ source_id: `demo-l-${String(contactLogs.length + 1).padStart(5, '0')}`, actor_source_id: ac.actor_source_id, date: day, type, who, note });
		}
	}
	for (let i = 0; i < 300; i++) {
		const actor = structures[pickIndex(structCum, rng.next())];
		contactLogs.push({
			source_id: `demo-l-${String(contactLogs.length + 1).padStart(5, '0')}`,
			actor_source_id: actor.source_id,
			date: rng.date(new Date(today.getTime() - 3 * 365 * DAY), today),
			type: rng.pick(['visite', 'appel', 'courriel', 'evenement'] as const),
			who,
			note: 'Prospection'
		});
	}
	return { actors: [...actors, ...partners], accompaniments, contactLogs };
}

const FINAL_STAGES: [AccompanimentStage, number][] = [
	['suivi', 42], ['ingenierie', 12], ['plan', 5], ['diagnostic', 9], ['accueil', 6], ['oriente', 13], ['abandon', 8], ['non_eligible', 5]
];

function accompanimentFor(rng: Random, actor: DemoActor, n: number, start: Date, today: Date, prestataires: DemoActor[]): DemoAccompaniment {
	const target = rng.weighted(FINAL_STAGES);
	const accueil = new Date(start.getTime() + rng.next() * (today.getTime() - start.getTime() - 20 * DAY));
	const iso = (d: Date) => d.toISOString().slice(0, 10);
	const dates: Partial<Record<'diagnostic' | 'plan' | 'ingenierie' | 'suivi', string>> = {};
	let reached: AccompanimentStage = 'accueil';
	let cursor = accueil;
	const path = target === 'oriente' || target === 'non_eligible' ? [] : target === 'abandon' ? ['diagnostic'] : ['diagnostic', 'plan', 'ingenierie', 'suivi'];
	for (const stage of path as ('diagnostic' | 'plan' | 'ingenierie' | 'suivi')[]) {
		const next = new Date(cursor.getTime() + rng.int(15, stage === 'suivi' ? 240 : 60) * DAY);
		// A stage not yet reached by today leaves the parcours in progress.
		if (next > today) break;
		dates[stage] = iso(next);
		reached = stage;
		cursor = next;
		if (stage === target) break;
	}
	const ended = target === 'oriente' || target === 'abandon' || target === 'non_eligible';
	const endDate = ended ? new Date(Math.min(today.getTime(), cursor.getTime() + rng.int(7, 45) * DAY)) : null;
	const stage: AccompanimentStage = ended ? target : reached;
	const engineering = dates.ingenierie !== undefined;
	const collective = engineering && rng.chance(0.2);
	const jobs = actor.employeur ? rng.int(1, 12) : 0;
	const followup = dates.suivi ? new Date(new Date(dates.suivi).getTime() + rng.pick([180, 365, 730]) * DAY) : null;
	return {
		source_id: `demo-a-${String(n).padStart(4, '0')}`,
		actor_source_id: actor.source_id,
		stage,
		date_accueil: iso(accueil),
		date_diagnostic: dates.diagnostic ?? null,
		date_plan: dates.plan ?? null,
		date_ingenierie: dates.ingenierie ?? null,
		date_suivi: dates.suivi ?? null,
		date_fin: endDate ? iso(endDate) : null,
		ingenierie_type: engineering ? (collective ? 'collective' : 'individuelle') : null,
		themes: engineering || dates.plan ? [...new Set([rng.pick(THEMES), rng.pick(THEMES)])] : [],
		prestataire_source_id: engineering ? rng.pick(prestataires).source_id : null,
		budget_eur: engineering ? rng.int(collective ? 15 : 20, collective ? 60 : 150) * 100 : null,
		jours: engineering ? rng.int(2, 12) : null,
		emplois_cdi: jobs ? Math.round(jobs * 0.7) : 0,
		emplois_cdd: jobs ? jobs - Math.round(jobs * 0.7) : 0,
		emplois_consolides: dates.suivi ? rng.int(0, jobs) : null,
		next_followup: followup && followup > today ? iso(followup) : null,
		notes: null
	};
}
