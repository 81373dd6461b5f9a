/**
 * A start is sent exactly once: n8n's Retry On Fail is refused, a failed or dropped start is not repeated, and a 401
 * is not re-sent on either n8n line (n8n-core 1.x re-sends a request after a 401 it catches; the harness emulates it).
 */
import { runWorkflow } from '../harness';
import { expectNoSecret, startCall, useVoiceboxSandbox, visit } from './voicebox.helpers';

const { control, credentials, startRequests, calls } = useVoiceboxSandbox();

describe('Start Campaign Call: no automatic retry', () => {
	it("refuses to dial when n8n's Retry On Fail is on (a retry after a timeout rings twice)", async () => {
		await control('POST', '/faults', { pathPrefix: '/voicebox/api', kind: 'status', status: 503 });
		const result = await runWorkflow(startCall([visit], {}, { retryOnFail: true, maxTries: 3 }), {
			credentials: credentials(),
		});
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.message).toBe(
			'Retry On Fail is on for a node that starts calls',
		);
		expect(await startRequests()).toHaveLength(0);
		expect((await control('GET', '/phones')).data).toEqual({});
	});

	it('a start that failed with 503 is sent once and rings nobody', async () => {
		await control('POST', '/faults', { pathPrefix: '/voicebox/api', kind: 'status', status: 503 });
		const result = await runWorkflow(startCall([visit]), { credentials: credentials() });
		expect(result.status).toBe('error');
		expect(await startRequests()).toHaveLength(1);
		expect((await control('GET', '/phones')).data).toEqual({});
		expect(await calls()).toEqual([]);
	});

	it('a dropped connection is not retried either', async () => {
		await control('POST', '/faults', { pathPrefix: '/voicebox/api', kind: 'drop' });
		const result = await runWorkflow(startCall([visit]), { credentials: credentials() });
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.message).toBe('Voicebox could not be reached');
		expect(await startRequests()).toHaveLength(1);
	});

	it.each([
		['n8n-core 2.x', false],
		['n8n-core 1.x (re-sends after a 401 it catches)', true],
	])('a 401 is sent once on %s, with the same message', async (_line, n8nCore1AuthRetry) => {
		const result = await runWorkflow(startCall([visit]), {
			credentials: credentials('nope'),
			n8nCore1AuthRetry,
		});
		expect(await startRequests()).toHaveLength(1);
		const error = result.nodeError('Node') as unknown as {
			name: string;
			message: string;
			httpCode: string;
		};
		expect(error).toMatchObject({
			name: 'NodeApiError',
			httpCode: '401',
			message: 'Voicebox rejected the login or password (HTTP 401)',
		});
		expectNoSecret(result, 'nope');
	});

	it('on n8n-core 1.x a 401 from a proxy after a valid start is not re-sent either', async () => {
		await control('POST', '/faults', {
			pathPrefix: '/voicebox/api',
			kind: 'status',
			status: 401,
			count: 1,
		});
		const result = await runWorkflow(startCall([visit]), {
			credentials: credentials(),
			n8nCore1AuthRetry: true,
		});
		expect(result.status).toBe('error');
		expect(await startRequests()).toHaveLength(1);
		expect(await calls()).toEqual([]);
	});
});
