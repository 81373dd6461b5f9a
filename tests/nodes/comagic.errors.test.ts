import type { NodeApiError } from 'n8n-workflow';

import { COMAGIC_VIRTUAL_NUMBER } from '../../sandbox/comagic/defaults';
import { useCoMagicEnv } from './comagic.helpers';

/** CoMagic answers errors in HTTP 200 bodies: what n8n shows as the error code must be the API's own. */
const env = useCoMagicEnv();

const simpleCall = (contact: string) => ({
	resource: 'call',
	operation: 'startSimpleCall',
	virtualPhoneNumber: { mode: 'list', value: COMAGIC_VIRTUAL_NUMBER },
	contact,
	operator: '79262444491',
	firstCall: 'operator',
});

describe('error codes and hints', () => {
	it('shows the JSON-RPC code and the mnemonic of a refused report', async () => {
		await env.control('POST', 'comagic/config', { maxReportMonths: 1 });
		const result = await env.run({
			resource: 'callLog',
			operation: 'getMany',
			period: 'lastDays',
			days: 60,
			returnAll: true,
		});
		const error = result.nodeError('Node') as NodeApiError;
		expect(error.httpCode).toBe('-32602');
		expect(error.message).toContain('date_interval_limit_reached');
	});

	it('shows the code of a refused login (-32001 auth_error)', async () => {
		const result = await env.run(
			{ resource: 'tag', operation: 'getMany', returnAll: true },
			{ credentials: env.loginCredentials({ password: 'wrong-password' }) },
		);
		const error = result.nodeError('Node') as NodeApiError;
		expect(error.message).toContain('auth_error');
		expect(error.httpCode).toBe('-32001');
	});

	it('explains an international call the security rules refuse, and where to allow it', async () => {
		const mark = await env.mark();
		const refused = await env.run(simpleCall('+49 30 1234 5678'));
		expect(refused.status).toBe('error');
		const error = refused.nodeError('Node') as NodeApiError;
		expect(error.httpCode).toBe('-32002');
		expect(error.description).toMatch(/international calls are forbidden by default/i);
		expect(error.description).toMatch(/Security rules and settings → API/);
		const starts = (await env.rpcLog(mark)).filter((e) => e.rpcMethod === 'start.simple_call');
		expect(starts).toHaveLength(1);

		await env.control('POST', 'comagic/config', { internationalCalls: true });
		const allowed = await env.run(simpleCall('+49 30 1234 5678'));
		expect(allowed.status).toBe('success');
	});
});
