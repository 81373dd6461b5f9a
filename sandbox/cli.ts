/**
 * `npm run sandbox [-- --port 8787 --smtp-port 2525 --seed 1 --host 127.0.0.1]`: every simulator in one process, until
 * Ctrl+C. The staff mail server gets a fixed port too, so an n8n SMTP credential set up once keeps working.
 */
import { startSandbox } from './index';

function flag(name: string, fallback: string): string {
	const i = process.argv.indexOf(`--${name}`);
	return i > -1 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
	const port = Number(flag('port', process.env.SANDBOX_PORT ?? '8787'));
	const seed = Number(flag('seed', '1'));
	const host = flag('host', '127.0.0.1');
	const smtpPort = Number(flag('smtp-port', process.env.SANDBOX_SMTP_PORT ?? '2525'));
	const sandbox = await startSandbox({ port, seed, host, staff: { smtpPort } });
	const lines = [
		`Sandbox listening on ${sandbox.baseUrl} (seed ${seed})`,
		`  CoMagic Call API  ${sandbox.urls.comagicCallApi}`,
		`  CoMagic Data API  ${sandbox.urls.comagicDataApi}`,
		`  MTT Voicebox      ${sandbox.urls.voicebox}`,
		`  Clinic            ${sandbox.urls.clinic}`,
		`  Staff Telegram    ${sandbox.urls.telegram}  (Base URL of n8n's Telegram credential, any token)`,
		`  Staff SMTP        ${sandbox.urls.smtp}  (n8n's SMTP credential: this host and port, SSL/TLS off)`,
		`  Staff page        ${sandbox.urls.staff}  (what the staff received)`,
		`  Control           ${sandbox.urls.control}  (reset, log, phones, faults, clock)`,
		'',
		...sandbox.describe(),
		`curl -s ${sandbox.urls.control}/log`,
	];
	process.stdout.write(`${lines.join('\n')}\n`);
	const stop = () => void sandbox.stop().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
	process.stderr.write(`sandbox failed to start: ${error.message}\n`);
	process.exit(1);
});
