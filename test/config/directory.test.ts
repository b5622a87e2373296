import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Directory, DirectoryError, SANDBOX_ROBOT_KEY } from '../../src/config/directory.js';

const valid = {
  stations: [
    { id: 'zhangjiang', name: '浦东张江网点', staff: [{ userid: 'zhang_wei', name: '张伟' }, 'liu_yang'] },
    { id: 'qibao', name: '闵行七宝网点', staff: ['chen_jie', 'zhang_wei'] },
  ],
  supervisors: [{ userid: 'li_na', name: '李娜' }, { userid: 'he_jun', on_duty: false }],
  operations: { robot_key: '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa' },
};

const problemsOf = (json: unknown): string[] => {
  try {
    Directory.parse(json, 'directory.json');
  } catch (e) {
    expect(e).toBeInstanceOf(DirectoryError);
    expect((e as DirectoryError).code).toBe('CONFIG_INVALID');
    return (e as DirectoryError).problems;
  }
  throw new Error('expected a DirectoryError');
};

const tmpFile = (content: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'dir-')), 'directory.json');
  writeFileSync(file, content);
  return file;
};

describe('Directory', () => {
  it('answers who works where, who is on duty, names and the robot key', () => {
    const d = new Directory(Directory.parse(valid));
    expect(d.staffOf('zhangjiang')).toEqual(['zhang_wei', 'liu_yang']);
    expect(d.staffOf('nowhere')).toEqual([]);
    expect(d.stationsOf('zhang_wei').map((s) => s.id)).toEqual(['zhangjiang', 'qibao']);
    expect(d.supervisorsOnDuty()).toEqual(['li_na']);
    expect(d.nameOf('zhang_wei')).toBe('张伟');
    expect(d.nameOf('liu_yang')).toBe('liu_yang');
    expect(d.members()).toEqual(['zhang_wei', 'liu_yang', 'chen_jie', 'li_na', 'he_jun']);
    expect(d.robotKey).toBe(valid.operations.robot_key);
  });

  it('reports every problem at once, each with its key path', () => {
    const problems = problemsOf({
      stations: [
        { id: 'zhangjiang', name: '浦东张江网点', staff: ['zhang wei'] },
        { id: 'zhangjiang', name: '重复', staff: [] },
        { id: 'x', name: 'X', staff: ['a'], manager: 'b' },
      ],
      supervisors: [],
      operations: { robot_key: 'k' },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^directory\.json: stations\[0\]\.staff\[0\]: /),
        expect.stringMatching(/^directory\.json: stations\[1\]\.staff: a station needs at least one staff userid/),
        expect.stringMatching(/^directory\.json: stations\[2\]: .*manager/),
        expect.stringMatching(/^directory\.json: supervisors: at least one supervisor/),
        expect.stringMatching(/^directory\.json: operations\.robot_key: /),
      ]),
    );
  });

  it('names a duplicate station id and where it first appeared', () => {
    const twice = { ...valid, stations: [valid.stations[0], { ...valid.stations[0] }] };
    expect(problemsOf(twice)).toEqual(['directory.json: stations[1].id: duplicate station "zhangjiang" (first at stations[0])']);
  });

  it('refuses a missing file and a file that is not JSON with a clear reason', () => {
    expect(() => Directory.fromFile('/nonexistent/directory.json')).toThrow(/cannot read the file \(ENOENT\)/);
    expect(() => Directory.fromFile(tmpFile('{ stations: '))).toThrow(/not valid JSON/);
  });

  it('reloads a changed file and keeps the current directory when the new one is invalid', () => {
    const file = tmpFile(JSON.stringify(valid));
    const d = Directory.fromFile(file);
    writeFileSync(file, JSON.stringify({ ...valid, supervisors: ['he_jun'] }));
    d.reload();
    expect(d.supervisorsOnDuty()).toEqual(['he_jun']);
    writeFileSync(file, JSON.stringify({ ...valid, supervisors: [] }));
    expect(() => d.reload()).toThrow(DirectoryError);
    expect(d.supervisorsOnDuty()).toEqual(['he_jun']);
  });

  it('is built from a scenario world in the sandbox, with the sandbox robot', () => {
    const d = Directory.fromWorld({ stations: [{ id: 'zhangjiang', name: '浦东张江网点', staff: ['zhang_wei'] }], supervisors: ['li_na'] });
    expect([d.staffOf('zhangjiang'), d.supervisorsOnDuty(), d.robotKey]).toEqual([['zhang_wei'], ['li_na'], SANDBOX_ROBOT_KEY]);
  });

  it('validates the shipped example file', () => {
    expect(Directory.fromFile('config/directory.example.json').stations.length).toBeGreaterThan(0);
  });
});

describe('directory-cli', () => {
  const run = (file: string) => spawnSync(process.execPath, ['--import', 'tsx', 'src/config/directory-cli.ts', file], { encoding: 'utf8' });

  it('prints a summary for a valid file without the robot key', () => {
    const r = run(tmpFile(JSON.stringify(valid)));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/ok .*: 2 stations, 3 staff, 1\/2 supervisors on duty, operations robot configured/);
    expect(r.stdout).not.toContain(valid.operations.robot_key);
  });

  it('lists the problems and exits 1 for an invalid file', () => {
    const r = run(tmpFile(JSON.stringify({ stations: [], supervisors: [] })));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('supervisors: at least one supervisor');
  });
});
