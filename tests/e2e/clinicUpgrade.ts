/** (being written) */
export async function runClinicUpgradeChecks(_version: string): Promise<void> {}
