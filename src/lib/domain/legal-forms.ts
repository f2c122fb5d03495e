// INSEE catégories juridiques that matter to the DLA (domain.md §2): label, legal family and
// whether the family belongs to the ESS.
export const LEGAL_FAMILIES = ['association', 'cooperative', 'mutuelle', 'fondation', 'collectivite', 'autre'] as const;
export type LegalFamily = (typeof LEGAL_FAMILIES)[number];

export const LEGAL_FAMILY_LABELS: Record<LegalFamily, string> = {
	association: 'Association',
	cooperative: 'Coopérative',
	mutuelle: 'Mutuelle',
	fondation: 'Fondation',
	collectivite: 'Collectivité',
	autre: 'Autre forme'
};

const LABELS: Record<string, string> = {
	'9210': 'Association non déclarée',
	'9220': 'Association déclarée',
	'9221': 'Association déclarée d’insertion par l’économique',
	'9222': 'Association intermédiaire',
	'9223': 'Groupement d’employeurs',
	'9230': 'Association reconnue d’utilité publique',
	'9240': 'Congrégation',
	'9260': 'Association de droit local (Bas-Rhin, Haut-Rhin, Moselle)',
	'9300': 'Fondation',
	'8210': 'Mutuelle',
	'8250': 'Assurance mutuelle agricole',
	'8290': 'Autre organisme mutualiste',
	'6411': 'Société d’assurance mutuelle',
	'5458': 'SCOP (SARL)',
	'5558': 'SCOP (SA à conseil d’administration)',
	'5658': 'SCOP (SA à directoire)',
	'5195': 'Association coopérative inscrite (droit local)',
	'6316': 'CUMA',
	'7210': 'Commune',
	'7220': 'Département',
	'7230': 'Région',
	'7344': 'Métropole',
	'7346': 'Communauté de communes',
	'7348': 'Communauté d’agglomération',
	'7357': 'Pôle d’équilibre territorial et rural (PETR)',
	'7361': 'Centre communal d’action sociale (CCAS)',
	'7367': 'Centre intercommunal d’action sociale (CIAS)'
};

// Coopératives (domain.md §2): SCOP, unions, other coop SARL/SA, agricultural coops…
const COOPERATIVES = new Set([
	'5458', '5558', '5658', '5459', '5559', '5659', '5460', '5560', '5660', '5543', '5643', '5547', '5647',
	'5551', '5552', '5553', '5554', '5555', '5651', '5652', '5653', '5654', '5655',
	'5191', '5192', '5193', '5194', '5195', '5196', '5203', '5307', '5309', '6316', '6317', '6318',
	'6543', '6551', '6554', '6558', '6560', '6595', '6596'
]);
const MUTUELLES = new Set(['8210', '8250', '8290', '6411']);
const COLLECTIVITES = new Set(['7210', '7220', '7230', '7344', '7346', '7348', '7357', '7361', '7367']);

export function legalFamilyOf(code: string | null | undefined): LegalFamily | null {
	if (!code || !/^\d{4}$/.test(code)) return null;
	if (code.startsWith('92')) return 'association';
	if (code === '9300') return 'fondation';
	if (MUTUELLES.has(code)) return 'mutuelle';
	if (COOPERATIVES.has(code)) return 'cooperative';
	if (COLLECTIVITES.has(code)) return 'collectivite';
	return 'autre';
}

/** The legal families of the statistical ESS perimeter. */
export function isEssLegalFamily(code: string | null | undefined): boolean {
	const family = legalFamilyOf(code);
	return family === 'association' || family === 'cooperative' || family === 'mutuelle' || family === 'fondation';
}

export function legalFormLabel(code: string | null | undefined): string | null {
	if (!code) return null;
	return LABELS[code] ?? null;
}
