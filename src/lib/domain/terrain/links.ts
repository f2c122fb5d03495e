// One tap from the field view to the phone's own apps: navigation to a structure, a call, an
// e-mail. The `geo:` URI (RFC 5870) opens the navigation app Android offers for it; the Google
// Maps directions URL is the one iPhones and most phones open in their maps app, and OpenStreetMap
// works in any browser.

export interface Place {
	lon: number;
	lat: number;
	/** Shown by the navigation app as the destination's name. */
	label: string;
}

export interface NavigationLinks {
	geo: string;
	maps: string;
	osm: string;
}

/** Six decimals: about 10 cm, more than a point on the map holds. */
const coordinate = (value: number) => String(Number(value.toFixed(6)));

export function navigationLinks(place: Place): NavigationLinks {
	const lat = coordinate(place.lat);
	const lon = coordinate(place.lon);
	// The label in parentheses is a de-facto extension of geo: that Android maps apps read.
	const label = encodeURIComponent(place.label.replace(/[()]/g, ' ').replace(/\s+/g, ' ').trim());
	return {
		geo: `geo:${lat},${lon}?q=${lat},${lon}(${label})`,
		maps: `https://www.google.com/maps/dir/?api=1&destination=${lat},${lon}`,
		osm: `https://www.openstreetmap.org/directions?to=${lat},${lon}#map=16/${lat}/${lon}`
	};
}

/**
 * A `tel:` link for a phone number as people write it (« 03 87 12 34 56 », « +33 (0)3 87… »):
 * digits and a leading +, the French trunk 0 dropped after +33; null when no number is left.
 */
export function telLink(phone: string | null | undefined): string | null {
	if (!phone) return null;
	let digits = phone.replace(/\(0\)/g, '').replace(/[^\d+]/g, '');
	digits = digits.replace(/(?!^)\+/g, '');
	if (digits.startsWith('00')) digits = `+${digits.slice(2)}`;
	if (digits.replace('+', '').length < 3) return null;
	return `tel:${digits}`;
}

export function mailLink(email: string | null | undefined, subject?: string): string | null {
	if (!email || !/^[^\s@]+@[^\s@]+$/.test(email.trim())) return null;
	return `mailto:${email.trim()}${subject ? `?subject=${encodeURIComponent(subject)}` : ''}`;
}
