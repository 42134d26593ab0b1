import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The structured JSON logger. Log ids and outcomes, never personal data: no names, ID numbers,
 * places or health details.
 */
export const logger = new Logger({
  serviceName: process.env['POWERTOOLS_SERVICE_NAME'] ?? 'outreach',
  logLevel: (process.env['LOG_LEVEL'] as 'INFO' | undefined) ?? (process.env['NODE_ENV'] === 'test' ? 'SILENT' : 'INFO'),
});
