import { z } from 'zod';

/** The longest token lifetime accepted unless TOKEN_MAX_LIFETIME_SECONDS says otherwise: a working shift. */
export const DEFAULT_TOKEN_MAX_LIFETIME_SECONDS = 12 * 3600;

/** Longest accepted token lifetime (`exp` − `iat`), in seconds: one minute to seven days. */
const tokenMaxLifetime = z.coerce.number().int().min(60).max(7 * 86_400).default(DEFAULT_TOKEN_MAX_LIFETIME_SECONDS);

/**
 * Configuration, validated once at cold start: a missing or malformed variable stops the start
 * with its name instead of failing a request later.
 */
const configSchema = z.object({
  STAGE: z.string().min(1),
  TABLE_NAME: z.string().min(1),
  AWS_REGION: z.string().min(1).default('cn-northwest-1'),
  /** Token issuer (Cognito user pool URL or any OIDC issuer); in local mode the local key pair's name. */
  JWT_ISSUER: z.string().min(1),
  /** Accepted audiences (app client ids), comma-separated. */
  JWT_AUDIENCE: z
    .string()
    .min(1)
    .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
    .refine((audiences) => audiences.length > 0, 'Name at least one audience.'),
  /** JWKS location; defaults to `<issuer>/.well-known/jwks.json` (Cognito's layout). */
  JWKS_URL: z.string().url().optional(),
  /** Claim that carries the caller's roles. */
  ROLES_CLAIM: z.string().default('cognito:groups'),
  /** Tokens that live longer (or carry no `exp`) are refused. */
  TOKEN_MAX_LIFETIME_SECONDS: tokenMaxLifetime,
  TOPIC_ARN: z.string().optional(),
  /** The private bucket of person photos (the API function's; the stack sets it with the grant). */
  PHOTOS_BUCKET: z.string().min(1).optional(),
});

export type Config = z.infer<typeof configSchema>;

/** Reads and validates the configuration from an environment; throws naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const names = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration: ${names.join('; ')}`);
  }
  return parsed.data;
}

/** TOKEN_MAX_LIFETIME_SECONDS alone, for the local runtime (which reads no cloud setting); throws naming it. */
export function loadTokenMaxLifetime(env: Record<string, string | undefined> = process.env): number {
  const parsed = tokenMaxLifetime.safeParse(env['TOKEN_MAX_LIFETIME_SECONDS']);
  if (!parsed.success) throw new Error(`Invalid configuration: TOKEN_MAX_LIFETIME_SECONDS: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  return parsed.data;
}
