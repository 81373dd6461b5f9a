/** The clinic API's credential: with a token set, every /clinic request needs `Authorization: Bearer <token>`. */
import axios from 'axios';

import { startSandbox, type Sandbox } from '../../sandbox';

let sandbox: Sandbox;
const TOKEN = 'clinic-token-7Qx';

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, clinic: { apiToken: TOKEN, visits: 3 } });
});
afterAll(() => sandbox.stop());

const due = (authorization?: string) =>
	axios.get(`${sandbox.urls.clinic}/visits/due-reminders?for=tomorrow`, {
		headers: authorization ? { authorization } : {},
		validateStatus: () => true,
	});

describe('clinic API credential', () => {
	it('refuses a request without the header, with a message that says what to send', async () => {
		const res = await due();
		expect(res.status).toBe(401);
		expect(res.data.error).toMatch(/no credential: send the header Authorization: Bearer/);
	});

	it('refuses a wrong token, and does not echo what was sent', async () => {
		const res = await due('Bearer not-the-token');
		expect(res.status).toBe(401);
		expect(res.data.error).toMatch(/wrong credential/);
		expect(JSON.stringify(res.data)).not.toContain('not-the-token');
		expect((await due(`Basic ${TOKEN}`)).status).toBe(401);
	});

	it('answers with the right token; the control API needs none', async () => {
		const res = await due(`Bearer ${TOKEN}`);
		expect(res.status).toBe(200);
		expect(Array.isArray(res.data)).toBe(true);
		expect((await axios.get(`${sandbox.baseUrl}/_control/clinic/visits`)).status).toBe(200);
	});

	it('PUT /config sets or clears the token; a reset keeps the started one', async () => {
		const put = (body: unknown) =>
			axios.put(`${sandbox.baseUrl}/_control/clinic/config`, body, { validateStatus: () => true });
		expect((await put({ apiToken: '' })).status).toBe(400);
		expect((await put({ apiToken: null })).data).toMatchObject({ apiToken: false });
		expect((await due()).status).toBe(200);
		expect((await put({ apiToken: 'other' })).data).toMatchObject({ apiToken: true });
		expect((await due('Bearer other')).status).toBe(200);
		sandbox.reset();
		expect((await due('Bearer other')).status).toBe(401);
		expect((await due(`Bearer ${TOKEN}`)).status).toBe(200);
	});
});
