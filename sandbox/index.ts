import { createClinicSimulator, type ClinicOptions } from './clinic';
import { createCoMagicSimulator, type CoMagicOptions } from './comagic';
import { SandboxServer } from './core/server';
import type { SandboxContext } from './core/types';
import { createStaffSimulator, type StaffOptions } from './staff';
import { createVoiceboxSimulator, type VoiceboxOptions } from './voicebox';

export interface SandboxOptions {
	/** 0 = a free port (tests) */
	port?: number;
	host?: string;
	/** seed of the data generators; same seed, same data */
	seed?: number;
	comagic?: CoMagicOptions;
	voicebox?: VoiceboxOptions;
	clinic?: ClinicOptions;
	/** the staff's Telegram and e-mail (sandbox/staff): bot token, SMTP port and credentials */
	staff?: StaffOptions;
}

export interface Sandbox {
	baseUrl: string;
	urls: {
		comagicCallApi: string;
		comagicDataApi: string;
		voicebox: string;
		clinic: string;
		/** the Base URL for n8n's Telegram credential */
		telegram: string;
		/** smtp://host:port of the staff mail server */
		smtp: string;
		/** the page showing what the staff received */
		staff: string;
		control: string;
	};
	/** port of the staff mail server (n8n's SMTP credential: this host, this port, SSL/TLS off) */
	smtpPort: number;
	ctx: SandboxContext;
	/** the example lines each simulator prints at start */
	describe(): string[];
	reset(): void;
	stop(): Promise<void>;
}

/** Starts every simulator in one HTTP server on loopback, and the staff mail server on a port of its own. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const seed = options.seed ?? 1;
	const host = options.host ?? '127.0.0.1';
	const staff = createStaffSimulator(options.staff ?? {});
	const modules = [
		createCoMagicSimulator(options.comagic ?? {}),
		createVoiceboxSimulator(options.voicebox ?? {}),
		createClinicSimulator(options.clinic ?? {}),
		staff,
	];
	const server = new SandboxServer(modules, seed);
	const baseUrl = await server.listen(options.port ?? 0, host);
	let smtpPort: number;
	try {
		smtpPort = await staff.listenSmtp(host);
	} catch (error) {
		await server.close();
		throw error;
	}
	const smtpHost = host.includes(':') ? `[${host}]` : host;
	return {
		baseUrl,
		urls: {
			comagicCallApi: `${baseUrl}/comagic/callapi/v4.0`,
			comagicDataApi: `${baseUrl}/comagic/dataapi/v2.0`,
			voicebox: `${baseUrl}/voicebox/api/v1/sb`,
			clinic: `${baseUrl}/clinic`,
			telegram: `${baseUrl}/telegram`,
			smtp: `smtp://${smtpHost}:${smtpPort}`,
			staff: `${baseUrl}/staff`,
			control: `${baseUrl}/_control`,
		},
		smtpPort,
		ctx: server.ctx,
		describe: () => modules.flatMap((m) => m.describe?.(baseUrl) ?? []),
		reset: () => server.reset(),
		stop: async () => {
			await Promise.all([server.close(), staff.closeSmtp()]);
		},
	};
}
