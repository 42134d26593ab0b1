/** An aid station as an admin registers it, in a given district. */
export const station = (district: string, overrides: Record<string, unknown> = {}) => ({
  name: '合川区救助管理站',
  type: 'aid_station',
  district,
  address: '重庆市合川区南津街街道',
  location: { lat: 29.98, lng: 106.27 },
  capacity: { male: 30, female: 12 },
  ...overrides,
});
