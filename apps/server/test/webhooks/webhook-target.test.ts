import { expect, it } from 'vitest';
import { isPrivateAddress } from '../../src/modules/webhooks/domain/webhook-target.js';
import { postWebhook } from '../../src/modules/webhooks/jobs/post-webhook.js';

it.each([
  ['127.0.0.1', true],
  ['10.1.2.3', true],
  ['169.254.169.254', true],
  ['172.20.0.1', true],
  ['192.168.1.1', true],
  ['100.64.0.1', true],
  ['0.0.0.0', true],
  ['8.8.8.8', false],
  ['::1', true],
  ['::', true],
  ['::ffff:127.0.0.1', true],
  ['::ffff:7f00:1', true],
  ['0:0:0:0:0:ffff:7f00:1', true],
  ['::ffff:a9fe:a9fe', true],
  ['::127.0.0.1', true],
  ['64:ff9b::7f00:1', true],
  ['64:ff9b::808:808', false],
  ['2002:7f00:1::', true],
  ['2002:808:808::', false],
  ['fd00::1', true],
  ['fe80::1', true],
  ['ff02::1', true],
  ['2606:4700:4700::1111', false],
  ['::ffff:8.8.8.8', false],
])('judges %s private: %s', (address, expected) => {
  expect(isPrivateAddress(address)).toBe(expected);
});

it('refuses a name that resolves to loopback', async () => {
  const send = (url: string) =>
    postWebhook(new URL(url), {}, '{}', { timeoutMs: 1000, allowPrivateTargets: false });
  await expect(send('http://localhost:9/hook')).rejects.toThrow(/resolves to the private address/);
  await expect(send('http://[::ffff:7f00:1]:9/hook')).rejects.toThrow(/is a private address/);
});
