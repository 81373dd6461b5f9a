import type { INodeParameters } from 'n8n-workflow';

import { CoMagicTrigger } from '../../nodes/CoMagic/CoMagicTrigger.node';
import { NOTIFICATION_EVENTS } from '../../nodes/CoMagic/notifications/events';
import { postBodyTemplate } from '../../nodes/CoMagic/notifications/templates';
import { MttVoiceboxTrigger } from '../../nodes/MttVoicebox/MttVoiceboxTrigger.node';
import { shownProperties } from '../harness/editor';

const comagic = new CoMagicTrigger().description;

/** Names of the template notices the editor shows for these parameter values. */
function shownTemplates(values: INodeParameters): string[] {
	return shownProperties(comagic, values)
		.filter((p) => p.name.startsWith('template_'))
		.map((p) => p.name.replace('template_', ''));
}

describe('what the editor shows', () => {
	it('one paste-ready template per selected event, all of them for "any", none in interactive mode', () => {
		expect(shownTemplates({ events: ['lost_call', 'call_finished'] }).sort()).toEqual([
			'call_finished',
			'lost_call',
		]);
		expect(shownTemplates({})).toHaveLength(NOTIFICATION_EVENTS.length);
		expect(shownTemplates({ mode: 'interactive' })).toEqual([]);
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
