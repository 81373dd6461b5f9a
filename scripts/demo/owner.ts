/** The demo's owner account: npm start creates it and prints it; the e2e of npm start signs in with it. */
export const DEMO_OWNER = { email: 'demo@example.com', password: 'Demo-password-1' };
