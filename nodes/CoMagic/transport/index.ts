/** What the actions and methods use of the transport. */
export { CoMagicClient } from './client';
export { errorField, errorMnemonic } from './errors';
export { findInReport, findStartedCall, lookbackRange } from './lookup';
export { getAllItems, getReportRows } from './paging';
export { formatDataTime, splitWindows } from './windows';
