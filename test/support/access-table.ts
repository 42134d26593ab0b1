/**
 * The access matrix: for every operation of /openapi.json, the request a caller makes with objects
 * of a district, and the status each role gets
 * - `own`: with objects of its own district (shelter staff: of their own facility);
 * - `other`: with the ids of another district's objects (OWASP API1: they must not exist for it);
 * - `noClaim`: with a token that has the role but no `custom:district` / `custom:facility`.
 * Every token carrying two roles is refused (403) on every route; test/integration/access-matrix.test.ts
 * asserts all of it and fails for an operation of /openapi.json without an entry here. The README's
 * access table is generated from this file (`npm run access-table`).
 *
 * Adding a route: one entry, `request` building it from a district's objects, `expect` the statuses.
 */
import type { ZodType } from 'zod';
import type { Role, StaffRole } from '../../shared/domain/access.js';
import { personViewFor } from '../../shared/domain/person-views.js';
import type { Side } from './access-world.js';
import { randomUUID } from 'node:crypto';
import { outreachRules } from '../../shared/domain/rules.js';
import { caojieBoundary } from './campaigns.js';
import { station } from './facilities.js';

/** Statuses in role order: patrol, shelter, tracer, admin. */
export type ByRole = readonly [patrol: number, shelter: number, tracer: number, admin: number];
export const matrixRoles: readonly Role[] = ['patrol', 'shelter', 'tracer', 'admin'];
/** Every role the matrix asserts: the four user groups, then `system` (the national rule values), refused wherever no entry says otherwise. */
export const allMatrixRoles: readonly Role[] = [...matrixRoles, 'system'];
type Case = 'own' | 'other' | 'noClaim';
/** The status a role gets on an operation, in one case. */
export const expectedStatus = (entry: RouteAccess, role: Role, which: Case): number => {
  const i = matrixRoles.indexOf(role);
  return i >= 0 ? (entry.expect[which][i] as number) : (entry.system?.[which] ?? 403);
};

export type MatrixRequest = { path: string; query?: Record<string, string>; body?: unknown; headers?: Record<string, string> };

export type RouteAccess = {
  /** The request on a district's objects; `etag` reads a resource's current ETag (for If-Match). */
  request: (side: Side, etag: (path: string) => Promise<string>) => MatrixRequest | Promise<MatrixRequest>;
  expect: { own: ByRole; other: ByRole; noClaim: ByRole };
  /** The system role's statuses; without an entry, 403 in every case. */
  system?: { own: number; other: number; noClaim: number };
  /** The role's own output schema, checked strictly (no field beyond it); else the route's declared one. */
  output?: (role: StaffRole) => ZodType;
  /** Changes state: each `own` case runs on a fresh world, so one role's success does not decide another's. */
  mutates?: boolean;
};

