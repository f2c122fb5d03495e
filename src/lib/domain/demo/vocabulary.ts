// Words of the demo: real institutions (domain.md §1) but fictitious people, consultancies,
// streets and places. Nothing here may identify a real person.
import { deNom } from '../territory/names';

export const FIRST_NAMES = [
	'Camille',
	'Julien',
	'Sophie',
	'Thomas',
	'Nadia',
	'Karim',
	'Claire',
	'Nicolas',
	'Élodie',
	'Mathieu',
	'Inès',
	'Pierre',
	'Laura',
	'Yannick',
	'Sarah',
	'Hugo',
	'Léa',
	'Marc',
	'Amandine',
	'Olivier',
	'Fatima',
	'Kevin',
	'Aurélie',
	'Stéphane',
	'Manon',
	'Florian',
	'Sandrine',
	'Mehdi',
	'Justine',
	'Grégory',
	'Chloé',
	'Damien',
	'Estelle',
	'Rachid',
	'Pauline',
	'Sébastien',
	'Morgane',
	'Antoine',
	'Yasmina',
	'Luc'
];

// Surnames common in Lorraine and Alsace, with common French ones.
export const LAST_NAMES = [
	'Martin',
	'Muller',
	'Schmitt',
	'Klein',
	'Weber',
	'Becker',
	'Dubois',
	'Meyer',
	'Hoffmann',
	'Lambert',
	'Girard',
	'Wagner',
	'Roux',
	'Fontaine',
	'Schneider',
	'Bernard',
	'Fischer',
	'Petit',
	'Laurent',
	'Richard',
	'Thiel',
	'Koch',
	'Jung',
	'Zimmermann',
	'Bauer',
	'Schaeffer',
	'Keller',
	'Braun',
	'Wolff',
	'Hermann',
	'Marchal',
	'Collin',
	'Mathieu',
	'Simon',
	'Leclerc',
	'Gauthier',
	'Henry',
	'Nicolas',
	'Perrin',
	'Jacquot'
];

export const STREET_TYPES = ['rue', 'rue', 'rue', 'rue', 'avenue', 'place', 'chemin', 'allée', 'impasse'] as const;

// Names a street could have anywhere; the addresses they make are fictitious.
export const STREET_NAMES = [
	'de la Gare',
	'Principale',
	'de l’Église',
	'des Écoles',
	'du Moulin',
	'des Jardins',
	'de la République',
	'Saint-Martin',
	'des Tilleuls',
	'des Acacias',
	'du Château',
	'des Vergers',
	'de la Fontaine',
	'des Prés',
	'du Stade',
	'des Roses',
	'de la Forêt',
	'des Mésanges',
	'du Lavoir',
	'des Lilas',
	'des Peupliers',
	'du Presbytère',
	'de la Mairie',
	'des Champs',
	'du Général-Leclerc',
	'Victor-Hugo',
	'Jean-Moulin',
	'Pasteur',
	'des Alliés',
	'de la Paix',
	'de la Libération',
	'des Mineurs'
];

/** To tell apart two structures that would bear the same name in one commune. */
export const DISTINGUISHERS = [
	'Centre',
	'Les Tilleuls',
	'Le Moulin',
	'Les Hauts',
	'La Gare',
	'Bellevue',
	'Les Prés',
	'Val Fleuri',
	'Le Plateau',
	'Les Vergers'
];

export const STRUCTURE_ROLES = ['Président·e', 'Directeur·rice', 'Coordinateur·rice', 'Trésorier·e', 'Secrétaire', 'Gérant·e'];
export const PARTNER_ROLES = [
	'Chargé·e de mission ESS',
	'Référent·e DLA',
	'Responsable vie associative',
	'Conseiller·ère entreprises',
	'Chef·fe de service'
];
export const PRESTATAIRE_ROLES = ['Consultant·e', 'Gérant·e', 'Associé·e', 'Formateur·rice'];

export interface Institution {
	nom: string;
	sigle: string | null;
	note: string;
}

