// Every figure of the gap screen links to the structures behind it: the explorer with the same
// territory, sector and period as filters, its list open and the territory selected.
import { formatActorFilter } from '../../schemas/actor-filter';

export type GapLinkLevel = 'commune' | 'epci' | 'zone' | 'arrondissement';
/** Which structures of the cell: all of them, those accompanied in the period, or the others. */
export type GapLinkSubset = 'structures' | 'accompanied' | 'not_accompanied';

export interface GapCell {
	level: GapLinkLevel;
	code: string;
	/** A sector code; '' or null for all sectors (structures without a sector cannot be filtered). */
	sector?: string | null;
	from: number;
	to: number;
}

export function explorerLink(cell: GapCell, subset: GapLinkSubset): string {
	const params = formatActorFilter({
		kind: ['structure_ess'],
		[cell.level]: [cell.code],
		secteur: cell.sector ? [cell.sector] : [],
		...(subset === 'structures' ? {} : { de: cell.from, a: cell.to }),
		...(subset === 'not_accompanied' ? { periode: 'sans' as const } : {})
	});
	// The explorer's map selection (`t`) is not defined for arrondissements.
	if (cell.level !== 'arrondissement') params.set('t', `${cell.level}:${cell.code}`);
	params.set('liste', '1');
	return `/?${params}`;
}
