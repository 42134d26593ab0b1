import type { Actor } from '../domain/access.js';
import type { Db } from '../store/client.js';
import type { TokenVerifier } from './auth.js';
import type { DevTokenIssuer } from './dev-tokens.js';

/** Everything the app needs from outside, built once per process and injected (tests pass their own). */
export type Deps = {
  stage: string;
  db: Db;
  verifyToken: TokenVerifier;
  /** Key of the blind index over ID numbers (HMAC), so exact lookup needs no number in clear. */
  idIndexKey: string;
  /** The current time; tests pin it. */
  now: () => Date;
  /** Only in the local stage: signs development tokens. */
  devTokens?: DevTokenIssuer;
};

export type AppEnv = {
  Variables: {
    deps: Deps;
    actor: Actor;
    requestId: string;
  };
};
