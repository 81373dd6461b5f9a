export { CoMagicClient, CREDENTIAL_TYPE, type LimitsMetadata, type RpcResult } from './client';
export {
	accountZone,
	apiUrl,
	mediaBaseUrl,
	PLATFORM_HOSTS,
	type CoMagicCredentials,
} from './config';
export { apiError, errorField, errorMnemonic, hintFor, redact, type RpcErrorBody } from './errors';
export { findInReport, lookbackRange } from './lookup';
export { getAllItems, getReportRows, MAX_OFFSET, MAX_PAGE } from './paging';
export {
	DATA_TIME_FORMAT,
	formatDataTime,
	halveWindow,
	splitWindows,
	windowsBack,
	type Window,
} from './windows';
