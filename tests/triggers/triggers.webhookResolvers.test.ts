import {
	resolveWebhookDescriptionField,
	Workflow,
	type INode,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IWebhookDescription,
} from 'n8n-workflow';

import { CoMagicTrigger } from '../../nodes/CoMagic/CoMagicTrigger.node';
import { MttVoiceboxTrigger } from '../../nodes/MttVoicebox/MttVoiceboxTrigger.node';

function node(trigger: INodeType, parameters: INodeParameters): INode {
	return {
		id: 't1',
		name: 'Trigger',
		type: `n8n-nodes-comagic-voicebox.${trigger.description.name}`,
		typeVersion: 1,
		position: [0, 0],
		parameters,
	};
}

/** The template evaluated by n8n's expression engine, as n8n 1.x (and 2.x without the resolver) does. */
function evaluated(
	trigger: INodeType,
	description: IWebhookDescription,
	field: string,
	parameters: INodeParameters,
): unknown {
	const nodeTypes: INodeTypes = {
		getByName: () => trigger,
		getByNameAndVersion: () => trigger,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({
		nodes: [node(trigger, parameters)],
		connections: {},
		active: false,
		nodeTypes,
	});
	const start = workflow.getNode('Trigger') as INode;
	return workflow.expression.getSimpleParameterValue(start, description[field] as string, 'webhook', {});
}

/** [trigger, parameters as saved, responseMode, responseData] */
const cases: Array<[string, INodeType, INodeParameters, string, string]> = [
	['CoMagic, mode unset', new CoMagicTrigger(), {}, 'onReceived', 'noData'],
	['CoMagic, notifications', new CoMagicTrigger(), { mode: 'notifications' }, 'onReceived', 'noData'],
	['CoMagic, interactive', new CoMagicTrigger(), { mode: 'interactive' }, 'lastNode', 'firstEntryJson'],
	['Voicebox, no options', new MttVoiceboxTrigger(), {}, 'onReceived', 'noData'],
	['Voicebox, options empty', new MttVoiceboxTrigger(), { options: {} }, 'onReceived', 'noData'],
	[
		'Voicebox, respond immediately',
		new MttVoiceboxTrigger(),
		{ options: { respond: 'onReceived' } },
		'onReceived',
		'noData',
	],
	[
		'Voicebox, respond when the last node finishes',
		new MttVoiceboxTrigger(),
		{ options: { respond: 'lastNode' } },
		'lastNode',
		'firstEntryJson',
	],
];

describe('trigger webhook descriptions: native resolvers (n8n 2.x) agree with the templates', () => {
	it.each(cases)(
		'%s: natively and through the expression engine',
		(_name, trigger, parameters, responseMode, responseData) => {
			for (const description of trigger.description.webhooks as IWebhookDescription[]) {
				const native = (field: string) =>
					resolveWebhookDescriptionField(node(trigger, parameters), description, field);
				expect(native('responseMode')).toEqual({ resolved: true, value: responseMode });
				expect(native('responseData')).toEqual({ resolved: true, value: responseData });
				expect(evaluated(trigger, description, 'responseMode', parameters)).toBe(responseMode);
				expect(evaluated(trigger, description, 'responseData', parameters)).toBe(responseData);
			}
		},
	);

	it('a parameter holding an expression falls back to the engine (the resolver cannot know its value)', () => {
		const trigger = new CoMagicTrigger();
		const dynamic = node(trigger, { mode: '={{ "interactive" }}' });
		const [first] = trigger.description.webhooks as IWebhookDescription[];
		expect(resolveWebhookDescriptionField(dynamic, first, 'responseMode')).toEqual({ resolved: false });
	});

	it('the resolvers do not reach the JSON the editor gets', () => {
		for (const trigger of [new CoMagicTrigger(), new MttVoiceboxTrigger()])
			expect(JSON.stringify(trigger.description.webhooks)).not.toContain('resolve');
	});
});
