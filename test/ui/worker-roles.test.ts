// The one engine worker's plumbing (src/workers/start.ts, web-port.ts): each role has its
// own worker name and is read back from it, and the messages that arrive while the role's
// module loads are held and delivered in order once it listens. That the built site has a
// single worker bundle is checked in the browser suites and the build itself.
import { describe, expect, it } from 'vitest';
import { roleOfName, WORKER_NAMES, type WorkerRole } from '../../src/workers/start';
import { comlinkEndpoint, heldScope, selfEndpoint, type WorkerScope } from '../../src/workers/web-port';

/** A worker scope whose incoming messages the test sends by hand. */
function fakeScope() {
  const listeners: ((e: MessageEvent) => void)[] = [];
  const posted: unknown[] = [];
  const scope: WorkerScope = {
    postMessage: (msg) => { posted.push(msg); },
    addEventListener: (_t, cb) => { listeners.push(cb); },
    removeEventListener: (_t, cb) => { listeners.splice(listeners.indexOf(cb), 1); },
  };
  const send = (data: unknown) => { for (const cb of [...listeners]) cb({ data } as MessageEvent); };
  return { scope, send, posted };
}

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

describe('worker roles', () => {
  it('every role has its own name and is read back from it', () => {
    const roles = Object.keys(WORKER_NAMES) as WorkerRole[];
    expect(roles.sort()).toEqual(['bench', 'seed', 'sweep', 'trainer']);
    expect(new Set(Object.values(WORKER_NAMES)).size).toBe(roles.length);
    for (const r of roles) expect(roleOfName(WORKER_NAMES[r])).toBe(r);
    expect(roleOfName('')).toBeNull();
    expect(roleOfName('rlvr-other')).toBeNull();
  });
});

describe('heldScope', () => {
  it('holds messages until something listens, then delivers them in order, and later ones after them', async () => {
    const { scope, send } = fakeScope();
    const held = heldScope(scope);
    send(1);
    send(2);
    const got: unknown[] = [];
    held.addEventListener('message', (e) => got.push(e.data));
    send(3); // arrives before the held ones are delivered: stays behind them
    expect(got).toEqual([]);
    await tick();
    expect(got).toEqual([1, 2, 3]);
    send(4);
    expect(got).toEqual([1, 2, 3, 4]);
  });

  it('stops delivering to a listener that is removed, and posts through', async () => {
    const { scope, send, posted } = fakeScope();
    const held = heldScope(scope);
    const got: unknown[] = [];
    const cb = (e: MessageEvent) => got.push(e.data);
    held.addEventListener('message', cb);
    send('a');
    held.removeEventListener('message', cb);
    send('b');
    await tick();
    expect(got).toEqual(['a']);
    held.postMessage('out');
    expect(posted).toEqual(['out']);
  });

  it('serves the typed endpoint and comlink through the same scope', async () => {
    const { scope, send, posted } = fakeScope();
    const held = heldScope(scope);
    send({ kind: 'early' });
    const typed: unknown[] = [];
    selfEndpoint<{ kind: string }, string>(held).onMessage((m) => typed.push(m.kind));
    await tick();
    expect(typed).toEqual(['early']);
    const ep = comlinkEndpoint(held);
    const raw: unknown[] = [];
    const listener = (e: Event) => raw.push((e as MessageEvent).data);
    ep.addEventListener('message', listener);
    send({ kind: 'late' });
    ep.removeEventListener('message', listener);
    send({ kind: 'later' });
    expect(typed).toEqual(['early', 'late', 'later']);
    expect(raw).toEqual([{ kind: 'late' }]);
    ep.postMessage('reply');
    expect(posted).toEqual(['reply']);
  });
});
