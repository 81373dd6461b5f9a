/**
 * The n8n lines this package is proven on, and which one each command boots unless told (`--version` / `--n8n`).
 * Every default in npm start, the e2e run, the bench, the soak and the table measurement comes from here.
 */

/** The last 1.x LTS. */
export const N8N_1 = '1.123.81';
/** The newest 2.x that installs from the registry here (2.41.3 pins packages it lacks). */
export const N8N_2 = '2.41.1';
/** Both supported lines, oldest first (CI runs the e2e on each). */
export const SUPPORTED_N8N = [N8N_1, N8N_2] as const;

/** What `npm start`, `npm start -- --queue`, `npm run bench` and `npm run soak` boot. */
export const DEFAULT_N8N = N8N_2;
/** What `npm run e2e` and the table measurement boot: the older line, the one most clinics run. */
export const DEFAULT_E2E_N8N = N8N_1;
