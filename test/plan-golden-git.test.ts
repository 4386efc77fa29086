// The golden plan catalog again, from a git revision: each case's base committed in a temporary
// repository, its change in the working tree, planned with --base HEAD. The plan must be the one
// the two directories give (testdata/plan/<case>/expected.json), apart from how the sides are named.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plan, Repo, REPO_ROOT } from './git-fixture.js';

const DIR = join(REPO_ROOT, 'testdata/plan');
const cases = readdirSync(DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

describe('the plan catalog from a git revision', () => {
  it('has the cases', () => expect(cases.length).toBeGreaterThanOrEqual(20));

  it.each(cases)('%s', (name) => {
    const repo = Repo.init('epb-plan-catalog-');
    cpSync(join(DIR, name, 'base'), repo.path('deploy'), { recursive: true });
    repo.commit('base');
    rmSync(repo.path('deploy'), { recursive: true });
    cpSync(join(DIR, name, 'change'), repo.path('deploy'), { recursive: true });
    // The case's own arguments; a settings file it names is the same file whichever the cwd.
    const extra = existsSync(join(DIR, name, 'args'))
      ? readFileSync(join(DIR, name, 'args'), 'utf8').trim().split(/\s+/).map((a) => (a.startsWith('testdata/') ? join(REPO_ROOT, a) : a))
      : [];
    const out = plan(['--base', 'HEAD', 'deploy', ...extra, '--output', 'json'], repo.dir);
    const expected = JSON.parse(readFileSync(join(DIR, name, 'expected.json'), 'utf8'));
    const got = JSON.parse(out.stdout);
    expect(got.base).toBe('HEAD:deploy');
    expect(got.change).toBe('deploy');
    if (expected.exitCode === 1) {
      // The errors name the files where they are: here deploy/, there testdata/plan/<case>/change.
      expect(out.stderr).not.toBe('');
      expect(got.errors.map((e: { side: string }) => e.side)).toEqual(expected.errors.map((e: { side: string }) => e.side));
      expect(got.errors.map((e: { message: string }) => e.message.replace(/^.*?: /, '').replace(/deploy\//g, ''))).toEqual(expected.errors.map((e: { message: string }) => e.message.replace(/^.*?: /, '').replace(/(?:testdata\/plan\/[^/]+\/)?change\//g, '')));
    } else {
      expect(out.stderr).toBe('');
      expect({ ...got, base: expected.base, change: expected.change }).toEqual(expected);
    }
    expect(out.status).toBe(expected.exitCode);
  });
});
