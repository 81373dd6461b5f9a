import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

/**
 * Recording links are capability URLs served without the API token (a hash in the path), so this is a plain GET and
 * deliberately not httpRequestWithAuthentication (which would put the token into the request).
 */
export async function fetchRecording(
	this: IExecuteFunctions,
	url: string,
): Promise<{ body: Buffer; contentType: string | undefined }> {
	const options: IHttpRequestOptions = {
		method: 'GET',
		url,
		encoding: 'arraybuffer',
		returnFullResponse: true,
		json: false,
	};
	const response = (await this.helpers.httpRequest(options)) as {
		body: Buffer | ArrayBuffer;
		headers: Record<string, string | undefined>;
	};
	const body = Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.body);
	return { body, contentType: response.headers?.['content-type'] };
}
