/** The active campaigns of the worker's district and their visit lists, merged in the API's priority order. */
import { api, must, type Schemas } from './api/client';

export type Campaign = Schemas['Campaign'];
export type Visit = Schemas['Visit'] & { campaignId: string };

/** Pages of a visit list read (100 visits a page); each page's persons are audited as listed. */
const MAX_PAGES = 3;

async function visitsOf(campaign: Campaign): Promise<Visit[]> {
  const visits: Visit[] = [];
  let page: number | null = 0;
  for (let read = 0; page !== null && read < MAX_PAGES; read += 1) {
    const result: { visits: Schemas['Visit'][]; nextPage: number | null } = await must(api.GET('/v1/campaigns/{id}', { params: { path: { id: campaign.id }, query: { page } } }));
    visits.push(...result.visits.map((visit) => ({ ...visit, campaignId: campaign.id })));
    page = result.nextPage;
  }
  return visits;
}

/**
 * Every active campaign's visits, rank by rank across campaigns (each list is already ordered: minors,
 * elderly, ill and disabled first); a person or spot listed by two campaigns (cold wave and road icing
 * in one area) appears once, under the first.
 */
export async function activeCampaignVisits(): Promise<{ campaigns: Campaign[]; visits: Visit[] }> {
  const campaigns = (await must(api.GET('/v1/campaigns', { params: { query: { status: 'active', limit: 20 } } }))).items;
  const lists = await Promise.all(campaigns.map(visitsOf));
  const seen = new Set<string>();
  const visits = lists
    .flat()
    .sort((a, b) => a.rank - b.rank)
    .filter((visit) => {
      const key = `${visit.kind}#${visit.id}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  return { campaigns, visits };
}
