import { z } from 'zod';

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
  TOPIC_ARN: z.string().optional(),
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
