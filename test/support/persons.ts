import { idNumberCheckChar } from '../../shared/domain/idNumber.js';

/** A valid 居民身份证号 for a birth date and sequence (odd sequence = male). */
export function makeIdNumber(birthDate: string, sequence: number, region = '500117'): string {
  const first17 = `${region}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

/** A register entry as a family would report it. */
export const registeredPerson = (district: string, overrides: Record<string, unknown> = {}) => ({
  name: '王小明',
  aliases: ['小明'],
  sex: 'male',
  birthYear: 1948,
  heightCm: 168,
  marks: '左手背有烫伤疤痕',
  dialect: '合川话',
  homeRegion: { province: '重庆市', city: '重庆市', county: '合川区' },
  riskFactors: ['dementia', 'elderly_alone'],
  healthNotes: '阿尔茨海默病中期',
  status: 'unknown',
  guardians: [{ name: '王芳', relation: '女儿', phone: '13812345678' }],
  registrationSource: 'family',
  district,
  ...overrides,
});
