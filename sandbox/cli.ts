/**
 * `npm run sandbox [-- --port 8787 --seed 1 --host 127.0.0.1]`: every simulator in one process, until Ctrl+C.
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
	const sandbox = await startSandbox({ port, seed, host });
	const lines = [
		`Sandbox listening on ${sandbox.baseUrl} (seed ${seed})`,
		`  CoMagic Call API  ${sandbox.urls.comagicCallApi}`,
		`  CoMagic Data API  ${sandbox.urls.comagicDataApi}`,
		`  MTT Voicebox      ${sandbox.urls.voicebox}`,
		`  Clinic            ${sandbox.urls.clinic}`,
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
