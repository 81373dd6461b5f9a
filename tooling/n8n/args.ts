/**
 * The one command-line reading of every script here (npm start, the e2e run, the bench, the soak, the table
 * measurement): `--name value` sets a flag, a bare `--flag` followed by nothing or another `--…` is set to '', any
 * other word is a positional name.
 */

export interface Args {
	/** the words that are not flags nor a flag's value, in order */
	names: string[];
	flags: Record<string, string>;
}

export function parseArgs(argv: string[] = process.argv.slice(2)): Args {
	const names: string[] = [];
	const flags: Record<string, string> = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('--')) {
			names.push(arg);
			continue;
		}
		const next = argv[i + 1];
		if (next === undefined || next.startsWith('--')) flags[arg.slice(2)] = '';
		else flags[arg.slice(2)] = argv[++i];
	}
	return { names, flags };
}

/** `--name value` from argv, or `fallback` when the flag is absent or has no value. */
export function flag(
	name: string,
	fallback: string,
	argv: string[] = process.argv.slice(2),
): string {
	return parseArgs(argv).flags[name] || fallback;
}

/** whether `--name` is on the command line (with or without a value) */
export function hasFlag(name: string, argv: string[] = process.argv.slice(2)): boolean {
	return name in parseArgs(argv).flags;
}
