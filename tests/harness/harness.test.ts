import { PACKAGE, runWorkflow, singleNodeWorkflow, startJsonServer, type JsonServer } from '.';

// Proves the harness: a node's output and a node's error come back through n8n-core's WorkflowExecute, with real
// HTTP through httpRequestWithAuthentication and the credential's authentication applied.
describe('WorkflowExecute harness', () => {
	let server: JsonServer;
	beforeAll(async () => {
		server = await startJsonServer((req) =>
			req.url.startsWith('/missing')
				? { status: 404, body: 'Not Found' }
				: { body: { id: 'call-123' } },
		);
	});
	afterAll(() => server.close());

	const campaignId = '5b0c2d3e-8a4f-4c55-9d27-1f0e6a7b8c9d';
	const voicebox = (phone: string) =>
		singleNodeWorkflow(
			{
				type: `${PACKAGE}.mttVoicebox`,
				parameters: { operation: 'startCall', campaignId, phone: '={{ $json.phone }}', guid: '' },
			},
			[{ phone }],
		);

	it('returns a node output with paired items and sends the credential', async () => {
		const result = await runWorkflow(voicebox('8 912 345-67-89'), {
			credentials: {
				mttVoiceboxApi: { url: `${server.url}/sb`, login: 'clinic', password: 'p@ss:wörd' },
			},
		});
		expect(result.status).toBe('success');
		const sentBody = { method: campaignId, data: { number: '79123456789' } };
		expect(result.json('Node')).toEqual([
			{ callId: 'call-123', number: '79123456789', guid: null, campaignId, sent: sentBody },
		]);
		expect(result.output('Node')[0].pairedItem).toEqual({ item: 0 });
		const sent = server.requests[server.requests.length - 1];
		expect(JSON.parse(sent.body)).toEqual(sentBody);
		expect(sent.headers.authorization).toBe(
			`Basic ${Buffer.from('clinic:p@ss:wörd').toString('base64')}`,
		);
	});

	it('reports a failing node as the run error', async () => {
		const result = await runWorkflow(voicebox('12345'), {
			credentials: { mttVoiceboxApi: { url: `${server.url}/sb`, login: 'a', password: 'b' } },
		});
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.message).toContain('12345');
		expect(result.error?.name).toBe('NodeOperationError');
	});

	it('reports an HTTP failure as a NodeApiError', async () => {
		const result = await runWorkflow(voicebox('9123456789'), {
			credentials: { mttVoiceboxApi: { url: `${server.url}/missing`, login: 'a', password: 'b' } },
		});
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.name).toBe('NodeApiError');
		expect((result.nodeError('Node') as { httpCode?: string }).httpCode).toBe('404');
	});
});
