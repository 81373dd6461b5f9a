import type { INodeParameters, INodeProperties } from 'n8n-workflow';

import { ipAllowListOption, sharedSecretProperties } from '../../shared/webhook/properties';
import { DEFAULT_OUTCOMES, type OutcomeRule } from '../helpers/outcomes';

import {
	BLOCK_SETTINGS_NOTICE,
	DEFAULT_SECRET_NAME,
	OUTCOME_NOTICE,
	secretNotices,
} from './blockSettings';

/** A rule as a row of the Outcome Map, the way the editor stores it. */
export function outcomeRow(rule: OutcomeRule): INodeParameters {
	const kind = rule.final
		? 'final'
		: rule.provisional
			? 'provisional'
			: rule.retryable
				? 'retryable'
				: 'neither';
	return { code: rule.code, outcome: rule.outcome, kind };
}

export const callbackProperties: INodeProperties[] = [
	{
		displayName: BLOCK_SETTINGS_NOTICE,
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Secret Location',
		name: 'secretLocation',
		type: 'options',
		options: [
			{
				name: 'Basic Auth Password',
				value: 'basic',
				description: 'Authorization: Basic with any user name',
			},
			{ name: 'Header', value: 'header', description: 'A header set in the HTTP block' },
			{
				name: 'None',
				value: 'none',
				description: 'Anyone who knows the URL can start the workflow',
			},
			{
				name: 'Query Parameter',
				value: 'query',
				description: `Appended to the URL, e.g. ?${DEFAULT_SECRET_NAME}=…`,
			},
		],
		default: 'header',
		description:
			'Where the HTTP block puts the shared secret; a wrong or missing secret gets 401 and starts nothing',
	},
	{
		displayName: 'Header or Parameter Name',
		name: 'fieldName',
		type: 'string',
		default: DEFAULT_SECRET_NAME,
		description: 'Name of the header or query parameter that carries the secret',
		displayOptions: { show: { secretLocation: ['header', 'query'] } },
	},
	...sharedSecretProperties(
		'A long random value that only the scenario and this workflow know. Without it anyone who finds the URL could post call statuses (a fake "cancelled" stops a reminder), so the trigger will not activate with it empty. Choose Secret Location "None" only behind a filter of your own.',
		{
			trigger: 'MTT Voicebox Trigger',
			credential: 'MTT Voicebox Trigger API',
			sender: "every «HTTP-запрос» block of the scenario",
		},
	),
	...secretNotices,
	{
		displayName: OUTCOME_NOTICE,
		name: 'outcomeNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Outcome Map',
		name: 'outcomeMap',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Code',
		// the five defaults as rows, so adding a code keeps them; a map saved empty still means these defaults
		default: { rules: DEFAULT_OUTCOMES.map(outcomeRow) },
		description:
			'Codes the scenario sends in "response" and what they mean; starts with the defaults: 1 confirmed, 2 cancelled, 3 operator (final); 4 hung up early (provisional: posted at pickup, a later 1/2/3 for the call wins); 5 no answer (retryable). Add a row for a code of your own; the map is the whole list, and removing every row brings these defaults back.',
		options: [
			{
				displayName: 'Rule',
				name: 'rules',
				values: [
					{ displayName: 'Code', name: 'code', type: 'number', default: 1 },
					{
						displayName: 'Outcome',
						name: 'outcome',
						type: 'string',
						default: '',
						placeholder: 'e.g. confirmed',
					},
					{
						displayName: 'Kind',
						name: 'kind',
						type: 'options',
						options: [
							{ name: 'Final', value: 'final', description: 'The patient answered: stop calling' },
							{ name: 'Neither', value: 'neither', description: 'An intermediate status' },
							{
								name: 'Provisional',
								value: 'provisional',
								description:
									'Posted before the answer (e.g. 4 at pickup): a final code for the same call may follow and wins',
							},
							{
								name: 'Retryable',
								value: 'retryable',
								description: 'Another attempt may be planned',
							},
						],
						default: 'final',
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Duplicate Window (Seconds)',
				name: 'duplicateWindow',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 3600,
				description:
					'A repeat of the same code for the same call_id within this window starts nothing, also when copies arrive together (0 = off). Kept in this n8n process\'s memory: a restart forgets it, and with several webhook processes (queue mode) each keeps its own, so a repeat can slip through there. For an exact guard, claim a Data Table row keyed "call_id:code" first.',
			},
			ipAllowListOption,
			{
				displayName: 'Respond',
				name: 'respond',
				type: 'options',
				options: [
					{
						name: 'Immediately',
						value: 'onReceived',
						description: 'Answer 200 as soon as the callback is accepted',
					},
					{
						name: 'When Last Node Finishes',
						value: 'lastNode',
						description:
							"Answer once the workflow has run: 200 with the last node's first item, or 500 if the execution failed (e.g. the answer could not be recorded), so the scenario's log shows it",
					},
				],
				default: 'onReceived',
				description:
					'When to answer the scenario\'s HTTP block. Voicebox does not resend a callback either way: the workflow must keep what it could not record.',
			},
		],
	},
];
