import type { INodeProperties } from 'n8n-workflow';

/** The communication a sale or a tag is put on (Data API set.* methods, reference §3.3). */
export const communicationProperties: INodeProperties[] = [
	{
		displayName: 'Communication ID',
		name: 'communicationId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 3545169699',
		description: 'For calls, the call session ID (communication_id in the call log)',
	},
	{
		displayName: 'Communication Type',
		name: 'communicationType',
		type: 'options',
		options: [
			{ name: 'Call', value: 'call' },
			{ name: 'Chat', value: 'chat' },
			{ name: 'Goal', value: 'goal' },
			{ name: 'Offline Message', value: 'offline_message' },
		],
		default: 'call',
	},
];

export const tagLocator: INodeProperties = {
	displayName: 'Tag',
	name: 'tag',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchTags', searchable: true },
		},
		{
			displayName: 'ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 456',
			validation: [
				{ type: 'regex', properties: { regex: '^\\d+$', errorMessage: 'A numeric ID' } },
			],
		},
	],
};
