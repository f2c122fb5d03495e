// The kinds of ESS establishments the demo draws from: legal form (INSEE catégorie juridique),
// typical activities (NAF rév. 2) with the names such structures carry, their usual size and how
// often the DLA meets them. Weights are rough orders of magnitude from domain.md (Moselle: mostly
// associations de droit local; 2011 ingénieries: culture, insertion, enfance, services à la
// personne first), not statistics.

/** Usual headcount of an activity, as weights of SIRENE size bands. */
export type SizeProfile = 'benevole' | 'service' | 'insertion' | 'etablissement' | 'entreprise';

export const SIZE_BANDS: Record<SizeProfile, readonly (readonly [string, number])[]> = {
	// Clubs, comités des fêtes: mostly volunteers.
	benevole: [
		['NN', 70],
		['00', 10],
		['01', 12],
		['02', 5],
		['03', 2],
		['11', 1]
	],
	// Crèches, aide à domicile, centres sociaux: small teams, a few large ones.
	service: [
		['NN', 8],
		['00', 8],
		['01', 20],
		['02', 22],
		['03', 18],
		['11', 13],
		['12', 8],
		['21', 2],
		['22', 1]
	],
	// SIAE: permanent staff plus people in insertion jobs.
	insertion: [
		['01', 5],
		['02', 15],
		['03', 22],
		['11', 30],
		['12', 22],
		['21', 5],
		['22', 1]
	],
	// Foyers, EHPAD, ESAT: the large employers of the ESS.
	etablissement: [
		['02', 5],
		['03', 10],
		['11', 20],
		['12', 33],
		['21', 18],
		['22', 10],
		['31', 2],
		['32', 2]
	],
	entreprise: [
		['NN', 5],
		['00', 5],
		['01', 25],
		['02', 25],
		['03', 18],
		['11', 14],
		['12', 7],
		['21', 1]
	]
};

export interface Activity {
	naf: string;
	weight: number;
	/** `{de}` → « de Metz » / « d’Amnéville » / « du Ban-Saint-Martin », `{c}` → the commune; `|MJC` adds a sigle. */
	names: readonly string[];
	size: SizeProfile;
	/** How readily the DLA accompanies such a structure (1 = average). */
	dla: number;
	tags?: readonly string[];
	/** Legal units that often run several establishments (antennes, sites). */
	network?: boolean;
}

export interface LegalProfile {
	categorie_juridique: string;
	/** Weight in a département under droit local (Alsace-Moselle), then elsewhere. */
	weight: { droitLocal: number; general: number };
	/** Mean age in years (exponential): old mutuelles and caisses, young associations. */
	meanAgeYears: number;
	activities: readonly Activity[];
}