/** The institutions around a DLA: its funders, the comité d'appui, the ESS networks. */
export function institutions(departement: { nom: string; typeLiaison?: number | null }, region: string): Institution[] {
	const deDepartement = deNom(departement.nom, departement.typeLiaison);
	return [
		{ nom: `DREETS ${region}`, sigle: 'DREETS', note: 'Service régional de l’État, financeur du DLA' },
		{ nom: `DDETS ${deDepartement}`, sigle: 'DDETS', note: 'Service départemental de l’État, comité d’appui' },
		{ nom: 'Banque des Territoires', sigle: null, note: 'Caisse des Dépôts, cofinanceur du DLA' },
		{ nom: `Région ${region}`, sigle: null, note: 'Cofinanceur, comité d’appui' },
		{ nom: `Département ${deDepartement}`, sigle: null, note: 'Comité d’appui, action sociale' },
		{ nom: `Fonds social européen – ${region}`, sigle: 'FSE+', note: 'Cofinanceur' },
		{ nom: `CRESS ${region}`, sigle: 'CRESS', note: 'Chambre régionale de l’ESS, porteuse du DLA régional' },
		{ nom: `Le Mouvement associatif ${region}`, sigle: null, note: 'Réseau associatif' },
		{
			nom: region === 'Grand Est' ? 'France Active Lorraine' : `France Active ${region}`,
			sigle: null,
			note: 'Financement solidaire, garanties'
		},
		{ nom: `URSCOP ${region}`, sigle: 'URSCOP', note: 'Union régionale des SCOP et SCIC' },
		{ nom: 'France Travail', sigle: null, note: 'Emploi, contrats aidés' },
		{
			nom: `Caisse d’allocations familiales ${deDepartement}`,
			sigle: 'CAF',
			note: 'Financeur de l’action sociale et de la petite enfance'
		},
		{ nom: 'Ligue de l’enseignement', sigle: null, note: 'Fédération d’éducation populaire' },
		{ nom: `Fondation de France ${region}`, sigle: null, note: 'Appels à projets' },
		{ nom: 'Crédit Coopératif', sigle: null, note: 'Banque de l’ESS' }
	];
}

/** Fictitious consultancies, the DLA's prestataires. */
export const PRESTATAIRES = [
	'Cabinet Horizon Conseil',
	'Coop’Études Est',
	'Atelier des Possibles',
	'Kairos Accompagnement',
	'Trajectoires Solidaires',
	'Cap Gouvernance',
	'Numérique en Commun Conseil',
	'Éco-Transition Conseil',
	'Ressources & Territoires',
	'Alter Gestion',
	'Collectif Ouvrage',
	'Les Passeurs de projets',
	'Finances Solidaires Conseil',
	'Pluriel Formation',
	'Synergies Associatives',
	'Terres Communes Conseil',
	'Cabinet Ancrage',
	'Regards Croisés',
	'Agence Parcours',
	'Élan Stratégie',
	'Boussole RH',
	'Open Asso',
	'Coop’Éval',
	'Tisser Conseil',
	'Nord-Est Médiation'
];

/** Conseil pour les affaires et autres conseils de gestion. */
export const PRESTATAIRE_NAF = '70.22Z';

export interface InitiativeType {
	tag: string;
	/** `{c}` commune, `{de}` « de Metz », `{epci}` the EPCI's name (names are unique, so one per EPCI). */
	template: string;
	weight: number;
	note: string;
}

export const INITIATIVE_TYPES: readonly InitiativeType[] = [
	{ tag: 'tiers-lieu', template: 'Tiers-lieu {de}', weight: 10, note: 'Tiers-lieu : coworking, atelier partagé, café' },
	{ tag: 'france-services', template: 'France Services {de}', weight: 9, note: 'Guichet d’accès aux services publics' },
	{ tag: 'ressourcerie', template: 'Ressourcerie {de}', weight: 6, note: 'Réemploi et vente solidaire' },
	{ tag: 'repair-cafe', template: 'Repair café {de}', weight: 6, note: 'Ateliers de réparation bénévoles' },
	{ tag: 'festival', template: 'Festival solidaire {de}', weight: 6, note: 'Festival porté par des associations locales' },
	{ tag: 'jardin', template: 'Jardin partagé {de}', weight: 6, note: 'Jardin collectif' },
	{ tag: 'mobilite', template: 'Garage solidaire {de}', weight: 3, note: 'Mobilité solidaire' },
	{
		tag: 'ptce',
		template: 'Pôle territorial de coopération économique – {epci}',
		weight: 3,
		note: 'PTCE : coopération entre structures de l’ESS, entreprises et collectivités'
	},
	{ tag: 'pat', template: 'Projet alimentaire territorial – {epci}', weight: 4, note: 'PAT : circuits courts, restauration collective' },
	{ tag: 'fabrique-territoire', template: 'Fabrique de territoire {de}', weight: 3, note: 'Tiers-lieu structurant labellisé' }
];

/** Where an accueil can lead when the DLA is not the right offer. */
export const ORIENTATIONS = [
	'France Active',
	'l’URSCOP',
	'Le Mouvement associatif',
	'la CAF',
	'France Travail',
	'un dispositif régional d’appui',
	'un réseau fédéral'
];
export const NON_ELIGIBILITY_REASONS = [
	'Pas d’enjeu d’emploi à court terme',
	'Besoin relevant d’un financement, pas d’un accompagnement',
	'Structure déjà accompagnée par un autre dispositif'
];
export const ABANDON_REASONS = [
	'Changement de direction',
	'Disponibilité insuffisante des dirigeants',
	'Difficultés financières urgentes',
	'Projet mis en pause par le conseil d’administration'
];
