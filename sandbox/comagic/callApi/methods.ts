import type { Runtime } from '../model/runtime';
import { listCalls, releaseCall, tagCall } from './activeCalls';
import {
	startEmployeeCall,
	startInformerCall,
	startScenarioCall,
	startSimpleCall,
	startVnumberCall,
} from './startCalls';

/**
 * Call API v4.0 methods by name (https://comagic.github.io/call_api/). Each returns `result.data`; the envelope, auth
 * and limits happen in jsonrpc/endpoint.ts.
 */
export type MethodHandler = (
	rt: Runtime,
	params: Record<string, unknown>,
	requestId: number,
) => unknown;

export const CALL_API_METHODS: Record<string, MethodHandler> = {
	'start.simple_call': startSimpleCall,
	'start.employee_call': startEmployeeCall,
	'start.scenario_call': startScenarioCall,
	'start.vnumber_call': startVnumberCall,
	'start.informer_call': startInformerCall,
	'release.call': releaseCall,
	'list.calls': listCalls,
	'tag.call': tagCall,
};
