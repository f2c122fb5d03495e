// The stages of a DLA parcours, in the words of the DLA (domain.md §1).
export const ACTIVE_STAGES = ['accueil', 'diagnostic', 'plan', 'ingenierie', 'suivi'] as const;
export const END_STAGES = ['oriente', 'abandon', 'non_eligible'] as const;
export const STAGES = [...ACTIVE_STAGES, ...END_STAGES] as const;
export type AccompanimentStage = (typeof STAGES)[number];
export type ActiveStage = (typeof ACTIVE_STAGES)[number];
export type EndStage = (typeof END_STAGES)[number];

export function isActiveStage(stage: string): stage is ActiveStage {
	return (ACTIVE_STAGES as readonly string[]).includes(stage);
}

export function isEndStage(stage: string): stage is EndStage {
	return (END_STAGES as readonly string[]).includes(stage);
}

export const STAGE_LABELS: Record<AccompanimentStage, string> = {
	accueil: 'Accueil',
	diagnostic: 'Diagnostic partagé',
	plan: 'Élaboration du parcours',
	ingenierie: 'Ingénierie',
	suivi: 'Suivi / consolidation',
	oriente: 'Orientée vers une autre offre',
	abandon: 'Abandon',
	non_eligible: 'Non éligible'
};

export const ACTOR_KINDS = ['structure_ess', 'collectivite', 'partenaire', 'initiative'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const ACTOR_KIND_LABELS: Record<ActorKind, string> = {
	structure_ess: 'Structure de l’ESS',
	collectivite: 'Collectivité',
	partenaire: 'Partenaire',
	initiative: 'Initiative'
};
