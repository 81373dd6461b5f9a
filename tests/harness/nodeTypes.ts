import {
	NodeConnectionTypes,
	NodeHelpers,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
	type IVersionedNodeType,
} from 'n8n-workflow';

import { CoMagic } from '../../nodes/CoMagic/CoMagic.node';
import { CoMagicTrigger } from '../../nodes/CoMagic/CoMagicTrigger.node';
import { MttVoicebox } from '../../nodes/MttVoicebox/MttVoicebox.node';
import { MttVoiceboxTrigger } from '../../nodes/MttVoicebox/MttVoiceboxTrigger.node';
import packageJson from '../../package.json';

export const PACKAGE = packageJson.name;

/** Start node for harness workflows: emits the items given in its `items` parameter (JSON array). */
class TestStart implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Test Start',
		name: 'testStart',
		group: ['trigger'],
		version: 1,
		description: 'Emits fixed items',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[{}]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as string | object[];
		const items = typeof raw === 'string' ? (JSON.parse(raw) as object[]) : raw;
		return [items.map((json) => ({ json: json as INodeExecutionData['json'] }))];
	}
}

/** Node types the harness knows: this package's nodes under their installed names, plus test-only helpers. */
export const NODE_TYPES: Record<string, INodeType> = {
	[`${PACKAGE}.coMagic`]: new CoMagic(),
	[`${PACKAGE}.coMagicTrigger`]: new CoMagicTrigger(),
	[`${PACKAGE}.mttVoicebox`]: new MttVoicebox(),
	[`${PACKAGE}.mttVoiceboxTrigger`]: new MttVoiceboxTrigger(),
	'test.start': new TestStart(),
};

export class TestNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType | IVersionedNodeType> = NODE_TYPES) {}

	getByName(type: string): INodeType | IVersionedNodeType {
		const found = this.types[type];
		if (!found) throw new Error(`Unknown node type ${type} in the test harness`);
		return found;
	}

	getByNameAndVersion(type: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
	}

	getKnownTypes() {
		return {};
	}
}
