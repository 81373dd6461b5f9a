/**
 * The node descriptions as the editor shows them (issue 13): event names, no automatic "Custom API Call" for
 * Voicebox, interactive secret locations, notices that say where options live, required secrets, the Outcome Map's
 * defaults, the Unknown Events text, subtitles in words, documentation links, alphabetical order.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	NodeHelpers,
	Workflow,
	type INode,
	type INodeParameters,
	type INodeProperties,
	type INodePropertyOptions,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { CoMagicApi } from '../../credentials/CoMagicApi.credentials';
import { CoMagicTriggerApi } from '../../credentials/CoMagicTriggerApi.credentials';
import { MttVoiceboxApi } from '../../credentials/MttVoiceboxApi.credentials';
import { MttVoiceboxTriggerApi } from '../../credentials/MttVoiceboxTriggerApi.credentials';
import { CoMagic } from '../../nodes/CoMagic/CoMagic.node';
import { CoMagicTrigger } from '../../nodes/CoMagic/CoMagicTrigger.node';
import { NOTIFICATION_EVENTS } from '../../nodes/CoMagic/trigger/events';
import { MttVoicebox } from '../../nodes/MttVoicebox/MttVoicebox.node';
import { MttVoiceboxTrigger } from '../../nodes/MttVoicebox/MttVoiceboxTrigger.node';
import { DEFAULT_OUTCOMES } from '../../nodes/MttVoicebox/helpers/outcomes';
import { compareNames } from '../../nodes/shared/order';
import packageJson from '../../package.json';
import { savedParameters, shownCredentials, shownProperties } from '../harness/editor';
import { PACKAGE, TestNodeTypes } from '../harness/nodeTypes';
import { repositoryLinkProblem } from './docs.helpers';

const ROOT = join(__dirname, '../..');
const comagic = new CoMagic().description;
const comagicTrigger = new CoMagicTrigger().description;
const voicebox = new MttVoicebox().description;
const voiceboxTrigger = new MttVoiceboxTrigger().description;
const ALL: Array<[string, INodeTypeDescription]> = [
	['coMagic', comagic],
	['coMagicTrigger', comagicTrigger],
	['mttVoicebox', voicebox],
	['mttVoiceboxTrigger', voiceboxTrigger],
];

const shown = (description: INodeTypeDescription, values: INodeParameters, name: string) =>
	shownProperties(description, values).find((p) => p.name === name);
const optionsOf = (property: INodeProperties | undefined) =>
	(property?.options ?? []) as INodePropertyOptions[];

/** n8n's node creator: "action" of an option, else "On <name>" (useActionsGenerator, triggersCategory). */
function triggerActions(description: INodeTypeDescription): string[] {
	const events = description.properties.find((p) =>
		['event', 'events', 'trigger on'].includes(p.displayName.toLowerCase()),
	);
	return optionsOf(events).map((o) => o.action ?? `On ${o.name}`);
}

describe('4. event names', () => {
	it("are the cabinet's own events in English, with the Russian label and meaning in the description", () => {
		const events = optionsOf(comagicTrigger.properties.find((p) => p.name === 'events'));
		expect(events.map((e) => e.name)).toEqual([
			'Any Event',
			'Call Finished',
			'Incoming Call to Virtual Number',
			'Lost Call',
			'Outgoing Call',
			'Recorded Talk',
			'Talk Finished',
			'Talk Started',
			'Waiting for Answer',
		]);
		for (const event of NOTIFICATION_EVENTS) {
			const option = events.find((o) => o.value === event.key)!;
			expect(option.description).toMatch(new RegExp(`^«${event.label}» in the cabinet\\. .+\\.$`));
		}
		expect(events.some((e) => /[()]/.test(e.name))).toBe(false);
	});

	it('read naturally in the node creator', () => {
		expect(triggerActions(comagicTrigger)).toEqual([
			'On any call event',
			'On call finished',
			'On incoming call to virtual number',
			'On lost call',
			'On outgoing call',
			'On recorded talk',
			'On talk finished',
			'On talk started',
			'On waiting for answer',
		]);
	});

	it('the names used before are still recognised in notification_name', async () => {
		const { detectEvent } = await import('../../nodes/CoMagic/trigger/events');
		expect(detectEvent({ notification_name: 'Call Start (Talk Started)' })).toBe('talk_started');
		expect(detectEvent({ notification_name: 'Call End' })).toBe('call_finished');
		expect(detectEvent({ notification_name: 'Call Finished' })).toBe('call_finished');
	});
});

