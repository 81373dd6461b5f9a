/**
 * What the MTT Voicebox Trigger tells the user to paste into the scenario's HTTP blocks, followed literally with the
 * editor's defaults for each Secret Location, is accepted by the trigger; and what it says about a 4.
 */
import type { INodeParameters } from 'n8n-workflow';

import { MttVoiceboxTrigger } from '../../nodes/MttVoicebox/MttVoiceboxTrigger.node';
import { codeBlocks, savedParameters, shownProperties } from '../harness/editor';
import { startWebhookDriver, type SendOptions, type WebhookDriver } from '../harness/webhook';
import { SECRET } from './triggers.helpers';

const description = new MttVoiceboxTrigger().description;
const PLACEHOLDER = 'YOUR_SECRET';

const saved = (values: INodeParameters, typeVersion?: number) =>
	savedParameters(description, values, typeVersion);

/** The notices the editor shows for these parameters, as plain text per `<code>` and as a whole. */
function shownNotices(
	parameters: INodeParameters,
	typeVersion?: number,
): { text: string; codes: string[] } {
	const texts = shownProperties(description, parameters, typeVersion)
		.filter((p) => p.type === 'notice')
		.map((p) => p.displayName);
	return { text: texts.join('\n'), codes: texts.flatMap(codeBlocks) };
}

/** The raw body as shown, with Voicebox's placeholders filled in. */
function shownBody(codes: string[]): string {
	const body = codes.find((c) => c.startsWith('{"call_id"'))!;
	return body
		.replace('{{call_id}}', 'c-1')
		.replace('{{numberB}}', '79123456789')
		.replace('{{guid}}', 'v-1');
}

/** The request an HTTP block sends when set up exactly as the notices say. */
function followed(location: string, codes: string[]): SendOptions {
	const secretCodes = codes.filter((c) => c.includes(PLACEHOLDER));
	const request: SendOptions = { body: shownBody(codes), contentType: null };
	if (location === 'none') {
		expect(secretCodes).toEqual([]);
		return request;
	}
	if (location === 'query') {
		const shown = secretCodes.find((c) => c.startsWith('?'))!;
		return { ...request, query: shown.slice(1).replace(PLACEHOLDER, encodeURIComponent(SECRET)) };
	}
	const basic = location === 'basic';
	const shown = secretCodes.find(
		(c) => /^[\w-]+: /.test(c) && c.startsWith('Authorization: Basic') === basic,
	)!;
	const [, name, value] = /^([\w-]+): (.+)$/.exec(shown)!;
	const base64Of = /^Basic <Base64 of (.+)>$/.exec(value);
	const header = base64Of
		? `Basic ${Buffer.from(base64Of[1].replace(PLACEHOLDER, SECRET), 'utf8').toString('base64')}`
		: value.replace(PLACEHOLDER, SECRET);
	return { ...request, headers: { [name]: header } };
}

describe('the setup notices, followed literally with the default settings', () => {
	let driver: WebhookDriver | undefined;
	afterEach(async () => driver?.close());

	it.each(
		['header', 'query', 'basic', 'none'].flatMap((location) => [
			[location, 2],
			[location, 1],
		]),
	)(
		'secret location %s, version %i: the shown setup is accepted',
		async (location, typeVersion) => {
			const secret = location === 'none' ? '' : SECRET;
			// version 2 keeps the secret in its credential, version 1 in the parameter
			const parameters = saved(
				typeVersion === 1 ? { secretLocation: location, secret } : { secretLocation: location },
				typeVersion as number,
			);
			const { codes } = shownNotices(parameters, typeVersion as number);
			driver = await startWebhookDriver({
				type: 'mttVoiceboxTrigger',
				parameters,
				typeVersion: typeVersion as number,
				...(typeVersion === 1 ? {} : { credentials: { mttVoiceboxTriggerApi: { secret } } }),
			});
			const res = await driver.send(followed(location, codes));
			expect(res.status).toBe(200);
			expect(res.call?.executed).toBe(true);
			expect(res.call!.items[0].json).toMatchObject({
				callId: 'c-1',
				guid: 'v-1',
				code: 1,
				outcome: 'confirmed',
			});
		},
	);

	it('shows one secret notice, the one of the chosen location', () => {
		for (const location of ['header', 'query', 'basic', 'none']) {
			const names = shownProperties(description, { secretLocation: location })
				.filter((p) => p.name.startsWith('secretNotice'))
				.map((p) => p.name);
			expect(names).toEqual([`secretNotice_${location}`]);
		}
	});
});

describe('what the trigger says about a 4', () => {
	it('the notice and the Outcome Map say it is provisional and a later 1/2/3 wins', () => {
		const { text } = shownNotices(saved({}));
		expect(text).toContain(
			'4 is posted at pickup; a 1/2/3 for the same call may follow and then wins; treat 4 as hung up only if nothing else arrives.',
		);
		expect(text).toMatch(/Output per callback: .*\bprovisional\b/);
		const map = description.properties.find((p) => p.name === 'outcomeMap')!;
		expect(map.description).toContain('4 hung up early (provisional');
		const kinds = (
			map.options![0] as { values: Array<{ name: string; options?: Array<{ value: string }> }> }
		).values
			.find((v) => v.name === 'kind')!
			.options!.map((o) => o.value);
		expect(kinds).toEqual(['final', 'neither', 'provisional', 'retryable']);
	});
});