/** The follow-up rule as shipped, written back unchanged. */
const followUpsValue = { refusalFollowUpDays: outreachRules.refusalFollowUpDays, resurveyMonths: outreachRules.resurveyMonths, visitMonths: [...outreachRules.visitMonths] };
const now = () => new Date(Date.now() - 60_000).toISOString();
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export const accessTable: Record<string, RouteAccess> = {
  'POST /v1/facilities': {
    mutates: true,
    request: (s) => ({ path: '/v1/facilities', body: station(s.district, { name: '第二救助站' }) }),
    expect: { own: [403, 403, 403, 201], other: [403, 403, 403, 403], noClaim: [403, 403, 403, 403] },
  },
  'GET /v1/facilities': {
    request: (s) => ({ path: '/v1/facilities', query: { district: s.district } }),
    expect: { own: [200, 200, 200, 200], other: [200, 200, 200, 200], noClaim: [200, 200, 200, 200] },
  },
  'GET /v1/facilities/{id}': {
    request: (s) => ({ path: `/v1/facilities/${s.facilityId}` }),
    expect: { own: [200, 200, 200, 200], other: [200, 200, 200, 200], noClaim: [200, 200, 200, 200] },
  },
  'PATCH /v1/facilities/{id}': {
    mutates: true,
    request: (s) => ({ path: `/v1/facilities/${s.facilityId}`, body: { name: '合川区救助管理站（新址）' } }),
    expect: { own: [403, 403, 403, 200], other: [403, 403, 403, 404], noClaim: [403, 403, 403, 404] },
  },
  'GET /v1/facilities/{id}/occupancy': {
    request: (s) => ({ path: `/v1/facilities/${s.facilityId}/occupancy` }),
    expect: { own: [403, 200, 403, 200], other: [403, 404, 403, 404], noClaim: [403, 404, 403, 403] },
  },
  'POST /v1/facilities/{id}/waitlist': {
    mutates: true,
    request: (s) => ({ path: `/v1/facilities/${s.fullId}/waitlist`, body: { personId: s.personId, reason: '床位已满' } }),
    expect: { own: [201, 404, 403, 201], other: [403, 404, 403, 404], noClaim: [403, 404, 403, 403] },
  },
  'GET /v1/facilities/{id}/waitlist': {
    request: (s) => ({ path: `/v1/facilities/${s.facilityId}/waitlist` }),
    expect: { own: [403, 200, 403, 200], other: [403, 404, 403, 404], noClaim: [403, 404, 403, 403] },
  },
  'DELETE /v1/facilities/{id}/waitlist/{personId}': {
    mutates: true,
    request: (s) => ({ path: `/v1/facilities/${s.facilityId}/waitlist/${s.waitingId}` }),
    expect: { own: [204, 204, 403, 204], other: [403, 404, 403, 404], noClaim: [403, 404, 403, 403] },
  },
  'POST /v1/persons': {
    mutates: true,
    request: (s) => ({
      path: '/v1/persons',
      body: { name: '张伟', sex: 'male', estimatedAge: 70, estimatedAt: inDays(0), riskFactors: ['elderly_alone'], registrationSource: 'patrol', district: s.district },
    }),
    expect: { own: [201, 201, 403, 201], other: [403, 403, 403, 403], noClaim: [403, 403, 403, 403] },
  },
  'GET /v1/persons': {
    request: (s) => ({ path: '/v1/persons', query: { district: s.district } }),
    expect: { own: [200, 200, 200, 200], other: [403, 403, 403, 403], noClaim: [403, 403, 403, 403] },
  },
  'GET /v1/persons/follow-ups': {
    request: (s) => ({ path: '/v1/persons/follow-ups', query: { due: `before:${inDays(400)}`, district: s.district } }),
    expect: { own: [200, 200, 403, 200], other: [403, 403, 403, 403], noClaim: [403, 403, 403, 403] },
  },
  'POST /v1/persons/{id}/concern-flag/clearance': {
    mutates: true,
    request: (s) => ({ path: `/v1/persons/${s.personId}/concern-flag/clearance`, body: { encounterId: s.encounterId, reason: '已与家属核实，无走失情形' } }),
    expect: { own: [403, 200, 403, 200], other: [403, 404, 403, 404], noClaim: [403, 404, 403, 404] },
  },
  'POST /v1/persons/{id}/clinical-finding': {
    mutates: true,
    request: (s) => ({
      path: `/v1/persons/${s.personId}/clinical-finding`,
      body: { outcome: 'no_mental_disorder', clinician: '合川区精神卫生中心 刘医生', at: new Date(Date.now() - 60_000).toISOString() },
    }),
    expect: { own: [403, 200, 403, 200], other: [403, 404, 403, 404], noClaim: [403, 404, 403, 404] },
  },
  'POST /v1/persons/lookup': {
    request: (s) => ({ path: '/v1/persons/lookup', body: { idNumber: s.idNumber } }),
    expect: { own: [200, 200, 403, 200], other: [200, 200, 403, 200], noClaim: [200, 200, 403, 200] },
  },
  'GET /v1/persons/{id}': {
    request: (s) => ({ path: `/v1/persons/${s.personId}` }),
    output: personViewFor,
    expect: { own: [200, 200, 200, 200], other: [404, 404, 404, 404], noClaim: [404, 404, 404, 404] },
  },
  'PATCH /v1/persons/{id}': {
    mutates: true,
    request: async (s, etag) => ({
      path: `/v1/persons/${s.personId}`,
      body: { marks: '右耳垂有痣' },
      headers: { 'if-match': await etag(`/v1/persons/${s.personId}`) },
    }),
    expect: { own: [200, 200, 403, 200], other: [404, 404, 403, 404], noClaim: [404, 404, 403, 404] },
  },
  'POST /v1/encounters': {
    mutates: true,
    request: (s) => ({
      path: '/v1/encounters',
      body: { personId: s.personId, occurredAt: now(), location: { lat: 29.98, lng: 106.35, crs: 'WGS84' }, actions: ['offered_water'] },
    }),
    expect: { own: [201, 201, 403, 201], other: [404, 404, 403, 404], noClaim: [403, 403, 403, 403] },
  },
  'GET /v1/encounters': {
    request: (s) => ({ path: '/v1/encounters', query: { district: s.district } }),
    expect: { own: [200, 200, 200, 200], other: [403, 403, 403, 403], noClaim: [403, 403, 403, 403] },
  },
  'GET /v1/persons/{id}/encounters': {
    request: (s) => ({ path: `/v1/persons/${s.personId}/encounters` }),
    expect: { own: [200, 200, 200, 200], other: [404, 404, 404, 404], noClaim: [404, 404, 404, 404] },
  },
  'GET /v1/aid-cases': {
    request: (s) => ({ path: '/v1/aid-cases', query: { district: s.district } }),
    expect: { own: [200, 200, 403, 200], other: [403, 403, 403, 403], noClaim: [403, 403, 403, 403] },
  },
  'GET /v1/aid-cases/{id}': {
    request: (s) => ({ path: `/v1/aid-cases/${s.aidCaseId}` }),
    expect: { own: [200, 200, 403, 200], other: [404, 404, 403, 404], noClaim: [404, 404, 403, 404] },
  },
  'POST /v1/aid-cases/{id}/paid': {
    mutates: true,
    request: (s) => ({ path: `/v1/aid-cases/${s.aidCaseId}/paid`, body: { amount: 100, at: now() } }),
    expect: { own: [200, 403, 403, 200], other: [404, 403, 403, 404], noClaim: [404, 403, 403, 404] },
  },
  'POST /v1/admissions': {
    mutates: true,
    request: (s) => ({ path: '/v1/admissions', body: { personId: s.waitingId, facilityId: s.facilityId, at: now(), via: 'self_referred' } }),
    expect: { own: [201, 201, 403, 201], other: [403, 404, 403, 404], noClaim: [403, 403, 403, 403] },
  },
  'GET /v1/stays': {
    request: (s) => ({ path: '/v1/stays', query: { facilityId: s.facilityId } }),
    expect: { own: [403, 200, 403, 200], other: [403, 404, 403, 404], noClaim: [403, 404, 403, 403] },
  },
  'GET /v1/stays/{id}': {
    request: (s) => ({ path: `/v1/stays/${s.stayId}` }),
    expect: { own: [403, 200, 403, 200], other: [403, 404, 403, 404], noClaim: [403, 404, 403, 403] },
  },
  'POST /v1/stays/{id}/discharge': {
    mutates: true,
    request: (s) => ({ path: `/v1/stays/${s.stayId}/discharge`, body: { reason: 'escorted_home', at: now(), escort: { staff: '张建国', address: '重庆市合川区草街街道拱桥村3组' } } }),
    expect: { own: [403, 200, 403, 200], other: [403, 404, 403, 404], noClaim: [403, 404, 403, 403] },
  },
  'POST /v1/stays/{id}/transfer': {
    mutates: true,
    request: (s) => ({ path: `/v1/stays/${s.freeStayId}/transfer`, body: { toFacilityId: s.homeId } }),
    expect: { own: [403, 200, 403, 200], other: [403, 404, 403, 404], noClaim: [403, 404, 403, 403] },
  },
  'POST /v1/stays/{id}/extensions': {
    mutates: true,
    request: (s) => ({ path: `/v1/stays/${s.stayId}/extensions`, body: { reason: '等待家属来接', until: inDays(20) } }),
    expect: { own: [403, 201, 403, 201], other: [403, 404, 403, 404], noClaim: [403, 404, 403, 403] },
  },
  'POST /v1/stays/{id}/care-mode': {
    mutates: true,
    // The world's stays began an hour ago: the care mode waits for 滞留 (409 not_stranded) for those who may act on them.
    request: (s) => ({ path: `/v1/stays/${s.stayId}/care-mode`, body: { mode: 'foster_family', carer: '合川区南津街 王家', reason: '老人适应家庭环境' } }),
    expect: { own: [403, 409, 403, 409], other: [403, 404, 403, 404], noClaim: [403, 404, 403, 403] },
  },
  'POST /v1/placements/proposals': {
    mutates: true,
    request: (s) => ({ path: '/v1/placements/proposals', body: { personId: s.personId } }),
    expect: { own: [403, 201, 403, 201], other: [403, 404, 403, 404], noClaim: [403, 404, 403, 403] },
  },
  'GET /v1/placements/proposals/{id}': {
    request: (s) => ({ path: `/v1/placements/proposals/${s.proposalId}` }),
    expect: { own: [403, 200, 403, 200], other: [403, 404, 403, 404], noClaim: [403, 404, 403, 403] },
  },
  'POST /v1/placements': {
    mutates: true,
    request: (s) => ({ path: '/v1/placements', body: { personId: s.freePersonId, facilityId: s.homeId, kind: 'short_stay' } }),
    expect: { own: [403, 201, 403, 201], other: [403, 404, 403, 404], noClaim: [403, 404, 403, 403] },
  },
  'GET /v1/placements': {
    request: (s) => ({ path: '/v1/placements', query: { facilityId: s.facilityId, direction: 'outgoing' } }),
    expect: { own: [403, 200, 403, 200], other: [403, 404, 403, 404], noClaim: [403, 404, 403, 403] },
  },
  'GET /v1/placements/{id}': {
    request: (s) => ({ path: `/v1/placements/${s.placementId}` }),
    expect: { own: [403, 200, 403, 200], other: [403, 404, 403, 404], noClaim: [403, 404, 403, 403] },
  },
  'POST /v1/placements/{id}/accept': {
    mutates: true,
    request: (s) => ({ path: `/v1/placements/${s.placementId}/accept` }),
    expect: { own: [403, 404, 403, 200], other: [403, 404, 403, 404], noClaim: [403, 404, 403, 403] },
  },
  'POST /v1/placements/{id}/decline': {
    mutates: true,
    request: (s) => ({ path: `/v1/placements/${s.placementId}/decline`, body: { reason: '暂无合适床位' } }),
    expect: { own: [403, 404, 403, 200], other: [403, 404, 403, 404], noClaim: [403, 404, 403, 403] },
  },
  'POST /v1/placements/{id}/withdraw': {
    mutates: true,
    request: (s) => ({ path: `/v1/placements/${s.placementId}/withdraw`, body: { reason: '家属已联系，暂不安置' } }),
    expect: { own: [403, 200, 403, 200], other: [403, 404, 403, 404], noClaim: [403, 404, 403, 403] },
  },
  'POST /v1/persons/{id}/photos': {
    mutates: true,
    request: (s) => ({ path: `/v1/persons/${s.foundId}/photos`, body: { contentType: 'image/jpeg', sizeBytes: 1000, purpose: 'portrait' } }),
    expect: { own: [201, 201, 201, 201], other: [404, 404, 404, 404], noClaim: [404, 404, 404, 404] },
  },
  'GET /v1/persons/{id}/photos': {
    request: (s) => ({ path: `/v1/persons/${s.foundId}/photos` }),
    expect: { own: [200, 200, 200, 200], other: [404, 404, 404, 404], noClaim: [404, 404, 404, 404] },
  },
  'POST /v1/persons/{id}/photos/{photoId}/complete': {
    mutates: true,
    request: (s) => ({ path: `/v1/persons/${s.foundId}/photos/${s.pendingPhotoId}/complete` }),
    expect: { own: [200, 200, 200, 200], other: [404, 404, 404, 404], noClaim: [404, 404, 404, 404] },
  },
  'GET /v1/persons/{id}/photos/{photoId}': {
    request: (s) => ({ path: `/v1/persons/${s.foundId}/photos/${s.photoId}` }),
    expect: { own: [200, 200, 200, 200], other: [404, 404, 404, 404], noClaim: [404, 404, 404, 404] },
  },
  'POST /v1/persons/{id}/photos/{photoId}/notice-portrait': {
    mutates: true,
    request: (s) => ({ path: `/v1/persons/${s.foundId}/photos/${s.photoId}/notice-portrait` }),
    expect: { own: [403, 200, 200, 200], other: [403, 404, 404, 404], noClaim: [403, 404, 404, 404] },
  },
  'GET /v1/persons/{id}/tracing': {
    request: (s) => ({ path: `/v1/persons/${s.foundId}/tracing` }),
    expect: { own: [403, 200, 200, 200], other: [403, 404, 404, 404], noClaim: [403, 404, 404, 404] },
  },
  'POST /v1/persons/{id}/tracing/events': {
    mutates: true,
    request: (s) => ({ path: `/v1/persons/${s.foundId}/tracing/events`, body: { kind: 'notice_published', channel: 'national_tracing_site', url: 'https://www.zgszrx.org.cn/notice/1' } }),
    expect: { own: [403, 201, 201, 201], other: [403, 404, 404, 404], noClaim: [403, 404, 404, 404] },
  },
  'GET /v1/persons/{id}/matches': {
    request: (s) => ({ path: `/v1/persons/${s.foundId}/matches` }),
    expect: { own: [403, 200, 200, 200], other: [403, 404, 404, 404], noClaim: [403, 404, 404, 404] },
  },
  'POST /v1/persons/{id}/reunion': {
    mutates: true,
    request: (s) => ({ path: `/v1/persons/${s.foundId}/reunion`, body: { method: 'family_pickup', relative: { name: '王芳', relation: '女儿', verification: { document: 'resident_id_card', last4: '0026', checkedAt: new Date(Date.now() - 60_000).toISOString() } }, at: new Date().toISOString() } }),
    expect: { own: [403, 200, 200, 200], other: [403, 404, 404, 404], noClaim: [403, 404, 404, 403] },
  },
  'GET /v1/persons/{id}/notice': {
    request: (s) => ({ path: `/v1/persons/${s.foundId}/notice` }),
    expect: { own: [403, 200, 200, 200], other: [403, 404, 404, 404], noClaim: [403, 404, 404, 404] },
  },
  'GET /v1/persons/{id}/export': {
    request: (s) => ({ path: `/v1/persons/${s.personId}/export`, query: { basis: 'data_subject', requester: '本人' } }),
    expect: { own: [403, 403, 403, 200], other: [403, 403, 403, 404], noClaim: [403, 403, 403, 404] },
  },
  'POST /v1/persons/{id}/erasure': {
    mutates: true,
    request: (s) => ({ path: `/v1/persons/${s.streetId}/erasure`, body: { basis: 'subject_request', requester: '本人，身份证核验', reason: '本人要求删除' } }),
    expect: { own: [403, 403, 403, 201], other: [403, 403, 403, 404], noClaim: [403, 403, 403, 404] },
  },
  'POST /v1/persons/{id}/corrections': {
    mutates: true,
    request: (s) => ({ path: `/v1/persons/${s.personId}/corrections`, body: { basis: 'guardian', requester: '女儿', fields: ['marks'], asked: '疤痕在右手' } }),
    expect: { own: [403, 403, 403, 201], other: [403, 403, 403, 404], noClaim: [403, 403, 403, 404] },
  },
  'GET /v1/persons/{id}/corrections': {
    request: (s) => ({ path: `/v1/persons/${s.personId}/corrections` }),
    expect: { own: [403, 403, 403, 200], other: [403, 403, 403, 404], noClaim: [403, 403, 403, 404] },
  },
  'POST /v1/persons/{id}/corrections/{correctionId}/decision': {
    mutates: true,
    request: (s) => ({ path: `/v1/persons/${s.personId}/corrections/${s.correctionId}/decision`, body: { outcome: 'refused', reason: '与户籍记录一致' } }),
    expect: { own: [403, 403, 403, 200], other: [403, 403, 403, 404], noClaim: [403, 403, 403, 404] },
  },
  'GET /v1/tracing/cases': {
    request: (s) => ({ path: '/v1/tracing/cases', query: { district: s.district } }),
    expect: { own: [403, 200, 200, 200], other: [403, 403, 403, 403], noClaim: [403, 403, 403, 403] },
  },
  'POST /v1/missing-reports': {
    mutates: true,
    request: () => ({ path: '/v1/missing-reports', body: { name: '王晓明', aliases: [], sex: 'male', birthYear: 1956, lastSeen: { at: now(), place: '成都市金牛区茶店子公交站' }, reporter: { name: '王芳', relation: '女儿', phone: '13812345678' } } }),
    expect: { own: [403, 403, 201, 201], other: [403, 403, 201, 201], noClaim: [403, 403, 403, 403] },
  },
  'GET /v1/missing-reports': {
    request: (s) => ({ path: '/v1/missing-reports', query: { district: s.district } }),
    expect: { own: [403, 403, 200, 200], other: [403, 403, 403, 403], noClaim: [403, 403, 403, 403] },
  },
  'GET /v1/missing-reports/{id}': {
    request: (s) => ({ path: `/v1/missing-reports/${s.reportId}` }),
    expect: { own: [403, 403, 200, 200], other: [403, 403, 404, 404], noClaim: [403, 403, 404, 404] },
  },
  'PATCH /v1/missing-reports/{id}': {
    mutates: true,
    request: async (s, etag) => ({ path: `/v1/missing-reports/${s.reportId}`, body: { heightCm: 150 }, headers: { 'if-match': await etag(`/v1/missing-reports/${s.reportId}`) } }),
    expect: { own: [403, 403, 200, 200], other: [403, 403, 404, 404], noClaim: [403, 403, 404, 404] },
  },
  'POST /v1/missing-reports/{id}/close': {
    mutates: true,
    request: (s) => ({ path: `/v1/missing-reports/${s.reportId}/close`, body: { reason: 'withdrawn' } }),
    expect: { own: [403, 403, 200, 200], other: [403, 403, 404, 404], noClaim: [403, 403, 404, 404] },
  },
  'POST /v1/missing-reports/{id}/reopen': {
    mutates: true,
    // Only the filing district reopens (the district's report is open: reopening it again returns it).
    request: (s) => ({ path: `/v1/missing-reports/${s.reportId}/reopen`, body: { reason: '家属说明人仍未找到' } }),
    expect: { own: [403, 403, 200, 200], other: [403, 403, 404, 404], noClaim: [403, 403, 404, 404] },
  },
  'GET /v1/missing-reports/{id}/matches': {
    request: (s) => ({ path: `/v1/missing-reports/${s.reportId}/matches` }),
    expect: { own: [403, 403, 200, 200], other: [403, 403, 404, 404], noClaim: [403, 403, 404, 404] },
  },
  'POST /v1/matches/{personId}/{reportId}/decision': {
    mutates: true,
    request: (s) => ({ path: `/v1/matches/${s.foundId}/${s.reportId}/decision`, body: { decision: 'rejected', note: '核对照片与体貌特征' } }),
    expect: { own: [403, 200, 200, 200], other: [403, 404, 404, 404], noClaim: [403, 404, 404, 404] },
  },
  'POST /v1/areas': {
    mutates: true,
    request: (s) => ({ path: '/v1/areas', body: { name: `钱塘镇${s.district}`, district: s.district, boundary: caojieBoundary, altitudeM: 230 } }),
    expect: { own: [403, 403, 403, 201], other: [403, 403, 403, 403], noClaim: [403, 403, 403, 403] },
  },
  'GET /v1/areas': {
    request: (s) => ({ path: '/v1/areas', query: { district: s.district } }),
    expect: { own: [200, 200, 403, 200], other: [403, 403, 403, 403], noClaim: [403, 403, 403, 403] },
  },
  'GET /v1/areas/{id}': {
    request: (s) => ({ path: `/v1/areas/${s.areaId}` }),
    expect: { own: [200, 200, 403, 200], other: [404, 404, 403, 404], noClaim: [404, 404, 403, 404] },
  },
  'PATCH /v1/areas/{id}': {
    mutates: true,
    request: (s) => ({ path: `/v1/areas/${s.areaId}`, body: { altitudeM: 240 } }),
    expect: { own: [403, 403, 403, 200], other: [403, 403, 403, 404], noClaim: [403, 403, 403, 404] },
  },
  'POST /v1/weather/warnings': {
    mutates: true,
    request: (s) => ({ path: '/v1/weather/warnings', body: { identifier: `access-${randomUUID()}`, sender: 'cq@cma.gov.cn', sent: now(), msgType: 'Alert', event: '寒潮', level: 'yellow', onset: now(), expires: inDays(2) + 'T00:00:00Z', areas: [s.areaName] } }),
    expect: { own: [403, 403, 403, 201], other: [403, 403, 403, 201], noClaim: [403, 403, 403, 403] },
  },
  'POST /v1/campaigns/evaluate': {
    mutates: true,
    request: () => ({ path: '/v1/campaigns/evaluate' }),
    expect: { own: [403, 403, 403, 200], other: [403, 403, 403, 200], noClaim: [403, 403, 403, 403] },
  },
  'GET /v1/campaigns': {
    request: (s) => ({ path: '/v1/campaigns', query: { district: s.district } }),
    expect: { own: [200, 200, 403, 200], other: [403, 403, 403, 403], noClaim: [403, 403, 403, 403] },
  },
  'GET /v1/campaigns/{id}/report': {
    request: (s) => ({ path: `/v1/campaigns/${s.campaignId}/report` }),
    expect: { own: [200, 200, 403, 200], other: [404, 404, 403, 404], noClaim: [404, 404, 403, 404] },
  },
  'GET /v1/campaigns/{id}': {
    request: (s) => ({ path: `/v1/campaigns/${s.campaignId}` }),
    expect: { own: [200, 200, 403, 200], other: [404, 404, 403, 404], noClaim: [404, 404, 403, 404] },
  },
  // A district office reads its district's rules and overrides them; the system role reads and changes
  // the national values; an office without a district reads the national ones and changes nothing.
  'GET /v1/rules': {
    request: () => ({ path: '/v1/rules' }),
    expect: { own: [403, 403, 403, 200], other: [403, 403, 403, 200], noClaim: [403, 403, 403, 200] },
    system: { own: 200, other: 200, noClaim: 200 },
  },
  'GET /v1/rules/{name}': {
    request: () => ({ path: '/v1/rules/followUps' }),
    expect: { own: [403, 403, 403, 200], other: [403, 403, 403, 200], noClaim: [403, 403, 403, 200] },
    system: { own: 200, other: 200, noClaim: 200 },
  },
  'PUT /v1/rules/{name}': {
    mutates: true,
    request: async (_s, etag) => ({ path: '/v1/rules/followUps', body: { value: followUpsValue }, headers: { 'if-match': await etag('/v1/rules/followUps') } }),
    expect: { own: [403, 403, 403, 200], other: [403, 403, 403, 200], noClaim: [403, 403, 403, 403] },
    system: { own: 200, other: 200, noClaim: 200 },
  },
  'GET /v1/audit': {
    request: (s) => ({ path: '/v1/audit', query: { subjectId: s.personId } }),
    expect: { own: [403, 403, 403, 200], other: [403, 403, 403, 200], noClaim: [403, 403, 403, 200] },
  },
  'GET /v1/reports/monthly': {
    request: (s) => ({ path: '/v1/reports/monthly', query: { month: new Date().toISOString().slice(0, 7), district: s.district } }),
    expect: { own: [403, 403, 403, 200], other: [403, 403, 403, 403], noClaim: [403, 403, 403, 403] },
  },
  'GET /v1/reports/daily': {
    request: (s) => ({ path: '/v1/reports/daily', query: { since: inDays(-6), until: inDays(0), district: s.district } }),
    expect: { own: [403, 403, 403, 200], other: [403, 403, 403, 403], noClaim: [403, 403, 403, 403] },
  },
};

