import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asNodeError } from '../../shared/errors';
import type { Operation } from '../../shared/operation';
import * as buildVisitPhrase from './buildVisitPhrase.operation';
import * as checkVisit from './checkVisit.operation';
import * as planNextAttempt from './planNextAttempt.operation';
import * as startCall from './startCall.operation';

export const operations: Record<string, Operation> = {
	startCall,
	buildVisitPhrase,
	checkVisit,
	planNextAttempt,
};

/** One item at a time; a failed item becomes an error item under continueOnFail, paired with its input. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = operations[operation];
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			if (!run) throw new Error(`The operation "${operation}" is not known`);
			out.push(...(await run.execute.call(this, i, undefined)));
		} catch (error) {
			const nodeError = asNodeError(this.getNode(), error, i);
			if (this.continueOnFail()) {
				const failure: IDataObject = { error: nodeError.message };
				if (nodeError.description) failure.description = nodeError.description;
				const httpCode = (nodeError as { httpCode?: string | null }).httpCode;
				if (httpCode) failure.httpCode = httpCode;
				out.push({ json: failure, pairedItem: { item: i } });
				continue;
			}
			throw nodeError;
		}
	}
	return [out];
}
