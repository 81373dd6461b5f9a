/** Build Visit Phrase → Start Campaign Call: the phrase one operation builds is what the other sends, commas included. */
import type { IDataObject } from 'n8n-workflow';

import { PACKAGE, runWorkflow, type WorkflowJson } from '../harness';
import { startCallParameters, useVoiceboxSandbox } from './voicebox.helpers';

const { credentials, calls } = useVoiceboxSandbox();

function reminder(items: IDataObject[]): WorkflowJson {
	return {
		nodes: [
			{ name: 'Start', type: 'test.start', parameters: { items: JSON.stringify(items) } },
			{
				name: 'Phrase',
				type: `${PACKAGE}.mttVoicebox`,
				parameters: {
					operation: 'buildVisitPhrase',
					visitStart: '={{ $json.start }}',
					timeZone: 'Europe/Moscow',
					specialty: '={{ $json.specialty }}',
					doctor: '={{ $json.doctor }}',
					patientName: '={{ $json.patient }}',
				},
			},
			{
				name: 'Call',
				type: `${PACKAGE}.mttVoicebox`,
				parameters: startCallParameters({
					phone: "={{ $('Start').item.json.phone }}",
					guid: "={{ $('Start').item.json.visitId }}-1",
					variables: {
						variable: [
							{ name: 'name', value: '={{ $json.patientName }}' },
							{ name: 'phrase', value: '={{ $json.phrase }}' },
						],
					},
				}),
			},
		],
		connections: {
			Start: { main: [[{ node: 'Phrase', type: 'main', index: 0 }]] },
			Phrase: { main: [[{ node: 'Call', type: 'main', index: 0 }]] },
		},
	};
}

it('Start Campaign Call sends the phrase Build Visit Phrase built, unchanged', async () => {
	const items = [
		{
			phone: '9123456789',
			visitId: 'A',
			start: '04.06.2026 11:30',
			specialty: 'Эндоскопист',
			patient: 'Петров Иван',
		},
		{
			phone: '9123456780',
			visitId: 'B',
			start: '2026-06-05T09:05',
			specialty: 'врач-эндоскопист (каб. 5)',
			doctor: 'Римская-Корсакова А.С.',
			patient: 'Иванова Валерия Сергеевна',
		},
	];
	const result = await runWorkflow(reminder(items), { credentials: credentials() });
	expect(result.error?.message).toBeUndefined();
	expect(result.status).toBe('success');
	const phrases = result.json('Phrase').map((j) => j.phrase);
	expect(phrases[0]).toBe('Эндоскопист, 4 июня, в 11:30');
	expect(phrases[1]).toContain(', 5 июня, в 9:05');
	const sent = result.json('Call').map((j) => (j.sent as { data: IDataObject }).data.phrase);
	expect(sent).toEqual(phrases);
	const received = (await calls()).map((c) => (c.variables as IDataObject).phrase);
	expect(received).toEqual(phrases);
});
