// Proves electron-builder.yml is valid, builds the three platforms, unpacks ffmpeg and ffprobe, and ships only the built app.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import { load as loadYaml } from 'js-yaml';

const root = path.resolve(import.meta.dirname, '../../..');
const config = loadYaml(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's own schema", () => {
    const schema = JSON.parse(readFileSync(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    const ok = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('builds the three platforms, unpacks ffmpeg and ffprobe, and ships only the built app', () => {
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/);
    expect(config.productName).toBe('App Review Assistant');
    const targets = (k: string) => ((config[k] as { target: string[] }).target ?? []).map(String);
    expect(targets('linux')).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(targets('mac')).toContain('dmg');
    expect(targets('win')).toContain('nsis');
    // ffmpeg runs from outside the archive and reads the caption fonts there (app/common/unpacked-path.ts).
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['node_modules/@ffmpeg-installer/**', 'node_modules/@ffprobe-installer/**', 'app/recorder/assets/fonts/**']),
    );
    expect(config.files).toEqual(expect.arrayContaining(['app/recorder/assets/fonts/**']));
    expect(config.files).toEqual(expect.arrayContaining(['dist/shell/**', 'dist/renderer/**']));
  });

  it('points at an existing 1024×1024 icon and at the built main', () => {
    for (const k of ['linux', 'mac', 'win']) {
      const icon = (config[k] as { icon: string }).icon;
      const file = path.join(root, icon);
      expect(existsSync(file)).toBe(true);
      const png = readFileSync(file);
      expect(png.readUInt32BE(16)).toBe(1024);
      expect(png.readUInt32BE(20)).toBe(1024);
    }
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('dist/shell/main.cjs');
  });
});
