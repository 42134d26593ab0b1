import { listAudit, type AuditEntry } from '../store/audit.js';
import type { Db } from '../store/client.js';
import type { Page, PageRequest } from '../store/pagination.js';

/** A subject's audit trail, newest first (the office's view of who read or changed what). */
export const auditTrail = (db: Db, subjectId: string, page: PageRequest): Promise<Page<AuditEntry>> => listAudit(db, subjectId, page);
