import type { INode } from 'n8n-workflow';

import { startCallError } from '../../nodes/MttVoicebox/transport/voiceboxApi';

const node = { name: 'Call patient', type: 'n8n-nodes-comagic-voicebox.mttVoicebox' } as INode;
// what axios carries on a failed request: the Basic header with the password, which must not travel on
const config = { headers: { Authorization: 'Basic ZGVtbzpzM2NyZXQ=' } };

describe('Start Campaign Call errors', () => {
	it('a start that timed out says the call may have been placed and is not re-sent', () => {
		for (const cause of [
			{ code: 'ECONNABORTED', message: 'timeout of 30000ms exceeded', config },
			{ code: 'ETIMEDOUT', message: 'connect ETIMEDOUT', config },
			{ message: 'timeout of 30000ms exceeded', config },
		]) {
			const error = startCallError(node, { cause }, 2);
			expect(error.message).toBe('Voicebox did not answer within 30 seconds');
			expect(error.description).toContain('may have been placed');
			expect(error.description).toContain('not sent again');
			expect(JSON.stringify(error)).not.toContain('ZGVtbzpzM2NyZXQ=');
		}
	});

	it('a refused connection is not taken for a timeout', () => {
		const error = startCallError(node, { cause: { code: 'ECONNREFUSED', config } }, 0);
		expect(error.message).toBe('Voicebox could not be reached');
		expect(error.description).toContain('ECONNREFUSED');
	});

	it('an HTTP status wins over anything else in the error', () => {
		const error = startCallError(
			node,
			{ httpCode: 503, message: 'timeout of 30000ms exceeded' },
			0,
		);
		expect(error.message).toBe('Voicebox is busy or unavailable (HTTP 503)');
	});
});