const ASSOCIATION_ACTIVITIES: readonly Activity[] = [
	{
		naf: '94.99Z',
		weight: 18,
		size: 'benevole',
		dla: 0.5,
		names: [
			'Foyer rural {de}',
			'Comité des fêtes {de}',
			'Association des habitants {de}',
			'Les Amis {de}',
			'Amicale des sapeurs-pompiers {de}',
			'Association culturelle et de loisirs {de}',
			'Jardins familiaux {de}',
			'Société d’arboriculture {de}'
		]
	},
	{
		naf: '94.99Z',
		weight: 3,
		size: 'service',
		dla: 1.5,
		names: ['Maison des jeunes et de la culture {de}|MJC', 'Centre socioculturel {de}', 'Foyer des jeunes {de}']
	},
	{
		naf: '93.12Z',
		weight: 14,
		size: 'benevole',
		dla: 0.4,
		names: [
			'Association sportive {de}',
			'Football club {de}',
			'Tennis club {de}',
			'Gymnastique volontaire {de}',
			'Judo club {de}',
			'Union sportive {de}',
			'Handball club {de}'
		]
	},
	{
		naf: '93.29Z',
		weight: 5,
		size: 'benevole',
		dla: 0.3,
		names: ['Club de l’amitié {de}', 'Club des aînés {de}', 'Les Randonneurs {de}', 'Association de pêche {de}']
	},
	{
		naf: '88.99B',
		weight: 7,
		size: 'service',
		dla: 2.5,
		names: ['Épicerie solidaire {de}', 'Secours et partage {de}', 'Centre social {de}', 'Accueil et solidarité {de}', 'Entraide {c}']
	},
	{
		naf: '88.10A',
		weight: 3,
		size: 'service',
		dla: 2,
		network: true,
		names: ['Aide à domicile {de}', 'Association d’aide aux personnes âgées {de}', 'Soins et services {de}']
	},
	{
		naf: '88.91A',
		weight: 4,
		size: 'service',
		dla: 2,
		names: ['Crèche associative {de}', 'Les P’tits Loups {de}', 'Accueil périscolaire {de}', 'Multi-accueil {de}']
	},
	{
		naf: '88.10C',
		weight: 0.8,
		size: 'etablissement',
		dla: 1.5,
		tags: ['esat'],
		names: ['Établissement et service d’aide par le travail {de}|ESAT', 'Ateliers protégés {de}']
	},
	{ naf: '87.30A', weight: 1.5, size: 'etablissement', dla: 1, names: ['Foyer d’accueil {de}', 'Résidence autonomie {de}'] },
	{ naf: '87.20A', weight: 0.8, size: 'etablissement', dla: 1, names: ['Foyer de vie {de}', 'Maison d’accueil spécialisée {de}|MAS'] },
	{
		naf: '90.01Z',
		weight: 5,
		size: 'benevole',
		dla: 2.5,
		names: ['Harmonie {de}', 'Compagnie théâtrale {de}', 'Chorale {de}', 'Les Tréteaux {de}', 'Ensemble vocal {de}']
	},
	{ naf: '90.04Z', weight: 1, size: 'service', dla: 2.5, names: ['Espace culturel {de}', 'Scène associative {de}'] },
	{
		naf: '91.02Z',
		weight: 1.5,
		size: 'benevole',
		dla: 1,
		names: ['Les Amis du patrimoine {de}', 'Musée associatif {de}', 'Mémoire et patrimoine {de}']
	},
	{
		naf: '85.59A',
		weight: 3,
		size: 'service',
		dla: 2,
		names: ['Formation et insertion {de}', 'Université populaire {de}', 'Savoirs pour tous {de}']
	},
	{ naf: '85.59B', weight: 2, size: 'service', dla: 1.5, names: ['Soutien scolaire {de}', 'Ateliers pédagogiques {de}'] },
	{ naf: '55.20Z', weight: 0.8, size: 'service', dla: 1, names: ['Gîte associatif {de}', 'Centre de vacances {de}'] },
	{ naf: '86.90D', weight: 0.7, size: 'service', dla: 1, names: ['Association de soins infirmiers {de}', 'Santé pour tous {c}'] },
	{ naf: '56.10A', weight: 0.5, size: 'service', dla: 2, names: ['Restaurant associatif {de}', 'Café associatif {de}'] }
];

// Structures d'insertion par l'activité économique: ateliers et chantiers, associations intermédiaires.
const SIAE_ACTIVITIES: readonly Activity[] = [
	{
		naf: '88.99B',
		weight: 4,
		size: 'insertion',
		dla: 3,
		tags: ['siae'],
		network: true,
		names: ['Chantier d’insertion {de}', 'Régie de quartier {de}', 'Atelier d’insertion {de}']
	},
	{
		naf: '81.30Z',
		weight: 3,
		size: 'insertion',
		dla: 3,
		tags: ['siae'],
		names: ['Chantier d’insertion Nature et paysages {de}', 'Espaces verts solidaires {de}']
	},
	{
		naf: '38.32Z',
		weight: 1.5,
		size: 'insertion',
		dla: 3,
		tags: ['siae'],
		names: ['Ressourcerie {de}', 'Tri et recyclage solidaires {de}']
	},
	{ naf: '01.13Z', weight: 1, size: 'insertion', dla: 3, tags: ['siae'], names: ['Jardin de cocagne {de}', 'Maraîchage solidaire {de}'] },
	{
		naf: '78.30Z',
		weight: 1.5,
		size: 'insertion',
		dla: 3,
		tags: ['siae'],
		names: ['Association intermédiaire {de}', 'Emploi services {c}']
	},
	{ naf: '56.10A', weight: 0.5, size: 'insertion', dla: 3, tags: ['siae'], names: ['Restaurant d’insertion {de}'] },
	{ naf: '96.01B', weight: 0.5, size: 'insertion', dla: 3, tags: ['siae'], names: ['Blanchisserie solidaire {de}'] }
];

