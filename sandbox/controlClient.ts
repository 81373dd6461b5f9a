/**
 * The one client of the sandbox's control API (`/_control`, sandbox.urls.control): what the e2e suites, the bench
 * and the demo ask the sandbox to do (faults, scripted answers, visits, campaigns) and read of it (its log, calls,
 * messages).
 */
import axios, { type AxiosResponse } from 'axios';

export interface ControlClient {
	/** the control API's base URL */
	url: string;
	/** the whole answer, whatever its HTTP status (never throws on one): for checks that judge the status */
	request(method: string, path: string, data?: unknown): Promise<AxiosResponse>;
	/** the answer's body; throws naming the request, the status and the body unless the sandbox answered 200 */
	call(method: string, path: string, data?: unknown): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A client for this sandbox (anything with `urls.control`, e.g. a started Sandbox) or a control URL. */
export function controlClient(sandbox: { urls: { control: string } } | string): ControlClient {
	const url = typeof sandbox === 'string' ? sandbox : sandbox.urls.control;
	const request = (method: string, path: string, data?: unknown) =>
		axios.request({ method, url: `${url}${path}`, data, validateStatus: () => true });
	return {
		url,
		request,
		async call(method, path, data) {
			const res = await request(method, path, data);
			if (res.status !== 200)
				throw new Error(
					`sandbox ${method} ${path}: HTTP ${res.status} ${JSON.stringify(res.data).slice(0, 300)}`,
				);
			return res.data;
		},
	};
}
