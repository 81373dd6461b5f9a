import {
	resolveWebhookDescriptionField,
	Workflow,
	type INode,
	type INodeType,
	type INodeTypes,
	type IWebhookDescription,
} from 'n8n-workflow';

import { CoMagicTrigger } from '../../nodes/CoMagic/CoMagicTrigger.node';

const trigger = new CoMagicTrigger();

function node(mode?: string): INode {
	return {
		id: 'c1',
		name: 'CoMagic Trigger',
		type: 'n8n-nodes-comagic-voicebox.coMagicTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: mode ? { mode } : {},
	};
}

/** The template evaluated by n8n's expression engine, as n8n 1.x (and 2.x without the resolver) does. */
function evaluated(description: IWebhookDescription, field: string, mode?: string): unknown {
	const nodeTypes: INodeTypes = {
		getByName: () => trigger as INodeType,
		getByNameAndVersion: () => trigger as INodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node(mode)], connections: {}, active: false, nodeTypes });
	const start = workflow.getNode('CoMagic Trigger') as INode;
	return workflow.expression.getSimpleParameterValue(
		start,
		description[field] as string,
		'webhook',
		{},
	);
}

describe('CoMagic Trigger webhook description: native resolvers (n8n 2.x) agree with the templates', () => {
	const webhooks = trigger.description.webhooks as IWebhookDescription[];

	it.each([
		[undefined, 'onReceived', 'noData'],
		['notifications', 'onReceived', 'noData'],
		['interactive', 'lastNode', 'firstEntryJson'],
	])(
		'mode %s: %s / %s, natively and through the expression engine',
		(mode, responseMode, responseData) => {
			for (const description of webhooks) {
				const parameters = { mode: mode ?? 'notifications' };
				const native = (field: string) =>
					resolveWebhookDescriptionField({ ...node(), parameters }, description, field);
				expect(native('responseMode')).toEqual({ resolved: true, value: responseMode });
				expect(native('responseData')).toEqual({ resolved: true, value: responseData });
				expect(evaluated(description, 'responseMode', mode)).toBe(responseMode);
				expect(evaluated(description, 'responseData', mode)).toBe(responseData);
			}
		},
	);

	it('a parameter holding an expression falls back to the engine (the resolver cannot know its value)', () => {
		const dynamic = { ...node(), parameters: { mode: '={{ "interactive" }}' } };
		expect(resolveWebhookDescriptionField(dynamic, webhooks[0], 'responseMode')).toEqual({
			resolved: false,
		});
	});

	it('the resolvers do not reach the JSON the editor gets', () => {
		expect(JSON.stringify(webhooks[0])).not.toContain('resolve');
	});
});
