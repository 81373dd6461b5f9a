/** Shared by the MTT Voicebox node tests: one sandbox per file, reset to Monday noon in Moscow before each test. */
import axios from 'axios';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeParameters,
} from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../../sandbox';
import {
	DEFAULT_REMINDER_CAMPAIGN_ID,
	DEFAULT_VOICEBOX_LOGIN,
	DEFAULT_VOICEBOX_PASSWORD,
} from '../../sandbox/voicebox/defaults';
import { PACKAGE, singleNodeWorkflow, type RunResult } from '../harness';

export const visit = {
	phone: '+7 (912) 345-67-89',
	visitId: 'V100',
	// calls placed before this one: the default GUID is visitId + (attemptsMade + 1) = V100-1
	attemptsMade: 0,
	name: 'Валерия Сергеевна',
	phrase: 'Эндоскопист, 4 июня, в 11:30',
};

export const reminderVariables = {
	variable: [
		{ name: 'name', value: '={{ $json.name }}' },
		{ name: 'phrase', value: '={{ $json.phrase }}' },
	],
};

/** Start Campaign Call's parameters for the reminder campaign; `parameters` may hold any test values. */
export const startCallParameters = (parameters: IDataObject = {}): INodeParameters =>
	({
		operation: 'startCall',
		campaignId: DEFAULT_REMINDER_CAMPAIGN_ID,
		phone: '={{ $json.phone }}',
		variables: reminderVariables,
		...parameters,
	}) as INodeParameters;

export function startCall(
	items: IDataObject[],
	parameters: IDataObject = {},
	node: Partial<INode> = {},
) {
	return singleNodeWorkflow(
		{ type: `${PACKAGE}.mttVoicebox`, parameters: startCallParameters(parameters), ...node },
		items,
	);
}

export function expectNoSecret(result: RunResult, password: string): void {
	const everything = JSON.stringify(result.run);
	expect(everything).not.toContain(password);
	const basic = Buffer.from(`${DEFAULT_VOICEBOX_LOGIN}:${password}`, 'utf8').toString('base64');
	expect(everything).not.toContain(basic);
}

export interface VoiceboxEnv {
	readonly sandbox: Sandbox;
	control(method: string, path: string, data?: unknown): Promise<{ status: number; data: unknown }>;
	credentials(password?: string, url?: string): { mttVoiceboxApi: ICredentialDataDecryptedObject };
	/** start requests as the sandbox received them (refusals log a second entry, with `error`, left out) */
	startRequests(): Promise<Array<{ body?: string; status?: number }>>;
	calls(): Promise<IDataObject[]>;
}

/** Registers the hooks; call at the top of a test file. */
export function useVoiceboxSandbox(): VoiceboxEnv {
	let sandbox: Sandbox | undefined;
	const env: VoiceboxEnv = {
		get sandbox() {
			if (!sandbox) throw new Error('the sandbox is not started yet');
			return sandbox;
		},
		control: (method, path, data) =>
			axios.request({
				method,
				url: `${env.sandbox.baseUrl}/_control${path}`,
				data,
				validateStatus: () => true,
			}),
		credentials: (password = DEFAULT_VOICEBOX_PASSWORD, url) => ({
			mttVoiceboxApi: {
				url: url ?? env.sandbox.urls.voicebox,
				login: DEFAULT_VOICEBOX_LOGIN,
				password,
			},
		}),
		async startRequests() {
			const { entries } = (await env.control('GET', '/log?module=voicebox')).data as {
				entries: Array<{ direction: string; url: string; body?: string; status?: number }>;
			};
			return entries.filter(
				(e) => e.direction === 'in' && e.url.startsWith('/voicebox/api/v1/sb') && !('error' in e),
			);
		},
		calls: async () => (await env.control('GET', '/voicebox/calls')).data as IDataObject[],
	};
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
	});
	afterAll(() => sandbox?.stop());
	beforeEach(async () => {
		await env.control('POST', '/reset');
		// Monday 12:00 in Moscow: inside the reminder campaign's window
		await env.control('POST', '/clock', { set: '2026-11-23T09:00:00.000Z' });
	});
	return env;
}
