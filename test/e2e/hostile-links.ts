// 200 malformed or hostile query strings for the share-link parser. Every parameter in
// them is invalid (unknown key or out-of-range value), so each link must load the
// defaults and show a notice. Some carry script that sets window.__pwned or opens a
// dialog if it ever runs.
const PWN = 'window.__pwned=1';
const enc = encodeURIComponent;

/** Raw `key=value` fragments, already URL-encoded where needed. */
export const HOSTILE_PARTS: string[] = [
  // bad JSON
  `fnRate=${enc('{"a":')}`,
  `steps=${enc('[1,2')}`,
  `seed=${enc('{}')}`,
  `settings=${enc('{"fnRate":0.3')}`,
  `s=${enc('{bad json}')}`,
  `lr=${enc('{"$gt":0}')}`,
  `verifier=${enc('["noisy"]')}`,
  `stdNorm=${enc('{"toString":1}')}`,
  // huge, tiny or non-numbers
  'steps=1e309',
  'fnRate=99999999999999999999999999',
  'seed=-1',
  'seed=2147483648',
  'lr=NaN',
  'lr=Infinity',
  'lr=-Infinity',
  'promptsPerStep=1.5',
  'steps=0x10',
  'klBeta=1e-400x',
  'temperature=--1',
  `rolloutsPerPrompt=${'9'.repeat(400)}`,
  'evalProblems=',
  'digits=4',
  // script and markup
  `task=${enc('<script>' + PWN + '</script>')}`,
  `${enc('<script>alert(1)</script>')}=1`,
  `verifier=${enc('"><img src=x onerror="' + PWN + '">')}`,
  `backend=${enc('javascript:alert(1)')}`,
  `${enc('<svg onload=alert(1)>')}=${enc('<svg onload=alert(1)>')}`,
  `baseline=${enc("'};alert(1);//")}`,
  `embed=${enc('<iframe src=javascript:alert(1)>')}`,
  `autoplay=${enc('<img src=x onerror=alert(1)>')}`,
  `${enc('{{constructor.constructor("alert(1)")()}}')}=1`,
  `task=${enc('${alert(1)}')}`,
  // presets that do not exist (a preset link opens only a catalogue id)
  `preset=${enc('<img src=x onerror="' + PWN + '">')}`,
  'preset=__proto__',
  'preset=constructor',
  'preset=',
  // prototype pollution
  '__proto__[polluted]=1',
  '__proto__=polluted',
  '__proto__.polluted=1',
  'constructor[prototype][polluted]=1',
  'constructor=1',
  'prototype=1',
  'toString=1',
  'hasOwnProperty=1',
  'valueOf=polluted',
  `${enc('__proto__')}=${enc('{"polluted":1}')}`,
  // encoding junk
  '%E0%A4%A=1',
  'fnRate=%ZZ',
  'task=%00',
  `${enc('\u202Eevil')}=1`,
  `task=${enc('add\nmul')}`,
  `${'k'.repeat(1000)}=1`,
  'stdNorm=maybe',
  'backend=..%2F..%2Fetc%2Fpasswd',
];

/** Deterministic: 200 links, each with 1 to 4 parts; a few with many parameters or a huge length. */
export function hostileQueries(count = 200): string[] {
  let state = 12345;
  const rand = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i < HOSTILE_PARTS.length) {
      out.push(HOSTILE_PARTS[i]);
      continue;
    }
    if (i % 50 === 7) {
      out.push(Array.from({ length: 120 }, (_, j) => `x${j}=${j}`).join('&'));
      continue;
    }
    if (i % 50 === 13) {
      // Longer than the parser reads (4096) but short enough for the server's header limit.
      out.push(`fnRate=${'<script>alert(1)</script>'.repeat(150)}`);
      continue;
    }
    const n = 1 + Math.floor(rand() * 4);
    const parts: string[] = [];
    for (let j = 0; j < n; j++) parts.push(HOSTILE_PARTS[Math.floor(rand() * HOSTILE_PARTS.length)]);
    const hash = rand() < 0.2 ? `#${enc('<img src=x onerror=alert(1)>')}` : '';
    out.push(parts.join('&') + hash);
  }
  return out;
}