/**
 * The office of a wider jurisdiction (a province's 民政厅, `custom:district` = `XX0000`, role admin):
 * the status it gets for each operation on the objects of a district under it. It reads and acts
 * nowhere else: no write succeeds, every read is audited.
 */
export const widerOfficeAccess: Record<string, number> = {
  'POST /v1/facilities': 403,
  'GET /v1/facilities': 200,
  'GET /v1/facilities/{id}': 200,
  'PATCH /v1/facilities/{id}': 404,
  'GET /v1/facilities/{id}/occupancy': 200,
  'POST /v1/facilities/{id}/waitlist': 404,
  'GET /v1/facilities/{id}/waitlist': 200,
  'DELETE /v1/facilities/{id}/waitlist/{personId}': 404,
  'POST /v1/persons': 403,
  'GET /v1/persons': 200,
  'GET /v1/persons/follow-ups': 200,
  'POST /v1/persons/{id}/concern-flag/clearance': 404,
  'POST /v1/persons/{id}/clinical-finding': 404,
  'POST /v1/persons/lookup': 200,
  'GET /v1/persons/{id}': 200,
  'PATCH /v1/persons/{id}': 404,
  'POST /v1/encounters': 403,
  'GET /v1/encounters': 200,
  'GET /v1/persons/{id}/encounters': 200,
  'GET /v1/aid-cases': 200,
  'GET /v1/aid-cases/{id}': 200,
  'POST /v1/aid-cases/{id}/paid': 404,
  'POST /v1/admissions': 404,
  'GET /v1/stays': 200,
  'GET /v1/stays/{id}': 200,
  'POST /v1/stays/{id}/discharge': 404,
  'POST /v1/stays/{id}/transfer': 404,
  'POST /v1/stays/{id}/extensions': 404,
  'POST /v1/stays/{id}/care-mode': 404,
  'POST /v1/placements/proposals': 404,
  'GET /v1/placements/proposals/{id}': 200,
  'POST /v1/placements': 404,
  'GET /v1/placements': 200,
  'GET /v1/placements/{id}': 200,
  'POST /v1/placements/{id}/accept': 404,
  'POST /v1/placements/{id}/decline': 404,
  'POST /v1/placements/{id}/withdraw': 404,
  'POST /v1/persons/{id}/photos': 404,
  'GET /v1/persons/{id}/photos': 200,
  'POST /v1/persons/{id}/photos/{photoId}/complete': 404,
  'GET /v1/persons/{id}/photos/{photoId}': 200,
  'POST /v1/persons/{id}/photos/{photoId}/notice-portrait': 404,
  'GET /v1/persons/{id}/tracing': 200,
  'POST /v1/persons/{id}/tracing/events': 404,
  'GET /v1/persons/{id}/matches': 200,
  'POST /v1/persons/{id}/reunion': 404,
  'GET /v1/persons/{id}/notice': 200,
  'GET /v1/persons/{id}/export': 404,
  'POST /v1/persons/{id}/erasure': 404,
  'POST /v1/persons/{id}/corrections': 404,
  'GET /v1/persons/{id}/corrections': 404,
  'POST /v1/persons/{id}/corrections/{correctionId}/decision': 404,
  'GET /v1/tracing/cases': 200,
  'POST /v1/missing-reports': 403,
  'GET /v1/missing-reports': 200,
  'GET /v1/missing-reports/{id}': 200,
  'PATCH /v1/missing-reports/{id}': 403,
  'POST /v1/missing-reports/{id}/close': 403,
  'POST /v1/missing-reports/{id}/reopen': 403,
  'GET /v1/missing-reports/{id}/matches': 200,
  'POST /v1/matches/{personId}/{reportId}/decision': 404,
  'POST /v1/areas': 403,
  'GET /v1/areas': 200,
  'GET /v1/areas/{id}': 200,
  'PATCH /v1/areas/{id}': 404,
  'POST /v1/weather/warnings': 403,
  'POST /v1/campaigns/evaluate': 403,
  'GET /v1/campaigns': 200,
  'GET /v1/campaigns/{id}/report': 200,
  'GET /v1/campaigns/{id}': 200,
  'GET /v1/rules': 200,
  'GET /v1/rules/{name}': 200,
  'PUT /v1/rules/{name}': 403,
  'GET /v1/audit': 200,
  'GET /v1/reports/monthly': 200,
  'GET /v1/reports/daily': 200,
};

/** The README's access table: one row per operation, `own · other district · no claim` per role, and the province's office. */
export function accessMarkdown(table: Record<string, RouteAccess> = accessTable, wider: Record<string, number> = widerOfficeAccess): string {
  const header = `| operation | ${allMatrixRoles.join(' | ')} | province office |\n|---|${allMatrixRoles.map(() => '---').join('|')}|---|`;
  const rows = Object.entries(table).map(([operation, entry]) => {
    const cells = allMatrixRoles.map((role) => (['own', 'other', 'noClaim'] as const).map((which) => expectedStatus(entry, role, which)).join(' · '));
    return `| \`${operation}\` | ${cells.join(' | ')} | ${wider[operation] ?? '?'} |`;
  });
  return [header, ...rows].join('\n');
}
