import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';

const complete = {
  STAGE: 'prod',
  TABLE_NAME: 'outreach-prod',
  JWT_ISSUER: 'https://cognito-idp.cn-northwest-1.amazonaws.com.cn/cn-northwest-1_abc',
  JWT_AUDIENCE: 'client-a',
};

const without = (...names: (keyof typeof complete)[]) =>
  Object.fromEntries(Object.entries(complete).filter(([name]) => !names.includes(name as keyof typeof complete)));

describe('loadConfig', () => {
  it('reads a complete environment with its defaults', () => {
    expect(loadConfig(complete)).toEqual({
      ...complete,
      JWT_AUDIENCE: ['client-a'],
      AWS_REGION: 'cn-northwest-1',
      ROLES_CLAIM: 'cognito:groups',
      TOKEN_MAX_LIFETIME_SECONDS: 12 * 3600,
    });
  });

  for (const name of Object.keys(complete) as (keyof typeof complete)[]) {
    it(`names ${name} when it is missing`, () => {
      expect(() => loadConfig(without(name))).toThrow(new RegExp(`^Invalid configuration: .*\\b${name}\\b`));
    });

    it(`names ${name} when it is empty`, () => {
      expect(() => loadConfig({ ...complete, [name]: '' })).toThrow(new RegExp(`\\b${name}\\b`));
    });
  }

  it('names every missing variable at once, and nothing else', () => {
    let message = '';
    try {
      loadConfig({});
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of Object.keys(complete)) expect(message).toContain(name);
    expect(message).not.toMatch(/AWS_REGION|ROLES_CLAIM|TOPIC_ARN|JWKS_URL/);
    expect(message.split(';')).toHaveLength(4);
  });

  it('parses a comma-separated audience list, trimming blanks and dropping empty parts', () => {
    expect(loadConfig({ ...complete, JWT_AUDIENCE: 'client-a, client-b ,,client-c,' }).JWT_AUDIENCE).toEqual([
      'client-a',
      'client-b',
      'client-c',
    ]);
  });

  it('rejects a malformed JWKS_URL by name and accepts a proper one', () => {
    expect(() => loadConfig({ ...complete, JWKS_URL: 'not a url' })).toThrow(/JWKS_URL/);
    expect(loadConfig({ ...complete, JWKS_URL: 'https://issuer.example/.well-known/jwks.json' }).JWKS_URL).toBe(
      'https://issuer.example/.well-known/jwks.json',
    );
  });

  it('keeps explicit region, roles claim and topic', () => {
    const config = loadConfig({ ...complete, AWS_REGION: 'cn-north-1', ROLES_CLAIM: 'roles', TOPIC_ARN: 'arn:aws-cn:sns:cn-north-1:1:t' });
    expect(config).toMatchObject({ AWS_REGION: 'cn-north-1', ROLES_CLAIM: 'roles', TOPIC_ARN: 'arn:aws-cn:sns:cn-north-1:1:t' });
  });
});

describe('loadConfig with an audience of separators only', () => {
  it('fails the start naming JWT_AUDIENCE instead of accepting no audience at all', () => {
    expect(() => loadConfig({ ...complete, JWT_AUDIENCE: ' , ,' })).toThrow(/JWT_AUDIENCE/);
  });
});
