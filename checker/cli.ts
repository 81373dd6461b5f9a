/**
 * npm run check-clinic -- --url <clinic API base URL> --date YYYY-MM-DD [credential] [--cancelled-visit ID]
 *   [--write --visit ID]
 * Checks a clinic's own system against the contract the templates speak (contract/clinic-api.openapi.json).
 * Read-only unless --write. Exit 0 all passed, 1 a requirement failed, 2 bad usage.
 */
import { ClinicClient, type Credential } from './client';
import {
	ClinicCheck,
	CONTRACT_VERSION,
	report,
	type CheckOptions,
	type RequirementResult,
} from './requirements';

export const USAGE = `Usage: npm run check-clinic -- --url <clinic API base URL> --date YYYY-MM-DD [options]

Checks that the clinic system answers as the templates need (contract ${CONTRACT_VERSION}).
Read-only unless --write.

  --url URL               the clinic API base URL (Clinic system Settings: clinicApiUrl)
  --date YYYY-MM-DD       the date whose due reminders to read (pick one with scheduled visits)
  --bearer TOKEN          send Authorization: Bearer TOKEN (better: env CLINIC_API_SECRET)
  --header 'Name: value'  send this header (repeatable), e.g. an API key
  --basic USER[:PASSWORD] HTTP Basic (better: --basic USER and env CLINIC_API_SECRET)
  --cancelled-visit ID    a visit cancelled at the front desk: must say cancelled and not be due
  --write --visit ID      a TEST visit: writes a result, the same again (must be duplicate: true),
                          then a different one (must be 409)
  --max-visits N          read back at most N due visits one by one (default 50)
  --timeout MS            per request (default 10000, the sub-workflow's timeoutMs)
  --no-patient            do not look a patient up by phone (no call routing)

Secrets are never printed. Exit code: 0 all passed, 1 a requirement failed, 2 bad usage.`;

export interface CliConfig {
	url: string;
	credential: Credential;
	timeoutMs: number;
	options: CheckOptions;
}

export class UsageError extends Error {}

/** Parses argv (after `--`) and the environment; throws UsageError with what to fix. */
export function parseArgs(argv: string[], env: NodeJS.ProcessEnv): CliConfig {
	const values = new Map<string, string>();
	const headers: string[] = [];
	const flags = new Set<string>();
	const takesValue = [
		'--url',
		'--date',
		'--bearer',
		'--basic',
		'--header',
		'--cancelled-visit',
		'--visit',
		'--max-visits',
		'--timeout',
	];
	for (let i = 0; i < argv.length; i++) {
		const [name, inline] =
			argv[i].startsWith('--') && argv[i].includes('=')
				? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)]
				: [argv[i], undefined];
		if (takesValue.includes(name)) {
			const value = inline ?? argv[++i];
			if (value === undefined) throw new UsageError(`${name} needs a value`);
			if (name === '--header') headers.push(value);
			else values.set(name, value);
		} else if (['--write', '--no-patient', '--help'].includes(name)) flags.add(name);
		else throw new UsageError(`unknown argument ${JSON.stringify(name)}`);
	}
	if (flags.has('--help')) throw new UsageError('');
	const url = values.get('--url');
	if (!url) throw new UsageError('--url is required');
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new UsageError('--url must be an http:// or https:// URL');
	}
	if (!/^https?:$/.test(parsed.protocol))
		throw new UsageError('--url must be an http:// or https:// URL');
	if (parsed.username || parsed.password)
		throw new UsageError('put no credential in --url: use --basic, --bearer or --header');
	const date = values.get('--date') ?? '';
	if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)))
		throw new UsageError('--date must be YYYY-MM-DD');

	const credential: Credential = { headers: {}, label: 'no credential' };
	const labels: string[] = [];
	const bearer =
		values.get('--bearer') ??
		(values.has('--basic') || headers.length ? undefined : env.CLINIC_API_SECRET);
	if (bearer) {
		credential.headers.Authorization = `Bearer ${bearer}`;
		labels.push(
			`Authorization: Bearer *** (${values.has('--bearer') ? '--bearer' : 'CLINIC_API_SECRET'})`,
		);
	}
	const basic = values.get('--basic');
	if (basic !== undefined) {
		const colon = basic.indexOf(':');
		const user = colon < 0 ? basic : basic.slice(0, colon);
		const password = colon < 0 ? env.CLINIC_API_SECRET : basic.slice(colon + 1);
		if (!user) throw new UsageError('--basic needs a user name');
		if (password === undefined)
			throw new UsageError(
				'--basic USER needs the password in CLINIC_API_SECRET (or USER:PASSWORD)',
			);
		if (credential.headers.Authorization) throw new UsageError('use one of --bearer and --basic');
		credential.headers.Authorization = `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
		labels.push(`HTTP Basic as ${user}`);
	}
	for (const h of headers) {
		const colon = h.indexOf(':');
		const name = colon < 0 ? '' : h.slice(0, colon).trim();
		if (!/^[!#$%&'*+.^_`|~\w-]+$/.test(name))
			throw new UsageError("--header must be 'Name: value'");
		if (
			credential.headers[name] !== undefined ||
			(name.toLowerCase() === 'authorization' && credential.headers.Authorization)
		)
			throw new UsageError(`header ${name} is given twice`);
		credential.headers[name] = h.slice(colon + 1).trim();
		labels.push(`${name}: ***`);
	}
	if (labels.length) credential.label = labels.join(', ');

	const int = (name: string, fallback: number, min: number) => {
		const raw = values.get(name);
		if (raw === undefined) return fallback;
		const n = Number(raw);
		if (!Number.isInteger(n) || n < min)
			throw new UsageError(`${name} must be an integer ≥ ${min}`);
		return n;
	};
	if (flags.has('--write') !== values.has('--visit'))
		throw new UsageError('--write and --visit ID go together (a test visit to write to)');
	return {
		url: url.replace(/\/+$/, ''),
		credential,
		timeoutMs: int('--timeout', 10000, 1),
		options: {
			date,
			maxVisits: int('--max-visits', 50, 1),
			patientLookup: !flags.has('--no-patient'),
			cancelledVisit: values.get('--cancelled-visit'),
			writeVisit: flags.has('--write') ? values.get('--visit') : undefined,
		},
	};
}

/** Runs the check and returns the printed lines and the exit code. */
export async function checkClinic(
	config: CliConfig,
): Promise<{ lines: string[]; exitCode: number; results: RequirementResult[] }> {
	const client = new ClinicClient(config.url, config.credential, config.timeoutMs);
	const results = await new ClinicCheck(client, config.options).run();
	const { lines, failed } = report(results);
	const mode = config.options.writeVisit
		? `writes to test visit ${config.options.writeVisit}`
		: 'read-only';
	const head = `Clinic API ${config.url} (contract ${CONTRACT_VERSION}), due visits on ${config.options.date}, ${config.credential.label}, ${mode}`;
	return {
		lines: [client.redact(head), ...lines.map((l) => client.redact(l))],
		exitCode: failed ? 1 : 0,
		results,
	};
}

async function main(): Promise<void> {
	let config: CliConfig;
	try {
		config = parseArgs(process.argv.slice(2), process.env);
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		if (error.message) console.error(`check-clinic: ${error.message}\n`);
		console.error(USAGE);
		process.exit(error.message ? 2 : 0);
	}
	const { lines, exitCode } = await checkClinic(config);
	for (const line of lines) console.log(line);
	process.exitCode = exitCode;
}

if (require.main === module) void main();
