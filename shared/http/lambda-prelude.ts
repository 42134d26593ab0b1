/**
 * Imported first by the API function, before Hono and any schema: what the first request should not
 * pay for. The lean fetch classes replace the global ones for the whole process, so that answering
 * a request never loads undici (`lean-fetch.ts`); and zod parses without generating code, so the
 * first parse of each object schema does not compile a parser for it (`jitless`).
 */
import { z } from 'zod';
import { installLeanFetch } from './lean-fetch.js';

installLeanFetch();
z.config({ jitless: true });