describe('5. no automatic "Custom API Call" on MTT Voicebox', () => {
	/**
	 * n8n 1.123 and 2.41 (packages/cli load-nodes-and-credentials: injectCustomApiCallOptions → supportsProxyAuth)
	 * append "Custom API Call" to the resource/operation options of a node when one of its credentials has
	 * `authenticate` or extends oAuth2Api/googleOAuth2Api/oAuth1Api.
	 */
	const credentialTypes: Record<string, object> = {
		coMagicApi: new CoMagicApi(),
		mttVoiceboxApi: new MttVoiceboxApi(),
	};
	const supportsProxyAuth = (description: INodeTypeDescription) =>
		(description.credentials ?? []).some(({ name }) => {
			const type = credentialTypes[name] as { authenticate?: unknown; extends?: string[] };
			return (
				type.authenticate !== undefined ||
				(type.extends ?? []).some((p) => ['oAuth2Api', 'googleOAuth2Api', 'oAuth1Api'].includes(p))
			);
		});

	it('n8n adds none to MTT Voicebox (its credential sets no authenticate)', () => {
		expect(supportsProxyAuth(voicebox)).toBe(false);
		expect(
			optionsOf(voicebox.properties.find((p) => p.name === 'operation')).map((o) => o.name),
		).toEqual(['Build Visit Phrase', 'Check Visit', 'Plan Next Attempt', 'Start Campaign Call']);
	});

	it('the CoMagic node keeps it: its credential injects the JSON-RPC token for any method', () => {
		expect(supportsProxyAuth(comagic)).toBe(true);
	});
});

describe('6. interactive mode', () => {
	it('offers only the secret locations the scenario step can send', () => {
		const interactive = shown(comagicTrigger, { mode: 'interactive' }, 'secretLocation');
		expect(optionsOf(interactive).map((o) => o.value)).toEqual(['none', 'query']);
		expect(shown(comagicTrigger, { mode: 'interactive' }, 'fieldName')?.displayName).toBe(
			'Parameter Name',
		);
		const notifications = shown(comagicTrigger, {}, 'secretLocation');
		expect(optionsOf(notifications).map((o) => o.value)).toEqual([
			'body',
			'header',
			'none',
			'query',
		]);
	});

	it('a saved interactive workflow with another location keeps its value', () => {
		expect(
			savedParameters(comagicTrigger, { mode: 'interactive', secretLocation: 'header' })
				.secretLocation,
		).toBe('header');
	});

	it('says the time budget in milliseconds', () => {
		const budget = shown(comagicTrigger, { mode: 'interactive' }, 'timeBudgetMs')!;
		expect(budget.displayName).toBe('Time Budget (Milliseconds)');
		expect(budget.description).toContain('in milliseconds (3000 = 3 s)');
	});
});

describe('7. notices say where the options are', () => {
	it.each(['startSimpleCall', 'startEmployeeCall', 'startInformerCall'])('%s', (operation) => {
		const notice = shown(comagic, { resource: 'call', operation }, 'startNotice')!;
		expect(notice.displayName).toContain(
			'open Options → Add Option below, add External ID (your ID of this call) and Skip If Already Started',
		);
	});
});

describe('8. required secrets', () => {
	function issues(description: INodeTypeDescription, parameters: INodeParameters) {
		const node: INode = {
			id: '1',
			name: 'Trigger',
			type: `${PACKAGE}.${description.name}`,
			typeVersion: 1,
			position: [0, 0],
			parameters: savedParameters(description, parameters, 1),
		};
		return NodeHelpers.getNodeParametersIssues(description.properties, node, description);
	}

	it.each([
		['CoMagic Trigger, notifications', comagicTrigger, {}],
		['CoMagic Trigger, interactive', comagicTrigger, { mode: 'interactive' }],
		['MTT Voicebox Trigger', voiceboxTrigger, {}],
	] as const)(
		'%s, version 1: marked required, the canvas shows an issue, the text says why',
		(_l, d, values) => {
			const secret = shownProperties(d, values, 1).find((p) => p.name === 'secret')!;
			expect(secret.required).toBe(true);
			expect(secret.description).toMatch(/anyone who finds the URL/);
			expect(issues(d, values)?.parameters?.secret).toEqual([
				expect.stringContaining('Shared Secret'),
			]);
			expect(issues(d, { ...values, secret: 's3cret-value' })).toBeNull();
			// "None" hides the field: a deliberate choice, no issue
			expect(issues(d, { ...values, secretLocation: 'none' })).toBeNull();
		},
	);

	it.each([
		['CoMagic Trigger, notifications', comagicTrigger, {}, 'coMagicTriggerApi'],
		['CoMagic Trigger, interactive', comagicTrigger, { mode: 'interactive' }, 'coMagicTriggerApi'],
		['MTT Voicebox Trigger', voiceboxTrigger, {}, 'mttVoiceboxTriggerApi'],
	] as const)(
		'%s, version 2: the secret is a required credential, never a parameter; "None" hides it',
		(_l, d, values, credential) => {
			expect(shown(d, values, 'secret')).toBeUndefined();
			expect(shownCredentials(d, values)).toEqual([credential]);
			expect(d.credentials?.find((c) => c.name === credential)?.required).toBe(true);
			expect(shownCredentials(d, { ...values, secretLocation: 'none' })).toEqual([]);
			// version 1 offers no credential: its secret stays the parameter it was saved with
			expect(shownCredentials(d, values, 1)).toEqual([]);
		},
	);

	it('CoMagic credential: the API key (and login, password) are required where shown', () => {
		const fields = new CoMagicApi().properties;
		for (const name of ['apiKey', 'login', 'password']) {
			expect(fields.find((p) => p.name === name)?.required).toBe(true);
		}
		expect(fields.find((p) => p.name === 'apiKey')?.displayOptions).toEqual({
			show: { authentication: ['apiKey'] },
		});
	});
});

