// SIREN / SIRET identifiers (INSEE). Both carry a Luhn check digit, except the establishments
// of La Poste (SIREN 356000000), whose SIRETs only have a digit sum divisible by 5.

export const LA_POSTE_SIREN = '356000000';

/** Sum of the Luhn-doubled digits of a string of digits. */
function luhnSum(digits: string): number {
	let sum = 0;
	for (let i = 0; i < digits.length; i++) {
		let d = digits.charCodeAt(digits.length - 1 - i) - 48;
		if (i % 2 === 1) {
			d *= 2;
			if (d > 9) d -= 9;
		}
		sum += d;
	}
	return sum;
}

export function isLuhnValid(digits: string): boolean {
	return /^\d+$/.test(digits) && luhnSum(digits) % 10 === 0;
}

/** The digit that makes `partial + digit` Luhn-valid. */
export function luhnCheckDigit(partial: string): string {
	if (!/^\d*$/.test(partial)) throw new Error(`not digits: ${partial}`);
	for (let d = 0; d <= 9; d++) if (isLuhnValid(partial + d)) return String(d);
	throw new Error('unreachable');
}

/** Removes the spaces, dots and dashes people type in identifiers. */
export function normalizeIdentifier(raw: string): string {
	return raw.replace(/[\s.\-\u00a0\u202f]/g, '');
}

export type IdentifierCheck = { ok: true; value: string } | { ok: false; reason: string };

export function checkSiren(raw: string): IdentifierCheck {
	const value = normalizeIdentifier(raw);
	if (!/^\d{9}$/.test(value)) return { ok: false, reason: 'un SIREN a 9 chiffres' };
	if (!isLuhnValid(value)) return { ok: false, reason: 'clé de contrôle (Luhn) du SIREN invalide' };
	return { ok: true, value };
}

export function checkSiret(raw: string): IdentifierCheck {
	const value = normalizeIdentifier(raw);
	if (!/^\d{14}$/.test(value)) return { ok: false, reason: 'un SIRET a 14 chiffres' };
	if (value.startsWith(LA_POSTE_SIREN)) {
		const sum = [...value].reduce((s, c) => s + Number(c), 0);
		return sum % 5 === 0
			? { ok: true, value }
			: { ok: false, reason: 'SIRET de La Poste invalide (somme des chiffres non divisible par 5)' };
	}
	const siren = checkSiren(value.slice(0, 9));
	if (!siren.ok) return siren;
	if (!isLuhnValid(value)) return { ok: false, reason: 'clé de contrôle (Luhn) du SIRET invalide' };
	return { ok: true, value };
}
