// Summarises a V8 .cpuprofile (node --cpu-prof): top frames by self and by inclusive time, and self time by
// package (node_modules/<name>, the app's own code, node internals), so "where does the time go" fits a note.
//   node tools/cpu-profile-summary.mjs <file.cpuprofile> [top=25] [--from=s] [--to=s] [--timeline=<frame name>]
// --from/--to keep the samples of that window (seconds from the profile's start), e.g. one endpoint's load;
// --timeline prints, per 2 s, how busy the process was and the share of samples under the named frame.
import { readFileSync } from 'node:fs';

const flags = Object.fromEntries(
  process.argv
    .slice(2)
    .filter((arg) => arg.startsWith('--'))
    .map((arg) => arg.slice(2).split('=')),
);
const [file, topArg] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
if (!file) {
  console.error('usage: node tools/cpu-profile-summary.mjs <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

const shortUrl = (url) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/^.*node_modules\//, 'nm:')
    .replace(/^.*\/dist\//, 'dist/');
const keyOf = (node) => {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
};
const packageOf = (node) => {
  const { url, functionName } = node.callFrame;
  if (!url) return `(${functionName || 'native'})`;
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1];
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  if (url.includes('/dist/')) return 'app (dist)';
  return url;
};

const self = new Map();
const inclusive = new Map();
const packages = new Map();
let total = 0;
let idle = 0;
const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
const from = Number(flags.from ?? 0) * 1e6;
const to = Number(flags.to ?? Infinity) * 1e6;
const buckets = [];
let at = 0;
profile.samples.forEach((id, index) => {
  const us = profile.timeDeltas[index] ?? 0;
  at += us;
  const node = byId.get(id);
  if (flags.timeline) {
    const bucket = (buckets[Math.floor(at / 2e6)] ??= { total: 0, idle: 0, marked: 0 });
    bucket.total += us;
    if (node.callFrame.functionName === '(idle)') bucket.idle += us;
    for (let up = id; up !== undefined; up = parentOf.get(up))
      if (byId.get(up).callFrame.functionName === flags.timeline) {
        bucket.marked += us;
        break;
      }
  }
  if (at < from || at > to) return;
  total += us;
  if (node.callFrame.functionName === '(idle)') idle += us;
  add(self, keyOf(node), us);
  add(packages, packageOf(node), us);
  const seen = new Set();
  for (let at = id; at !== undefined; at = parentOf.get(at)) {
    const key = keyOf(byId.get(at));
    if (seen.has(key)) continue;
    seen.add(key);
    add(inclusive, key, us);
  }
});

if (flags.timeline) {
  buckets.forEach((b, i) => {
    if (b)
      console.log(
        `${String(i * 2).padStart(4)} s  busy ${((100 * (b.total - b.idle)) / b.total).toFixed(0).padStart(3)} %  under ${flags.timeline} ${((100 * b.marked) / b.total).toFixed(0).padStart(3)} %`,
      );
  });
}
const busy = total - idle;
const pct = (us) => `${((100 * us) / busy).toFixed(1).padStart(5)} %`;
const print = (title, map) => {
  console.log(`\n## ${title} (share of non-idle time)`);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${pct(us)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${key}`);
};
console.log(
  `# ${file}\nsampled ${(total / 1e6).toFixed(1)} s, idle ${((100 * idle) / total).toFixed(1)} %, busy ${(busy / 1e6).toFixed(1)} s`,
);
self.delete(keyOf({ callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } }));
packages.delete('((idle))');
print('self time by package', packages);
print('self time by frame', self);
print('inclusive time by frame', inclusive);
