// The values a refused plain-form submission sends back (`fail(status, { …, values })`), read by the
// page to show the form as it was sent.

/** The values of `form` (an action's result), or none when it carries no values. */
export function sentValues(form: unknown): Record<string, unknown> {
	if (form && typeof form === 'object' && 'values' in form && form.values && typeof form.values === 'object')
		return form.values as Record<string, unknown>;
	return {};
}

/** A sent value as a text field's value: '' when it was not sent as text. */
export function sentText(value: unknown): string {
	return typeof value === 'string' ? value : '';
}
