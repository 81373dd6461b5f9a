/**
 * The Clinic system's actions, in the order of its Action switch's outputs: clinic-system-items.schema.json has an
 * input and an output item for each, and both shipped variants (templates/clinicSystemFrame.ts) route by them.
 */
export const CLINIC_ACTIONS = [
	'dueVisits',
	'getVisit',
	'writeResult',
	'findPatient',
	'screenPop',
] as const;
export type ClinicAction = (typeof CLINIC_ACTIONS)[number];
