/** (being written) */
export async function runClinicSetupChecks(_version: string): Promise<void> {}
