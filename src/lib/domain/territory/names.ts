// French names of territories with their article, from the COG "type de liaison" (TNCC):
// "Département de la Moselle", "DDETS de Meurthe-et-Moselle", "Conseil départemental du Bas-Rhin".
const CHARNIERES = ['de ', 'd’', 'du ', 'de la ', 'des ', 'de l’', 'des ', 'de las ', 'de los '];

export function deNom(nom: string, typeLiaison: number | null | undefined): string {
	const charniere =
		typeLiaison === null || typeLiaison === undefined ? (/^[AEIOUYÉÈ]/i.test(nom) ? 'd’' : 'de ') : (CHARNIERES[typeLiaison] ?? 'de ');
	return `${charniere}${nom}`;
}
