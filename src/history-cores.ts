// The real cores the history store uses: the role classifier and the dedup matcher (light: no sources, no HTTP).
import type { HistoryCores } from './core/storage.js';
import { classifyRoles, ROLES_VERSION } from './roles.js';
import { dedupFeatures, matchJob, type DedupFeatures } from './dedup.js';

export const historyCores: HistoryCores = {
  classifyRoles: (doc) => classifyRoles({ title: doc.title, text: doc.text, mentions: doc.mentions ?? null }),
  rolesVersion: ROLES_VERSION,
  features: (doc) => dedupFeatures(doc),
  match: (doc, features, index, selfId) => matchJob(doc, features as DedupFeatures, index, selfId),
};
