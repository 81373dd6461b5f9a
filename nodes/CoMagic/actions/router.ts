import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { asNodeError } from '../../shared/errors';
import type { Operation } from '../../shared/operation';
import { CoMagicClient } from '../transport';
import * as call from './call/Call.resource';
import * as callLog from './callLog/CallLog.resource';
import * as campaign from './campaign/Campaign.resource';
import * as employee from './employee/Employee.resource';
import * as recording from './recording/Recording.resource';
import * as sale from './sale/Sale.resource';
import * as tag from './tag/Tag.resource';
import * as virtualNumber from './virtualNumber/VirtualNumber.resource';

const OPERATIONS: Record<string, Record<string, Operation<CoMagicClient>>> = {
	call: {
		getActive: call.getActive,
		release: call.release,
		startEmployeeCall: call.startEmployeeCall,
		startInformerCall: call.startInformerCall,
		startSimpleCall: call.startSimpleCall,
	},
	callLog: { get: callLog.get, getMany: callLog.getMany },
	campaign: { getMany: campaign.getMany },
	employee: { getMany: employee.getMany },
	recording: { download: recording.download },
	sale: { tag: sale.tagSale },
	tag: { add: tag.add, getMany: tag.getMany, remove: tag.remove },
	virtualNumber: { getMany: virtualNumber.getMany },
};

/** Runs the chosen operation once per input item; failures stay per item when Continue On Fail is on. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = OPERATIONS[resource]?.[operation];
	if (!run) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	}
	const client = await CoMagicClient.create(this);
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const result = await run.execute.call(this, i, client);
			const includeLimits = this.getNodeParameter('options.includeLimits', i, false) as boolean;
			for (const item of result) {
				if (includeLimits) item.json._limits = (client.lastLimits ?? null) as IDataObject | null;
				out.push(item);
			}
		} catch (error) {
			if (this.continueOnFail()) {
				const failure = asNodeError(this.getNode(), error, i);
				out.push({
					json: { error: failure.message, description: failure.description ?? null },
					pairedItem: { item: i },
				});
				continue;
			}
			throw asNodeError(this.getNode(), error, i);
		}
	}
	return [out];
}
