import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

/**
 * One operation of either node (`<resource>/<op>.operation.ts`, or `actions/<op>.operation.ts` for MTT Voicebox):
 * its parameters and what it does for one input item. `api` is what the node's router opens once per run and hands
 * to every item: CoMagic's JSON-RPC client; MTT Voicebox operations need none and leave it out.
 */
export interface Operation<Api = undefined> {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number, api: Api): Promise<INodeExecutionData[]>;
}

/** Shows `properties` only for the given resource/operation (the 10 lines n8n's nodes-base keeps in utils). */
export function updateDisplayOptions(
	displayOptions: IDisplayOptions,
	properties: INodeProperties[],
): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...displayOptions.show, ...property.displayOptions?.show },
		},
	}));
}

/** Output items for one input item, paired to it. */
export function toItems(rows: IDataObject[], itemIndex: number): INodeExecutionData[] {
	return rows.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}
