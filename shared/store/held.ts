import type { Db } from './client.js';
import { keys } from './keys.js';
import { put, type TransactItem } from './transact.js';

/**
 * The reference beside a person to an item about them kept under its own key (a stay, a
 * placement, a proposal, an aid case), written in the transaction that creates the item: what is
 * held about a person is then two queries of their partition and index entries, never a scan.
 */
export const heldRefPut = (db: Db, personId: string, target: { pk: string; sk: string }): TransactItem =>
  put(db, { ...keys.heldRef(personId, target), type: 'heldRef', target: { pk: target.pk, sk: target.sk } });

/** An item created with its reference beside the person it is about. */
export const withHeldRef = (db: Db, personId: string, created: TransactItem & { Put?: { Item?: Record<string, unknown> } }): TransactItem[] => {
  const item = created.Put?.Item;
  if (!item) throw new Error('withHeldRef takes the Put that creates an item');
  return [created, heldRefPut(db, personId, { pk: String(item['pk']), sk: String(item['sk']) })];
};
