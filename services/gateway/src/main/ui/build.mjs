// Builds the console into a folder that Maven puts into the gateway jar (ai/novai/gateway/console/):
// index.html, console.js (TypeScript + Preact, bundled and minified by esbuild), console.css and favicon.svg.
//
//   node build.mjs <output folder>
//
// Runs with the machine's own Node (18+): `npm ci` first when node_modules does not match package-lock.json,
// then a type check (tsc) and the bundle. When neither the sources nor the lock file changed since the last
// build into that folder, it does nothing, so that a build with nothing changed costs well under a second.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? join(here, '../../../target/generated-resources/ui'));
const target = join(out, 'ai/novai/gateway/console');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  }).sort();
}

function fingerprint() {
  const hash = createHash('sha256');
  for (const file of ['build.mjs', 'index.html', 'favicon.svg', 'package-lock.json', 'tsconfig.json', ...filesUnder(join(here, 'src'))
    .map((path) => path.slice(here.length + 1))]) {
    hash.update(file).update('\0').update(readFileSync(join(here, file))).update('\0');
  }
  return hash.digest('hex');
}

// npm ci writes node_modules/.package-lock.json: installed when it has every package of the committed lock at its
// version (optional ones, such as esbuild's binaries for other platforms, may be absent)
function installed() {
  const hidden = join(here, 'node_modules/.package-lock.json');
  if (!existsSync(hidden)) return false;
  const present = JSON.parse(readFileSync(hidden, 'utf8')).packages ?? {};
  const wanted = JSON.parse(readFileSync(join(here, 'package-lock.json'), 'utf8')).packages ?? {};
  return Object.entries(wanted)
    .filter(([path]) => path !== '')
    .every(([path, meta]) => present[path]?.version === meta.version || (meta.optional && !present[path]));
}

const stamp = join(target, '.build-fingerprint');
const wanted = fingerprint();
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted && existsSync(join(target, 'console.js'))) {
  console.log(`console: up to date in ${target}`);
  process.exit(0);
}

if (!installed()) {
  console.log('console: npm ci');
  execFileSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: here, stdio: 'inherit',
    env: { ...process.env, npm_config_update_notifier: 'false' } });
}

console.log('console: type check');
execFileSync(process.execPath, [join(here, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', here],
             { cwd: here, stdio: 'inherit' });

const esbuild = await import('esbuild');
mkdirSync(target, { recursive: true });
const result = await esbuild.build({
  absWorkingDir: here,
  entryPoints: ['src/main.tsx'],
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022', 'chrome111', 'firefox115', 'safari16'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  outfile: join(target, 'console.js'),
  metafile: true,
  logLevel: 'warning',
});
await esbuild.build({
  absWorkingDir: here,
  entryPoints: ['src/console.css'],
  bundle: true,
  minify: true,
  outfile: join(target, 'console.css'),
  logLevel: 'warning',
});
copyFileSync(join(here, 'index.html'), join(target, 'index.html'));
copyFileSync(join(here, 'favicon.svg'), join(target, 'favicon.svg'));
writeFileSync(stamp, wanted);
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.log(`console: built into ${target} (console.js ${bytes} bytes)`);
