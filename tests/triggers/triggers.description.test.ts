import type { INodeParameters } from 'n8n-workflow';

import { CoMagicTrigger } from '../../nodes/CoMagic/CoMagicTrigger.node';
import { NOTIFICATION_EVENTS } from '../../nodes/CoMagic/trigger/events';
import { postBodyTemplate } from '../../nodes/CoMagic/trigger/templates';
import { MttVoiceboxTrigger } from '../../nodes/MttVoicebox/MttVoiceboxTrigger.node';
import { codeBlocks, shownProperties } from '../harness/editor';

const comagic = new CoMagicTrigger().description;

/** The template notices the editor shows for these parameter values: event key and secret variant. */
function shownTemplateNotices(values: INodeParameters) {
	return shownProperties(comagic, values)
		.filter((p) => /^template(Any)?_/.test(p.name))
		.map((p) => ({
			...p,
			event: p.name.replace(/^template(Any)?_/, '').replace(/_(body|header|none)$/, ''),
		}));
}
const shownTemplates = (values: INodeParameters) =>
	shownTemplateNotices(values).map((p) => p.event);

describe('what the editor shows', () => {
	it('one template at a time: Any Event (the default) shows the one picked in Show Template For', () => {
		expect(shownTemplates({})).toEqual(['call_finished']);
		expect(shownTemplates({ templateEvent: 'lost_call' })).toEqual(['lost_call']);
		// Any Event together with named events: still the picked one only
		expect(
			shownTemplates({ events: ['any', 'lost_call'], templateEvent: 'talk_recorded' }),
		).toEqual(['talk_recorded']);
		expect(shownTemplates({ mode: 'interactive' })).toEqual([]);
		const names = shownProperties(comagic, {}).map((p) => p.name);
		expect(names).toContain('templateEvent');
		expect(shownProperties(comagic, { events: ['lost_call'] }).map((p) => p.name)).not.toContain(
			'templateEvent',
		);
	});

	it('events chosen by name show their own templates (the node creator picks one), no picker', () => {
		expect(shownTemplates({ events: ['lost_call'] })).toEqual(['lost_call']);
		expect(shownTemplates({ events: ['lost_call', 'call_finished'] }).sort()).toEqual([
			'call_finished',
			'lost_call',
		]);
	});

	it('the default panel shows the secret fields before the template and the options last', () => {
		// version 2 (a new node): the secret is the credential above the parameters, none of them holds it
		expect(shownProperties(comagic, {}).map((p) => p.name)).toEqual([
			'mode',
			'setupNotice',
			'events',
			'secretLocation',
			'fieldName',
			'templateEvent',
			'templateAny_call_finished',
			'options',
		]);
		// version 1 as saved: its Shared Secret parameter, with the notice on moving it into a credential
		expect(shownProperties(comagic, {}, 1).map((p) => p.name)).toEqual([
			'mode',
			'setupNotice',
			'events',
			'secretLocation',
			'fieldName',
			'secretInWorkflowNotice',
			'secret',
			'templateEvent',
			'templateAny_call_finished',
			'options',
		]);
	});

	it('what is pasted carries the secret where the chosen Secret Location looks for it', () => {
		const codes = (secretLocation: string) => {
			const [notice] = shownTemplateNotices({ secretLocation, templateEvent: 'lost_call' });
			return codeBlocks(notice.displayName);
		};
		const [postUrl, body, getUrl] = codes('query');
		expect(postUrl).toBe('PRODUCTION_URL?token=YOUR_SECRET');
		expect(body).not.toContain('YOUR_SECRET');
		expect(getUrl).toMatch(/^PRODUCTION_URL\?token=YOUR_SECRET&notification_name=\{\{notification_name\}\}&.*&event=lost_call$/);
		const [bodyPostUrl, bodyBody, bodyGetUrl] = codes('body');
		expect(bodyPostUrl).toBe('PRODUCTION_URL');
		expect(bodyBody).toMatch(/^\{"token":"YOUR_SECRET", "event":"lost_call", /);
		// a GET has no body: its query is what the node reads, secret included
		expect(bodyGetUrl).toMatch(/^PRODUCTION_URL\?token=YOUR_SECRET&.*&event=lost_call$/);
		const header = codes('header');
		expect(header.slice(0, 1)).toEqual(['PRODUCTION_URL']);
		expect(header[2]).toMatch(/^PRODUCTION_URL\?notification_name=.*&event=lost_call$/);
		expect(header[3]).toBe('token: YOUR_SECRET');
		expect(codes('none').join(' ')).not.toContain('YOUR_SECRET');
	});

	it('says in one line why placeholders stay unquoted, and lets long lines wrap', () => {
		const [notice] = shownTemplateNotices({});
		expect(notice.displayName).toContain(
			'Placeholders such as {{call_session_id}} stay unquoted: the cabinet inserts each value as JSON, quotes included.',
		);
		// <wbr> after each & of the GET URL (n8n strips style, so no word-break); a space after each comma of the body
		expect(notice.displayName).toContain('&amp;<wbr>');
		expect(codeBlocks(notice.displayName)[1]).toContain('", "');
	});

	it('templates carry the event, call tracking ids and unquoted placeholders, and say where to paste', () => {
		const lost = NOTIFICATION_EVENTS.find((e) => e.key === 'lost_call')!;
		const body = postBodyTemplate(lost);
		expect(JSON.parse(body.replace(/\{\{\w+\}\}/g, 'null'))).toMatchObject({
			event: 'lost_call',
			campaign_id: null,
			communication_id: null,
			call_session_id: null,
		});
		const notice = comagic.properties.find((p) => p.name === 'template_lost_call')!.displayName;
		expect(notice).toContain('Уведомления → Добавить → HTTP');
		expect(notice).toContain('«Потерянный звонок»');
		expect(notice).toContain('"call_session_id":{{call_session_id}}');
	});

	it('Voicebox shows the HTTP-block settings with {{call_id}}-style variables', () => {
		const notice = new MttVoiceboxTrigger().description.properties.find(
			(p) => p.name === 'setupNotice',
		)!.displayName;
		expect(notice).toContain('Method: POST');
		expect(notice).toContain(
			'{"call_id":"{{call_id}}","number_b":"{{numberB}}","guid":"{{guid}}","response":1}',
		);
		expect(notice).toContain('X-Webhook-Secret');
	});

	it('both triggers register every method they accept on one path', () => {
		const methods = (d: typeof comagic) =>
			d.webhooks!.map((w) => `${String(w.httpMethod)} ${String(w.path)}`);
		expect(methods(comagic)).toEqual(['POST webhook', 'GET webhook']);
		expect(methods(new MttVoiceboxTrigger().description)).toEqual([
			'POST webhook',
			'PUT webhook',
			'GET webhook',
		]);
	});
});
