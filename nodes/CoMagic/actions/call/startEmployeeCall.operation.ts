import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { updateDisplayOptions } from '../../../shared/operation';
import type { CoMagicClient } from '../../transport';
import { locatorValue, positiveInteger, readOptions } from '../parameters';
import {
	contactProperty,
	dialledOptions,
	firstCallProperty,
	messageOptions,
	startNotice,
	startOptionsCollection,
	virtualNumberLocator,
} from './startFields';
import { startCall } from './startOnce';
import { addMessages, dialledParams, startParams } from './startParams';

const properties: INodeProperties[] = [
	startNotice,
	virtualNumberLocator,
	contactProperty,
	{
		displayName: 'Employee',
		name: 'employee',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The employee who talks to the contact',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchEmployees', searchable: true },
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 25',
				validation: [
					{ type: 'regex', properties: { regex: '^\\d+$', errorMessage: 'A numeric ID' } },
				],
			},
		],
	},
	firstCallProperty({ name: 'Employee', value: 'employee' }),
	startOptionsCollection([
		...messageOptions('contact', 'Contact'),
		...dialledOptions,
		...messageOptions('employee', 'Employee'),
		{
			displayName: 'Employee Phone',
			name: 'employeePhone',
			type: 'string',
			default: '',
			placeholder: 'e.g. 79260000001',
			description:
				"One of the employee's active numbers (SIP, extension or full number); empty = all active numbers in turn",
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['call'], operation: ['startEmployeeCall'] } },
	properties,
);

/**
 * start.employee_call: a contact and an employee, no scenario
 * (https://comagic.github.io/call_api/create_call/start_employee_call/).
 */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	client: CoMagicClient,
): Promise<INodeExecutionData[]> {
	const options = readOptions.call(this, i);
	const firstCall = this.getNodeParameter('firstCall', i) as string;
	const employee: IDataObject = {
		id: positiveInteger.call(this, locatorValue.call(this, 'employee', i), 'Employee ID', i),
	};
	const employeePhone = String(options.employeePhone ?? '').trim();
	if (employeePhone) employee.phone_number = employeePhone.replace(/^\+/, '');
	const params: IDataObject = {
		...startParams.call(this, options, i),
		employee,
		first_call: firstCall,
		...dialledParams.call(this, options, firstCall === 'employee' ? 'operator' : 'contact', i),
	};
	addMessages.call(this, params, options, ['contact', 'employee'], i);
	return await startCall.call(this, client, 'start.employee_call', params, options, i);
}
