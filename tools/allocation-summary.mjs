// Summarises a sampled allocation profile (tools/allocation-sampler.cjs): bytes by allocating frame, and for each
// of the top frames the callers it was reached from, so "what makes the garbage" fits a note.
//   node tools/allocation-summary.mjs <file.heapprofile> [top=25]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node tools/allocation-summary.mjs <file.heapprofile> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const shortUrl = (url) => url.replace(/^.*node_modules\//, 'nm:').replace(/^.*\/(dist|tmp)\//, '$1/');
const frameName = ({ functionName, url, lineNumber }) =>
  `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;

const byFrame = new Map();
const callers = new Map();
let total = 0;
(function walk(node, stack) {
  const name = frameName(node.callFrame);
  total += node.selfSize;
  if (node.selfSize > 0) {
    byFrame.set(name, (byFrame.get(name) ?? 0) + node.selfSize);
    const path = stack.slice(-3).reverse().join(' < ');
    const paths = callers.get(name) ?? new Map();
    paths.set(path, (paths.get(path) ?? 0) + node.selfSize);
    callers.set(name, paths);
  }
  for (const child of node.children) walk(child, [...stack, name]);
})(profile.head, []);

const mb = (bytes) => `${(bytes / 1e6).toFixed(1).padStart(7)} MB`;
console.log(`# ${file}\nsampled allocations: ${mb(total).trim()}\n`);
for (const [name, bytes] of [...byFrame].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${mb(bytes)}  ${name}`);
  const paths = [...callers.get(name)].sort((a, b) => b[1] - a[1]).slice(0, 2);
  for (const [path, pathBytes] of paths) console.log(`${' '.repeat(12)}${mb(pathBytes)} < ${path}`);
}
