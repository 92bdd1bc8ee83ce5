/** The extension manifest (package.json) and the typed settings/commands the code uses must agree. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_SETTINGS, normalizeSettings, SETTINGS_SECTION } from '../../server/src/protocol/settings';

const ROOT = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const properties: Record<string, { default: unknown; description?: string; markdownDescription?: string }> = pkg.contributes.configuration.properties;

/** Flattens DEFAULT_SETTINGS to the dotted keys package.json declares (objects that are maps stay whole). */
function flatten(obj: Record<string, unknown>, prefix: string, out: Record<string, unknown>): Record<string, unknown> {
  const maps = new Set(['rules', 'profile.env']);
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v) && !maps.has(key)) flatten(v as Record<string, unknown>, key, out);
    else out[`${SETTINGS_SECTION}.${key}`] = v;
  }
  return out;
}

test('every typed setting is declared in package.json with the same default, and nothing else is', () => {
  const typed = flatten(DEFAULT_SETTINGS as unknown as Record<string, unknown>, '', {});
  assert.deepEqual(Object.keys(properties).sort(), Object.keys(typed).sort());
  for (const [key, value] of Object.entries(typed)) assert.deepEqual(properties[key]!.default, value, `default of ${key}`);
});

test('every setting has a description', () => {
  for (const [key, p] of Object.entries(properties)) assert.ok(p.description ?? p.markdownDescription, `${key} lacks a description`);
});

test('package.json enum values are the ones the normaliser accepts', () => {
  const display = properties['perflens.hotspots.display'] as unknown as { enum: string[] };
  for (const value of display.enum) {
    const { settings, problems } = normalizeSettings({ hotspots: { display: value } });
    assert.equal(settings.hotspots.display, value);
    assert.deepEqual(problems, []);
  }
});

test('every command the client registers is declared, and every declared command is registered', () => {
  const declared = new Set<string>((pkg.contributes.commands as { command: string }[]).map((c) => c.command));
  const sources = readdirSync(join(ROOT, 'client/src'), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(join(ROOT, 'client/src', f), 'utf8'))
    .join('\n');
  const registered = new Set([...sources.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]!));
  registered.delete('perflens.restartServer'); // internal: offered from the crash message only
  assert.deepEqual([...declared].filter((c) => !registered.has(c)), [], 'declared but not registered');
  assert.deepEqual([...registered].filter((c) => !declared.has(c)), [], 'registered but not declared');
});

test('activation is lazy: languages, the custom editor and the view only', () => {
  for (const e of pkg.activationEvents as string[]) assert.match(e, /^(onLanguage|onCustomEditor|onView):/);
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
});
