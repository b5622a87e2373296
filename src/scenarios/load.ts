// Reads and validates a scenario file. Every problem becomes a ScenarioFormatError naming the
// file, the key path (e.g. `turns[2].expect.reply.contains`) and the reason.
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { ScenarioFile, ScenarioFormatError, issuePath, type Turn } from './schema.js';
import { WorldError, worldFromDocument, type World } from '../courier/world.js';

export interface LoadedScenario {
  file: string;
  name: string;
  channel: 'wechat' | 'wecom-kf';
  /** Scenario clock start, epoch ms. */
  now: number;
  /** The raw `world:` block (validated: `resolvedWorld` is its loaded form). */
  world: unknown;
  /** The world with relative times resolved against `now`; undefined when the file has none. */
  resolvedWorld?: World;
  turns: Turn[];
  /** Who acts when a turn has no `as:`: the first customer of the world. */
  defaultCustomer: string;
}

export async function loadScenarioFile(file: string): Promise<LoadedScenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ScenarioFormatError(file, '', `cannot read: ${(err as Error).message}`);
  }
  return parseScenario(file, text);
}

export function parseScenario(file: string, text: string): LoadedScenario {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    throw new ScenarioFormatError(file, '', `YAML: ${e.message.split('\n')[0]}`);
  }
  const parsed = ScenarioFile.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ScenarioFormatError(file, issuePath(issue.path), issue.message);
  }
  const s = parsed.data;
  const now = s.now ? Date.parse(s.now) : Date.now();
  let resolvedWorld: World | undefined;
  if (s.world !== undefined) {
    try {
      resolvedWorld = worldFromDocument({ name: s.name, channel: s.channel, world: s.world }, { now, source: file });
    } catch (err) {
      if (err instanceof WorldError) {
        const issue = err.issues[0];
        throw new ScenarioFormatError(file, issue?.path ?? 'world', issue?.message ?? err.message);
      }
      throw err;
    }
  }
  return {
    resolvedWorld,
    file,
    name: s.name,
    channel: s.channel,
    now,
    world: s.world,
    turns: s.turns,
    defaultCustomer: firstCustomer(s.world) ?? 'o_scenario_customer',
  };
}

function firstCustomer(world: unknown): string | undefined {
  const customers = (world as { customers?: { openid?: unknown }[] } | undefined)?.customers;
  const id = Array.isArray(customers) ? customers[0]?.openid : undefined;
  return typeof id === 'string' ? id : undefined;
}
