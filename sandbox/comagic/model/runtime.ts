import type { SandboxContext } from '../../core/types';
import type { Limits } from '../jsonrpc/limits';
import type { CoMagicState } from './state';

/** What every handler needs: the sandbox context, the simulator state, the limit counters, the account zone. */
export interface Runtime {
	ctx: SandboxContext;
	state: CoMagicState;
	limits: Limits;
	zone: string;
}
