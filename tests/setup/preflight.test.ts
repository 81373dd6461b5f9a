import type { AxiosInstance } from 'axios';

import {
	checkApiKey,
	checkLine,
	checkPackage,
	checkReachable,
	PreflightError,
} from '../../setup/preflight';

/** n8n's answers by path, as axios returns them with validateStatus off */
function n8n(
	answers: Record<string, { status: number; data?: unknown }>,
	down = false,
): AxiosInstance {
	const answer = async (url: string) => {
		const path = url.split('?')[0];
		const found = answers[path];
		if (down) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
		return found ?? { status: 404, data: { message: 'Not Found' } };
	};
	return { get: answer, post: answer } as unknown as AxiosInstance;
}

const settings = (versionCli?: string) => ({
	status: 200,
	data: { data: { userManagement: {}, versionCli } },
});
const noSession = async () => ({});

describe('before the setup changes anything', () => {
	it('says when nothing answers at n8nUrl, or something that is not n8n', async () => {
		await expect(checkReachable(n8n({}, true), 'http://n8n.clinic.local')).rejects.toThrow(
			'cannot reach n8n at http://n8n.clinic.local (ECONNREFUSED)',
		);
		await expect(
			checkReachable(n8n({ '/rest/settings': { status: 404 } }), 'http://x'),
		).rejects.toThrow("is n8nUrl n8n's address?");
	});

	it('tells 2.x by its public Data Table API, and reads a 1.x version once signed in', async () => {
		const two = n8n({
			'/api/v1/data-tables': { status: 200, data: { data: [] } },
			'/rest/settings': settings(),
		});
		const noLogin = jest.fn(noSession);
		await expect(checkLine(two, 'key', noLogin)).resolves.toEqual({ version: '2.x', v1: false });
		// 2.x needs no owner login: a login there would only spend n8n's 5 a minute
		expect(noLogin).not.toHaveBeenCalled();
		const signedIn = jest.fn(async () => ({ cookie: 'n8n-auth=1' }));
		const one = n8n({
			'/api/v1/data-tables': { status: 404 },
			'/rest/settings': settings('1.123.81'),
		});
		await expect(checkLine(one, 'key', signedIn)).resolves.toEqual({
			version: '1.123.81',
			v1: true,
		});
		expect(signedIn).toHaveBeenCalledTimes(1);
	});

	it('refuses an n8n older than 1.123', async () => {
		const old = n8n({
			'/api/v1/data-tables': { status: 404 },
			'/rest/settings': settings('1.110.2'),
		});
		const refused = checkLine(old, 'key', noSession);
		await expect(refused).rejects.toBeInstanceOf(PreflightError);
		await expect(refused).rejects.toThrow('n8n 1.110.2 is older than 1.123');
	});

	it('says how to make an API key when n8n refuses it', async () => {
		await expect(checkApiKey(n8n({ '/api/v1/workflows': { status: 401 } }), 'key')).rejects.toThrow(
			'Settings → n8n API',
		);
	});

	it('says how to install the package, or update it when it is older than the templates', async () => {
		const missing = n8n({});
		await expect(checkPackage(missing, 'key')).rejects.toThrow('is not installed in this n8n');
		const old = n8n({ '/api/v1/credentials/schema/mttVoiceboxApi': { status: 200, data: {} } });
		await expect(checkPackage(old, 'key')).rejects.toThrow('is older than these templates');
	});
});
