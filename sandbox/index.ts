import { createClinicSimulator, type ClinicOptions } from './clinic';
import { createCoMagicSimulator, type CoMagicOptions } from './comagic';
import { SandboxServer } from './core/server';
import type { SandboxContext } from './core/types';
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
}

export interface Sandbox {
	baseUrl: string;
	urls: {
		comagicCallApi: string;
		comagicDataApi: string;
		voicebox: string;
		clinic: string;
		control: string;
	};
	ctx: SandboxContext;
	/** the example lines each simulator prints at start */
	describe(): string[];
	reset(): void;
	stop(): Promise<void>;
}

/** Starts every simulator in one HTTP server on loopback. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const seed = options.seed ?? 1;
	const modules = [
		createCoMagicSimulator(options.comagic ?? {}),
		createVoiceboxSimulator(options.voicebox ?? {}),
		createClinicSimulator(options.clinic ?? {}),
	];
	const server = new SandboxServer(modules, seed);
	const baseUrl = await server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
	return {
		baseUrl,
		urls: {
			comagicCallApi: `${baseUrl}/comagic/callapi/v4.0`,
			comagicDataApi: `${baseUrl}/comagic/dataapi/v2.0`,
			voicebox: `${baseUrl}/voicebox/api/v1/sb`,
			clinic: `${baseUrl}/clinic`,
			control: `${baseUrl}/_control`,
		},
		ctx: server.ctx,
		describe: () => modules.flatMap((m) => m.describe?.(baseUrl) ?? []),
		reset: () => server.reset(),
		stop: () => server.close(),
	};
}
