/** Voicebox's HTTP statuses → the messages Start Campaign Call fails with (the transport's describeStatus). */
import { describeStatus } from '../../nodes/MttVoicebox/transport/voiceboxApi';

describe('status → message', () => {
	it.each([
		[401, 'login or password', 'campaign page'],
		[403, 'refused', 'balance'],
		[402, 'refused', 'balance'],
		[404, 'Campaign not found or not launched by HTTP request', 'launch type'],
		[400, 'number or the variables', 'scenario declares'],
		[422, 'number or the variables', '11 digits'],
		[415, 'request format', 'credential URL'],
		[429, 'busy or unavailable', 'does not retry'],
		[500, 'busy or unavailable', 'does not retry'],
		[503, 'busy or unavailable', 'ring the patient twice'],
		[418, 'HTTP 418', 'Unexpected'],
	])('%i', (status, message, hint) => {
		const text = describeStatus(status);
		expect(text.message).toContain(message);
		expect(text.message).toContain(String(status));
		expect(text.description).toContain(hint);
	});
});
