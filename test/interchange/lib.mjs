// Shared helpers: run the flowzap binary, list the corpus, open Chromium.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import puppeteer from 'puppeteer-core';

export const root = resolve(import.meta.dirname, '../..');

export function flowzap(bin, ...args) {
  return execFileSync(bin, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
}

// corpus lists every example and gallery template.
export function corpus() {
  const out = [];
  for (const dir of ['examples', 'gallery/templates', 'test/interchange/testdata']) {
    for (const f of readdirSync(join(root, dir)).sort()) {
      if (f.endsWith('.fz')) out.push(join(root, dir, f));
    }
  }
  if (out.length < 20) throw new Error(`corpus too small: ${out.length}`);
  // CORPUS_FILTER=text keeps the files whose path contains it (for a quick look).
  const only = process.env.CORPUS_FILTER;
  return only ? out.filter((f) => f.includes(only)) : out;
}

export async function browser() {
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  return puppeteer.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

let failures = 0;
export function fail(msg) {
  failures++;
  console.error('FAIL ' + msg);
}
export function done(what) {
  if (failures > 0) {
    console.error(`${what}: ${failures} failure(s)`);
    process.exit(1);
  }
  console.log(`${what}: ok`);
}
