import { describe, expect, it } from 'vitest';
import { checkSiren, checkSiret, luhnCheckDigit } from '../../src/lib/domain/siret';

describe('SIREN / SIRET checks', () => {
	it('accepts real identifiers, with the spaces people type', () => {
		expect(checkSiren('732 829 320')).toEqual({ ok: true, value: '732829320' });
		expect(checkSiret('732 829 320 00074')).toEqual({ ok: true, value: '73282932000074' });
	});
	it('rejects a wrong check digit and says why', () => {
		const r = checkSiret('73282932000075');
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.reason).toMatch(/Luhn/);
	});
	it('rejects wrong lengths', () => {
		expect(checkSiret('1234').ok).toBe(false);
		expect(checkSiren('12345678901').ok).toBe(false);
	});
	it('applies the La Poste rule (digit sum divisible by 5)', () => {
		expect(checkSiret('35600000000001').ok).toBe(true); // digit sum 15
		expect(checkSiret('35600000000002').ok).toBe(false); // digit sum 16
	});
	it('computes check digits', () => {
		const siren = '73282932' + luhnCheckDigit('73282932');
		expect(siren).toBe('732829320');
	});
});