const COOPERATIVE_ACTIVITIES: readonly Activity[] = [
	{
		naf: '43.99C',
		weight: 3,
		size: 'entreprise',
		dla: 1.2,
		tags: ['scop'],
		names: ['SCOP Bâtir {c}', 'Les Compagnons bâtisseurs {de}', 'Maçonnerie coopérative {de}']
	},
	{ naf: '43.21A', weight: 1.5, size: 'entreprise', dla: 1.2, tags: ['scop'], names: ['SCOP Électricité {c}', 'Coop’Élec {c}'] },
	{ naf: '62.01Z', weight: 1.5, size: 'entreprise', dla: 1.2, tags: ['scop'], names: ['SCOP Logiciels {c}', 'Coop Numérique {c}'] },
	{ naf: '71.12B', weight: 1, size: 'entreprise', dla: 1, tags: ['scop'], names: ['Bureau d’études coopératif {de}'] },
	{ naf: '18.12Z', weight: 0.8, size: 'entreprise', dla: 1, tags: ['scop'], names: ['Imprimerie coopérative {de}'] },
	{ naf: '56.10A', weight: 0.8, size: 'entreprise', dla: 1.5, tags: ['scop'], names: ['SCOP Le Comptoir {de}', 'Café coopératif {de}'] },
	{ naf: '70.22Z', weight: 0.8, size: 'entreprise', dla: 1.5, tags: ['cae'], names: ['Coopérative d’activité et d’emploi {c}|CAE'] }
];

const CONSUMER_COOPERATIVES: readonly Activity[] = [
	{ naf: '47.11F', weight: 2, size: 'entreprise', dla: 1.5, names: ['Épicerie coopérative {de}', 'Coopérative de consommateurs {de}'] },
	{ naf: '35.11Z', weight: 1, size: 'entreprise', dla: 1.5, names: ['Énergies citoyennes {c}', 'Centrale villageoise {de}'] }
];

// Associations coopératives inscrites (droit local): caisses de crédit, coopératives agricoles.
const DROIT_LOCAL_COOPERATIVES: readonly Activity[] = [
	{ naf: '64.19Z', weight: 3, size: 'entreprise', dla: 0.1, names: ['Caisse coopérative de crédit {de}'] },
	{ naf: '46.21Z', weight: 1, size: 'entreprise', dla: 0.3, names: ['Coopérative agricole {de}'] },
	{ naf: '68.20B', weight: 0.5, size: 'entreprise', dla: 1, names: ['Coopérative d’habitants {de}'] }
];

const SCIC_ACTIVITIES: readonly Activity[] = [
	{ naf: '35.11Z', weight: 1, size: 'entreprise', dla: 2, tags: ['scic'], names: ['SCIC Énergies partagées {c}'] },
	{ naf: '47.21Z', weight: 1, size: 'entreprise', dla: 2, tags: ['scic'], names: ['SCIC Épicerie paysanne {c}'] },
	{ naf: '68.20B', weight: 1, size: 'entreprise', dla: 2, tags: ['scic', 'tiers-lieu'], names: ['SCIC La Fabrique {de}'] }
];

