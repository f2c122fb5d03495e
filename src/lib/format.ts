// French number formatting for the UI (narrow no-break spaces, decimal comma).
const integer = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

export function formatInteger(value: number | null | undefined): string {
	return value === null || value === undefined ? '—' : integer.format(value);
}

export function formatDecimal(value: number | null | undefined): string {
	return value === null || value === undefined ? '—' : oneDecimal.format(value);
}
