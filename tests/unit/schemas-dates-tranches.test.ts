import { describe, expect, it } from 'vitest';
import { parseDate, toIsoDate } from '../../src/lib/domain/dates';
import {
	isEmployerTranche,
	normalizeTranche,
	trancheLabel,
	trancheOf,
	trancheOfHeadcount,
	TRANCHES_EFFECTIFS
} from '../../src/lib/domain/tranches';
import { parseFrenchNumber, foldText } from '../../src/lib/schemas/fields';

describe('dates', () => {
	it('reads ISO and French dates into ISO', () => {
		expect(parseDate('2024-02-29')).toEqual({ ok: true, value: '2024-02-29', precision: 'jour' });
		expect(parseDate('29/02/2024')).toEqual({ ok: true, value: '2024-02-29', precision: 'jour' });
		expect(parseDate(' 1/3/2024 ')).toEqual({ ok: true, value: '2024-03-01', precision: 'jour' });
		expect(parseDate('01.03.2024')).toMatchObject({ ok: true, value: '2024-03-01' });
		expect(parseDate('2024-03-01T10:30:00+01:00')).toMatchObject({ ok: true, value: '2024-03-01' });
	});

	it('reads the partial dates of SIRENE with their precision', () => {
		expect(parseDate('2019-06')).toEqual({ ok: true, value: '2019-06-01', precision: 'mois' });
		expect(parseDate('1987')).toEqual({ ok: true, value: '1987-01-01', precision: 'annee' });
	});

	it('refuses days that do not exist and unreadable text, saying why', () => {
		expect(parseDate('31/02/2024')).toEqual({ ok: false, reason: '« 31/02/2024 » n’existe pas dans le calendrier' });
		expect(parseDate('29/02/2023').ok).toBe(false);
		expect(parseDate('29/02/1900').ok).toBe(false);
		expect(parseDate('29/02/2000').ok).toBe(true);
		expect(parseDate('2024-13-01')).toMatchObject({ ok: false, reason: expect.stringMatching(/mois 13/) });
		expect(parseDate('12/03/24')).toMatchObject({ ok: false, reason: expect.stringMatching(/4 chiffres/) });
		expect(parseDate('0001-01-01')).toMatchObject({ ok: false, reason: expect.stringMatching(/hors de 1800/) });
		expect(parseDate('mars 2024')).toMatchObject({ ok: false, reason: expect.stringMatching(/non reconnue/) });
		expect(toIsoDate('')).toBeNull();
		expect(toIsoDate('31/04/2024')).toBeNull();
		expect(toIsoDate('30/04/2024')).toBe('2024-04-30');
	});
});

describe('size bands', () => {
	it('knows every SIRENE band with its range', () => {
		expect(TRANCHES_EFFECTIFS.map((t) => t.code)).toEqual([
			'NN',
			'00',
			'01',
			'02',
			'03',
			'11',
			'12',
			'21',
			'22',
			'31',
			'32',
			'41',
			'42',
			'51',
			'52',
			'53'
		]);
		expect(trancheOf('12')).toMatchObject({ min: 20, max: 49, employeur: true });
		expect(trancheOf('53')).toMatchObject({ min: 10000, max: null });
		expect(trancheLabel('02')).toBe('3 à 5 salariés');
		expect(isEmployerTranche('NN')).toBe(false);
		expect(isEmployerTranche('00')).toBe(true);
		expect(isEmployerTranche('99')).toBeNull();
	});

	it('reads codes a spreadsheet mangled and headcounts', () => {
		expect(normalizeTranche('1')).toBe('01');
		expect(normalizeTranche(' nn ')).toBe('NN');
		expect(normalizeTranche('')).toBeNull();
		expect(normalizeTranche('7')).toBe('7');
		expect(trancheOfHeadcount(0)).toBe('NN');
		expect(trancheOfHeadcount(2)).toBe('01');
		expect(trancheOfHeadcount(10)).toBe('11');
		expect(trancheOfHeadcount(249)).toBe('31');
		expect(trancheOfHeadcount(25000)).toBe('53');
		expect(trancheOfHeadcount(-1)).toBeNull();
	});
});

describe('typed text', () => {
	it('reads numbers the French way', () => {
		expect(parseFrenchNumber('12 500,50 €')).toBe(12500.5);
		expect(parseFrenchNumber('3,5')).toBe(3.5);
		expect(parseFrenchNumber('1.234.567')).toBe(1234567);
		expect(parseFrenchNumber('1.234.567,8')).toBe(1234567.8);
		expect(parseFrenchNumber('1,500.25')).toBe(1500.25);
		expect(parseFrenchNumber('6.1757')).toBe(6.1757);
		expect(parseFrenchNumber('1,2,3')).toBeNull();
		expect(parseFrenchNumber('douze')).toBeNull();
		expect(parseFrenchNumber('')).toBeNull();
	});

	it('folds labels for comparison', () => {
		expect(foldText('  Élaboration du Parcours ')).toBe('elaboration du parcours');
		expect(foldText('N° SIRET')).toBe('n siret');
		expect(foldText('Œuvre')).toBe('oeuvre');
	});
});
