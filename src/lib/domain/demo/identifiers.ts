// Identifiers that look like INSEE's and pass the same checks: SIREN and SIRET with their Luhn
// key, NIC numbered per legal unit, RNA numbers outside droit local. All are drawn at random, so
// some may match real units: the demo flags every record, and none is used to look anything up.
import type { Random } from '../random';
import { LA_POSTE_SIREN, luhnCheckDigit } from '../siret';

// Associations got SIRENs in the 7, 8 and 4 hundred millions; other units spread wider.
const SIREN_FIRST_DIGITS: readonly (readonly [string, number])[] = [
	['7', 3],
	['8', 4],
	['4', 2],
	['5', 1],
	['3', 1]
];

export class IdentifierRegistry {
	readonly #sirens = new Set<string>();
	readonly #nextNic = new Map<string, number>();
	readonly #rnas = new Set<string>();

	/** A Luhn-valid SIREN never handed out before (and never La Poste's). */
	siren(rng: Random): string {
		for (;;) {
			const partial = rng.weighted(SIREN_FIRST_DIGITS) + String(rng.int(0, 9_999_999)).padStart(7, '0');
			const siren = partial + luhnCheckDigit(partial);
			if (siren !== LA_POSTE_SIREN && !this.#sirens.has(siren)) {
				this.#sirens.add(siren);
				return siren;
			}
		}
	}

	/**
	 * The next establishment of a legal unit: NIC = 4-digit sequence + the key that makes the
	 * SIRET Luhn-valid. The head office starts the sequence at a small random number, as units
	 * that moved do.
	 */
	siret(siren: string, rng: Random): string {
		const sequence =
			this.#nextNic.get(siren) ??
			rng.weighted([
				[1, 6],
				[2, 2],
				[3, 1],
				[rng.int(4, 40), 1]
			]);
		this.#nextNic.set(siren, sequence + 1);
		const partial = siren + String(sequence).padStart(4, '0');
		return partial + luhnCheckDigit(partial);
	}

	/** « W » + 3 characters of the greffe (from the département code) + 6 digits. */
	rna(departement: string, rng: Random): string {
		const greffe = (departement + '1').slice(0, 3);
		for (;;) {
			const rna = `W${greffe}${String(rng.int(0, 999_999)).padStart(6, '0')}`;
			if (!this.#rnas.has(rna)) {
				this.#rnas.add(rna);
				return rna;
			}
		}
	}
}