export const LEGAL_PROFILES: readonly LegalProfile[] = [
	{ categorie_juridique: '9260', weight: { droitLocal: 72, general: 0 }, meanAgeYears: 22, activities: ASSOCIATION_ACTIVITIES },
	{ categorie_juridique: '9220', weight: { droitLocal: 4, general: 76 }, meanAgeYears: 18, activities: ASSOCIATION_ACTIVITIES },
	{ categorie_juridique: '9221', weight: { droitLocal: 3.5, general: 3.5 }, meanAgeYears: 15, activities: SIAE_ACTIVITIES },
	{
		categorie_juridique: '9222',
		weight: { droitLocal: 0.8, general: 0.8 },
		meanAgeYears: 20,
		activities: [
			{
				naf: '78.30Z',
				weight: 1,
				size: 'insertion',
				dla: 3,
				tags: ['siae'],
				names: ['Association intermédiaire {de}', 'Trait d’union emploi {c}']
			}
		]
	},
	{
		categorie_juridique: '9223',
		weight: { droitLocal: 0.6, general: 0.6 },
		meanAgeYears: 12,
		activities: [
			{ naf: '78.30Z', weight: 1, size: 'service', dla: 2, names: ['Groupement d’employeurs {de}|GE', 'GE Sport et animation {c}'] }
		]
	},
	{
		categorie_juridique: '9230',
		weight: { droitLocal: 0.7, general: 1.2 },
		meanAgeYears: 45,
		activities: [
			{ naf: '88.99B', weight: 1, size: 'service', dla: 1, network: true, names: ['Œuvre d’entraide {de}', 'Association familiale {de}'] },
			{ naf: '87.30A', weight: 1, size: 'etablissement', dla: 0.8, names: ['Maison de retraite {de}'] }
		]
	},
	{
		categorie_juridique: '9300',
		weight: { droitLocal: 1.5, general: 1.5 },
		meanAgeYears: 35,
		activities: [
			{
				naf: '87.10A',
				weight: 2,
				size: 'etablissement',
				dla: 0.5,
				network: true,
				names: ['Fondation pour l’hébergement des aînés {de}', 'Fondation Les Tilleuls {de}']
			},
			{
				naf: '88.99B',
				weight: 1,
				size: 'service',
				dla: 0.8,
				network: true,
				names: ['Fondation {c} Solidarité', 'Fondation pour l’enfance {de}']
			},
			{ naf: '86.10Z', weight: 0.5, size: 'etablissement', dla: 0.3, names: ['Fondation hospitalière {de}'] }
		]
	},
	{ categorie_juridique: '5458', weight: { droitLocal: 2.2, general: 2.5 }, meanAgeYears: 14, activities: COOPERATIVE_ACTIVITIES },
	{ categorie_juridique: '5460', weight: { droitLocal: 1, general: 1.5 }, meanAgeYears: 12, activities: CONSUMER_COOPERATIVES },
	{ categorie_juridique: '5560', weight: { droitLocal: 0.4, general: 0.5 }, meanAgeYears: 20, activities: CONSUMER_COOPERATIVES },
	{ categorie_juridique: '5195', weight: { droitLocal: 2, general: 0 }, meanAgeYears: 60, activities: DROIT_LOCAL_COOPERATIVES },
	{ categorie_juridique: '5710', weight: { droitLocal: 0.4, general: 0.5 }, meanAgeYears: 6, activities: SCIC_ACTIVITIES },
	{
		categorie_juridique: '8210',
		weight: { droitLocal: 1.3, general: 1.3 },
		meanAgeYears: 45,
		activities: [
			{
				naf: '65.12Z',
				weight: 2,
				size: 'entreprise',
				dla: 0.2,
				network: true,
				names: ['Mutuelle familiale {de}', 'Mutuelle des travailleurs {de}']
			},
			{ naf: '86.23Z', weight: 1, size: 'service', dla: 0.5, names: ['Centre de santé mutualiste {de}'] }
		]
	},
	{
		categorie_juridique: '6316',
		weight: { droitLocal: 1, general: 1.2 },
		meanAgeYears: 30,
		activities: [{ naf: '01.61Z', weight: 1, size: 'benevole', dla: 0.2, names: ['CUMA {de}'] }]
	}
];

/** Départements whose associations are under droit local (Bas-Rhin, Haut-Rhin, Moselle). */
export const DROIT_LOCAL_DEPARTEMENTS: ReadonlySet<string> = new Set(['57', '67', '68']);

/** The parcours themes of domain.md §1. */
export const THEMES = [
	'Projet & stratégie',
	'Modèle socio-économique & gestion financière',
	'Consolidation des emplois',
	'Gouvernance & organisation interne',
	'Développer ses partenariats',
	'Numérique',
	'Transition écologique'
] as const;

/** How often each theme comes up (employment and the economic model first). */
export const THEME_WEIGHTS: readonly (readonly [string, number])[] = [
	['Projet & stratégie', 18],
	['Modèle socio-économique & gestion financière', 24],
	['Consolidation des emplois', 20],
	['Gouvernance & organisation interne', 14],
	['Développer ses partenariats', 10],
	['Numérique', 8],
	['Transition écologique', 6]
];
