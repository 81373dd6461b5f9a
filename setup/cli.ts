/**
 * `npm run setup -- --config clinic.json`: sets the templates up in a clinic's own n8n, or upgrades them in place
 * (the same command, from a newer version of this repository). See docs/setup.md "Use it in your clinic".
 *
 * Secrets never come from the command line (shell history): N8N_API_KEY, and on n8n 1.123 N8N_OWNER_EMAIL and
 * N8N_OWNER_PASSWORD, come from the environment or a prompt; VOICEBOX_PASSWORD, COMAGIC_API_KEY,
 * COMAGIC_PASSWORD, CLINIC_API_SECRET, STAFF_TELEGRAM_BOT_TOKEN and STAFF_SMTP_PASSWORD may replace the config's
 * values. None of them is printed or stored.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

import axios from 'axios';

import { ConfigError, readConfig, TEMPLATE_KEYS, withEnvironment } from './config';
import { n8nSetup } from './n8nClient';
import { pasteInstructions } from './paste';
import { applyPlan, planSetup } from './plan';
import {
	checkApiKey,
	checkLine,
	checkLogin,
	checkPackage,
	checkReachable,
	PreflightError,
} from './preflight';
import { ask, canAsk } from './prompt';

const HELP = `usage: npm run setup -- --config <file> [--dry-run] [--force] [--activate] [--templates a,b]

  --config F     the clinic's config file (JSON; docs/setup.md "The config file")
  --dry-run      print what would change, change nothing
  --force        replace a workflow edited beyond its Settings, keeping a copy of it
  --activate     activate (1.x) / publish (2.x) the workflows (also "activate": true in the config)
  --templates    only these templates (and the ones they call): ${TEMPLATE_KEYS.join(', ')}

environment: N8N_API_KEY (asked if unset); on n8n 1.123 also N8N_OWNER_EMAIL, N8N_OWNER_PASSWORD;
             VOICEBOX_PASSWORD, COMAGIC_API_KEY, COMAGIC_PASSWORD, CLINIC_API_SECRET (clinicAuth's token,
             password or value), STAFF_TELEGRAM_BOT_TOKEN (staffAlerts.telegram.botToken),
             STAFF_SMTP_PASSWORD (staffAlerts.email.password) instead of the config's values`;

const say = (line = ''): void => void process.stdout.write(`${line}\n`);

function flag(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i > -1 ? process.argv[i + 1] : undefined;
}

async function secret(env: string, question: string): Promise<string> {
	const value = process.env[env];
	if (value) return value;
	if (!canAsk()) throw new ConfigError(`set ${env} in the environment (no terminal to ask at)`);
	const answer = await ask(question, true);
	if (!answer) throw new ConfigError(`${env}: nothing entered`);
	return answer;
}

async function main(): Promise<void> {
	if (process.argv.includes('--help') || process.argv.includes('-h')) return say(HELP);
	const file = flag('config');
	if (!file) throw new ConfigError('--config <file> is required (see --help)');
	const dryRun = process.argv.includes('--dry-run');
	let config = withEnvironment(readConfig(file));
	const only = flag('templates');
	if (only) config = { ...config, templates: only.split(',').map((t) => t.trim()) };
	if (process.argv.includes('--activate')) config = { ...config, activate: true };
	const bad = config.templates.filter((t) => !TEMPLATE_KEYS.includes(t));
	if (bad.length)
		throw new ConfigError(
			`--templates: no template ${bad.join(', ')}; the templates are ${TEMPLATE_KEYS.join(', ')}`,
		);

	const base = config.n8nUrl;
	const http = axios.create({
		baseURL: base,
		validateStatus: () => true,
		timeout: 30000,
		// a fresh connection per request: n8n closes an idle kept-alive socket after 5 s
		httpAgent: new HttpAgent({ keepAlive: false }),
		httpsAgent: new HttpsAgent({ keepAlive: false }),
	});
	await checkReachable(http, base);
	const apiKey = await secret('N8N_API_KEY', 'n8n API key (Settings → n8n API): ');
	await checkApiKey(http, apiKey);
	const owner = { email: '', password: '' };
	let session = '';
	const line = await checkLine(http, apiKey, async () => {
		// n8n 1.123 has no public Data Table API: the setup signs in as the owner there
		owner.email = process.env.N8N_OWNER_EMAIL || (canAsk() ? await ask("n8n owner's email: ") : '');
		if (!owner.email)
			throw new ConfigError(
				'set N8N_OWNER_EMAIL: n8n 1.123 has no public Data Table API, the setup signs in as the owner',
			);
		owner.password = await secret('N8N_OWNER_PASSWORD', "n8n owner's password: ");
		session = await checkLogin(http, owner.email, owner.password);
		return { cookie: session };
	});
	await checkPackage(http, apiKey);
	say(
		`n8n ${line.version} at ${base}; templates: ${config.templates.join(', ')}${dryRun ? ' (dry run)' : ''}`,
	);

	const client = n8nSetup({ http, apiKey, v1: line.v1, owner });
	if (line.v1) await client.useSession(session);
	const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
	const plan = await planSetup(client, {
		config,
		v1: line.v1,
		edited: process.argv.includes('--force') ? 'keepCopy' : 'refuse',
		stamp,
	});
	for (const note of plan.notes) say(`note: ${note}`);
	if (plan.steps.length === 0) {
		say(
			'nothing to change: the tables, credentials and workflows are as this version and the config say',
		);
	}
	if (dryRun) {
		plan.steps.forEach((step, i) => say(`would ${i + 1}/${plan.steps.length}: ${step.what}`));
		say(`setup: dry run, ${plan.steps.length} changes planned, nothing changed`);
		return;
	}
	await applyPlan(plan, say);
	say();
	say(
		pasteInstructions({
			n8nBase: base,
			workflows: plan.result.workflows.map(({ file, workflow }) => ({ file, workflow })),
			secrets: {
				voicebox: plan.result.secrets.mttVoiceboxTriggerApi?.secret as string | undefined,
				coMagic: plan.result.secrets.coMagicTriggerApi?.secret as string | undefined,
				clinicHeader: plan.result.secrets.httpHeaderAuth as
					| { name: string; value: string }
					| undefined,
				report: plan.result.secrets.httpBasicAuth as { user: string; password: string } | undefined,
			},
		}),
	);
	say(`setup: ${plan.steps.length} changes made`);
}

main().catch((error: Error) => {
	const known = error instanceof ConfigError || error instanceof PreflightError;
	process.stderr.write(`setup: ${known ? '' : 'failed: '}${error.message}\n`);
	process.exit(1);
});
