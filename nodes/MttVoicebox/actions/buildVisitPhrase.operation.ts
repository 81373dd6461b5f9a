import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { sentence } from '../../shared/errors';
import { toItems } from '../../shared/operation';
import { makeSpeakable } from '../helpers/speech';
import { buildVisitPhrase, parseVisitStart, splitPatientName } from '../helpers/visitPhrase';

const show = { show: { operation: ['buildVisitPhrase'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Visit Start',
		name: 'visitStart',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 2026-06-04T11:30:00+03:00 or 04.06.2026 11:30',
		description:
			'ISO 8601 (with an offset: that moment; without: local time of the patient) or dd.MM.yyyy HH:mm in the patient time zone',
		displayOptions: show,
	},
	{
		displayName: 'Patient Time Zone',
		name: 'timeZone',
		type: 'string',
		required: true,
		default: 'Europe/Moscow',
		placeholder: 'e.g. Asia/Yekaterinburg',
		description: 'IANA zone the patient hears the time in',
		displayOptions: show,
	},
	{
		displayName: 'Specialty',
		name: 'specialty',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Эндоскопист',
		displayOptions: show,
	},
	{
		displayName: 'Doctor',
		name: 'doctor',
		type: 'string',
		default: '',
		placeholder: 'e.g. Петрова Анна Сергеевна',
		description: 'Optional; said right after the specialty',
		displayOptions: show,
	},
	{
		displayName: 'Patient Full Name',
		name: 'patientName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Иванова Валерия Сергеевна',
		description:
			'Optional; surname first. The output gets the first name and patronymic to address the patient.',
		displayOptions: show,
	},
];

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const timeZone = String(this.getNodeParameter('timeZone', i, '') ?? '').trim();
	const rawStart = this.getNodeParameter('visitStart', i, '') as unknown;
	const start = parseVisitStart(rawStart, timeZone);
	if (!start.ok) {
		throw new NodeOperationError(this.getNode(), sentence(start.reason), { itemIndex: i });
	}
	const specialty = String(this.getNodeParameter('specialty', i, '') ?? '').trim();
	// a specialty of symbols only would leave the robot nothing to say before the date
	if (makeSpeakable(specialty) === '') {
		throw new NodeOperationError(this.getNode(), 'The specialty is empty', {
			itemIndex: i,
			description: 'The robot says it first, e.g. «Эндоскопист».',
		});
	}
	const doctor = String(this.getNodeParameter('doctor', i, '') ?? '').trim();
	const name = splitPatientName(this.getNodeParameter('patientName', i, '') as unknown);
	const visit = start.value;
	const json: IDataObject = {
		phrase: buildVisitPhrase({ start: visit, specialty, doctor }),
		visitStart: visit.toISO(),
		date: visit.toISODate(),
		time: visit.toFormat('HH:mm'),
		timeZone,
		firstName: name.firstName,
		patronymic: name.patronymic,
		patientName: name.address,
	};
	return toItems([json], i);
}
