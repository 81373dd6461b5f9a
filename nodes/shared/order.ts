/**
 * Alphabetical order of option and field names, which are plain English. Not String#localeCompare: its first call
 * builds an ICU collator, about 7 ms of the package's load (n8n reads every description at start). For these names
 * the case-insensitive code-unit order is the same (tests/unit/editor.descriptions.test.ts compares the two).
 */
export function compareNames(a: string, b: string): number {
	const x = a.toLowerCase();
	const y = b.toLowerCase();
	return x < y ? -1 : x > y ? 1 : 0;
}