describe('9. Outcome Map', () => {
	const outcomeMap = voiceboxTrigger.properties.find((p) => p.name === 'outcomeMap')!;

	it('starts with the five defaults as rows', () => {
		expect(outcomeMap.default).toEqual({
			rules: [
				{ code: 1, outcome: 'confirmed', kind: 'final' },
				{ code: 2, outcome: 'cancelled', kind: 'final' },
				{ code: 3, outcome: 'operator', kind: 'final' },
				{ code: 4, outcome: 'hungUpEarly', kind: 'provisional' },
				{ code: 5, outcome: 'noAnswer', kind: 'retryable' },
			],
		});
		expect(DEFAULT_OUTCOMES).toHaveLength(5);
		expect(outcomeMap.description).toContain('removing every row brings these defaults back');
	});

	it('a workflow saved before keeps the defaults; an added code is saved with them', () => {
		// an older workflow saved no map (its default was empty): the editor fills the rows in
		expect(savedParameters(voiceboxTrigger, {}).outcomeMap).toEqual(outcomeMap.default);
		const added = {
			rules: [
				...(outcomeMap.default as { rules: INodeParameters[] }).rules,
				{ code: 6, outcome: 'voicemail', kind: 'retryable' },
			],
		};
		expect(savedParameters(voiceboxTrigger, { outcomeMap: added }).outcomeMap).toEqual(added);
	});
});

describe('10. Unknown Events', () => {
	it('says plainly that Pass starts the workflow even when Events names other events', () => {
		const options = comagicTrigger.properties.find((p) => p.name === 'options')!;
		const unknown = (options.options as INodeProperties[]).find((o) => o.name === 'unknownEvents')!;
		expect(unknown.default).toBe('pass');
		expect(unknown.description).toContain(
			'With Pass, the default, it starts the workflow even when Events is only e.g. "Call Finished"',
		);
		expect(optionsOf(unknown).find((o) => o.value === 'pass')?.description).toContain(
			'even when Events lists only other events',
		);
	});
});

describe('11. actions and subtitles in words', () => {
	function subtitle(description: INodeTypeDescription, parameters: INodeParameters): unknown {
		const node: INode = {
			id: '1',
			name: 'Node',
			type: `${PACKAGE}.${description.name}`,
			typeVersion: 1,
			position: [0, 0],
			parameters: savedParameters(description, parameters),
		};
		const workflow = new Workflow({
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes: new TestNodeTypes(),
		});
		return workflow.expression.getSimpleParameterValue(node, description.subtitle, 'internal', {});
	}

	it('every operation has an action text', () => {
		for (const [, description] of ALL) {
			for (const selector of description.properties.filter((p) => p.name === 'operation')) {
				for (const option of optionsOf(selector)) expect(option.action).toMatch(/^[A-Z][a-z]/);
			}
		}
	});

	it('MTT Voicebox: the operation in words', () => {
		expect(subtitle(voicebox, {})).toBe('Start a campaign call');
		expect(subtitle(voicebox, { operation: 'planNextAttempt' })).toBe('Plan the next attempt');
		expect(subtitle(voicebox, { operation: 'buildVisitPhrase' })).toBe('Build a visit phrase');
	});

	it('CoMagic: every resource and operation in words', () => {
		expect(subtitle(comagic, {})).toBe('Start a simple call');
		for (const selector of comagic.properties.filter((p) => p.name === 'operation')) {
			const resource = String(selector.displayOptions!.show!.resource![0]);
			for (const option of optionsOf(selector)) {
				expect(subtitle(comagic, { resource, operation: option.value })).toBe(option.action);
			}
		}
		expect(subtitle(comagic, { resource: 'callLog', operation: 'getMany' })).toBe(
			'Get many calls from the log',
		);
	});
});

