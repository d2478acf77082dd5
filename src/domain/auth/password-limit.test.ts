import { describe, expect, it } from 'vitest';
import { addressKey } from './password-limit.ts';

describe('addressKey: what counts as one client', () => {
  it('keeps IPv4 addresses, and unwraps IPv4-mapped IPv6', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::FFFF:203.0.113.7')).toBe('203.0.113.7');
  });

  it('takes the /64 of an IPv6 address, however it is written', () => {
    const same = ['2001:db8:1:2::1', '2001:0db8:0001:0002:ffff::9', '2001:DB8:1:2:abcd:1:2:3', '2001:db8:1:2::', '2001:db8:1:2::1%eth0'];
    for (const a of same) expect(addressKey(a), a).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('::1.2.3.4')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80:1:2:3:4:5:6:7')).toBe('fe80:1:2:3::/64');
    expect(addressKey('2001:db8:1:3::1')).not.toBe(addressKey('2001:db8:1:2::1'));
  });

  it('passes anything else through as its own key', () => {
    expect(addressKey('')).toBe('');
    expect(addressKey('not an address')).toBe('not an address');
  });
});