describe('12. documentation links', () => {
	const repository = packageJson.repository.url.replace(/\.git$/, '');
	const codexOf = (name: string) =>
		JSON.parse(
			readFileSync(
				join(
					ROOT,
					'nodes',
					name.startsWith('coMagic') ? 'CoMagic' : 'MttVoicebox',
					`${name[0].toUpperCase()}${name.slice(1)}.node.json`,
				),
				'utf8',
			),
		) as {
			node: string;
			categories: string[];
			resources: Record<string, Array<{ url: string }>>;
		};
	const links: Array<[string, string]> = [
		['CoMagic API credential', new CoMagicApi().documentationUrl],
		['CoMagic Trigger API credential', new CoMagicTriggerApi().documentationUrl],
		['MTT Voicebox API credential', new MttVoiceboxApi().documentationUrl],
		['MTT Voicebox Trigger API credential', new MttVoiceboxTriggerApi().documentationUrl],
		...ALL.flatMap(([name]) => {
			const codex = codexOf(name);
			expect(codex.node).toBe(`${PACKAGE}.${name}`);
			return Object.values(codex.resources)
				.flat()
				.map(({ url }): [string, string] => [`${name} codex`, url]);
		}),
	];

	it('package.json says one place: homepage and repository agree', () => {
		expect(packageJson.homepage).toBe(`${repository}#readme`);
	});

	it.each(links)(
		'%s → %s: that repository, a heading of README.md or of a file on main',
		(_what, url) => {
			expect(repositoryLinkProblem(ROOT, repository, url)).toBeUndefined();
		},
	);

	it('a wrong anchor or a missing page is caught', () => {
		expect(repositoryLinkProblem(ROOT, repository, `${repository}#no-such-heading`)).toMatch(
			/no heading/,
		);
		expect(
			repositoryLinkProblem(ROOT, repository, `${repository}/blob/main/docs/nodes.md#nodes`),
		).toMatch(/no heading/);
		expect(
			repositoryLinkProblem(ROOT, repository, `${repository}/blob/main/docs/none.md#comagic`),
		).toMatch(/no such file/);
		expect(
			repositoryLinkProblem(ROOT, repository, `${repository}/blob/main/docs/nodes.md`),
		).toMatch(/neither/);
	});

	it('each node has a page anchor of its own, and the credential the node uses', () => {
		const primary = ALL.map(([name]) => codexOf(name).resources.primaryDocumentation[0].url);
		expect(new Set(primary).size).toBe(ALL.length);
		const byType: Record<string, string> = {
			coMagicApi: new CoMagicApi().documentationUrl,
			coMagicTriggerApi: new CoMagicTriggerApi().documentationUrl,
			mttVoiceboxApi: new MttVoiceboxApi().documentationUrl,
			mttVoiceboxTriggerApi: new MttVoiceboxTriggerApi().documentationUrl,
		};
		for (const [name, description] of ALL) {
			const codex = codexOf(name);
			const credentials = (description.credentials ?? []).map((c) => byType[c.name]);
			expect(credentials.length).toBeGreaterThan(0);
			expect(credentials).toContain(codex.resources.credentialDocumentation?.[0]?.url);
		}
	});

	it("categories are n8n's: Communication, and Analytics for CoMagic's call tracking", () => {
		expect(codexOf('coMagic').categories).toEqual(['Communication', 'Analytics']);
		expect(codexOf('coMagicTrigger').categories).toEqual(['Communication', 'Analytics']);
		expect(codexOf('mttVoicebox').categories).toEqual(['Communication']);
		expect(codexOf('mttVoiceboxTrigger').categories).toEqual(['Communication']);
	});
});

describe('13. alphabetical order', () => {
	/** The names in every options list of the descriptions (options, collections, fixedCollections). */
	const lists: string[][] = [];
	const collect = (value: unknown): void => {
		if (Array.isArray(value)) value.forEach(collect);
		else if (value && typeof value === 'object') {
			for (const [key, v] of Object.entries(value)) {
				if (key === 'options' && Array.isArray(v)) {
					lists.push(v.map((o: { displayName?: string; name: string }) => o.displayName ?? o.name));
				}
				collect(v);
			}
		}
	};
	ALL.forEach(([, description]) => collect(description.properties));

	it('compareNames (the sort at load) puts each list in the order localeCompare would', () => {
		expect(lists.length).toBeGreaterThan(20);
		for (const list of lists) {
			expect([...list].sort(compareNames)).toEqual([...list].sort((a, b) => a.localeCompare(b)));
		}
	});
});
