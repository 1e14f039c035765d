/**
 * A small Dockerfile linter: hadolint is not in Debian's packages and no maintained Dockerfile linter
 * ships on npm, so these are our own structural rules, each named after the hadolint rule it mirrors
 * where there is one. Every rule has a failing fixture in tests/infra/fixtures.
 */

export interface Instruction {
  line: number;
  keyword: string;
  args: string;
}

export interface Stage {
  index: number;
  /** Line of its FROM. */
  line: number;
  name?: string;
  image: string;
  instructions: Instruction[];
}

export interface LintProblem {
  rule: string;
  line: number;
  message: string;
}

/** Instructions with continuation lines joined; comments, blank lines and parser directives dropped. */
export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i];
    if (/^\s*(#.*)?$/.test(line)) continue;
    while (/\\\s*$/.test(line) && i + 1 < lines.length) {
      i++;
      const next = lines[i];
      if (/^\s*#/.test(next)) continue; // comment lines inside a continued instruction
      line = line.replace(/\\\s*$/, ' ') + next;
    }
    const match = /^\s*([A-Za-z]+)\s*(.*)$/.exec(line);
    if (match) instructions.push({ line: start + 1, keyword: match[1].toUpperCase(), args: match[2].trim() });
  }
  return instructions;
}

/** Global ARG defaults (before the first FROM), for resolving ${VAR} in FROM lines. */
function globalArgs(instructions: Instruction[]): Map<string, string | undefined> {
  const args = new Map<string, string | undefined>();
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') break;
    if (instruction.keyword !== 'ARG') continue;
    const [name, ...value] = instruction.args.split('=');
    args.set(name.trim(), value.length > 0 ? value.join('=').replace(/^["']|["']$/g, '') : undefined);
  }
  return args;
}

export function stagesOf(instructions: Instruction[]): Stage[] {
  const args = globalArgs(instructions);
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((w) => !w.startsWith('--platform'));
      const image = words[0].replace(/\$\{?(\w+)\}?/g, (_, name: string) => args.get(name) ?? `\${${name}}`);
      const asIndex = words.findIndex((w) => w.toUpperCase() === 'AS');
      stages.push({
        index: stages.length,
        line: instruction.line,
        name: asIndex > 0 ? words[asIndex + 1] : undefined,
        image,
        instructions: [],
      });
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return stages;
}

const SECRET_NAME =
  /(SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|DATABASE_URL|DATABASE_MIGRATION_URL|REDIS_URL|SMTP_URL)/i;
const CREDENTIALS_IN_URL = /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i;

function isJsonArray(args: string): boolean {
  try {
    const value = JSON.parse(args) as unknown;
    return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string');
  } catch {
    return false;
  }
}

/** The HEALTHCHECK's command as an argument list, when it is in exec form. */
export function healthcheckCommand(args: string): string[] | undefined {
  const cmd = /(?:^|\s)CMD\s+(\[.*\])\s*$/.exec(args);
  return cmd && isJsonArray(cmd[1]) ? (JSON.parse(cmd[1]) as string[]) : undefined;
}

/** ENV and ARG as name/value pairs (`ENV A=1 B=2`, `ENV A 1`, `ARG A`, `ARG A=1`). */
function variables(instruction: Instruction): Array<[string, string]> {
  if (instruction.keyword === 'ARG') {
    const [name, ...value] = instruction.args.split('=');
    return [[name.trim(), value.join('=')]];
  }
  if (!instruction.args.includes('=')) {
    const [name, ...rest] = instruction.args.split(/\s+/);
    return [[name, rest.join(' ')]];
  }
  return [...instruction.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)].map(
    (m) => [m[1], m[2]],
  );
}

export function lintDockerfile(text: string): LintProblem[] {
  const instructions = parseDockerfile(text);
  const stages = stagesOf(instructions);
  const problems: LintProblem[] = [];
  const report = (rule: string, line: number, message: string) => problems.push({ rule, line, message });

  if (stages.length === 0) {
    report('from', 1, 'no FROM instruction');
    return problems;
  }
  if (stages.length < 2)
    report(
      'multi-stage',
      1,
      'a single stage: build in one stage, copy only the output into the runtime stage',
    );

  const stageNames = new Set<string>();
  for (const stage of stages) {
    const line = stage.line;
    const image = stage.image;
    if (!stageNames.has(image)) {
      if (image.includes('${')) report('DL3006', line, `FROM ${image}: an ARG without a default`);
      else if (!image.includes('@sha256:')) {
        const tag = /:([^/:]+)$/.exec(image)?.[1];
        if (!tag) report('DL3006', line, `FROM ${image}: no tag; pin a version`);
        else if (tag === 'latest') report('DL3007', line, `FROM ${image}: "latest" is not a pinned version`);
        else if (!/\d/.test(tag)) report('DL3006', line, `FROM ${image}: tag "${tag}" names no version`);
      }
    }
    if (stage.name) stageNames.add(stage.name);

    const counts = new Map<string, number>();
    for (const instruction of stage.instructions) {
      counts.set(instruction.keyword, (counts.get(instruction.keyword) ?? 0) + 1);
      const { keyword, args } = instruction;
      if (keyword === 'ADD') report('DL3020', instruction.line, 'ADD: use COPY for files and folders');
      if (keyword === 'WORKDIR' && !args.startsWith('/') && !args.startsWith('$')) {
        report('DL3000', instruction.line, `WORKDIR ${args}: use an absolute path`);
      }
      if ((keyword === 'CMD' || keyword === 'ENTRYPOINT') && !isJsonArray(args)) {
        report(
          'DL3025',
          instruction.line,
          `${keyword}: use the JSON (exec) form, so signals reach the process`,
        );
      }
      if (keyword === 'COPY') {
        const from = /--from=(\S+)/.exec(args)?.[1];
        if (from && !stageNames.has(from) && !/^\d+$/.test(from)) {
          report('DL3022', instruction.line, `COPY --from=${from}: not an earlier stage`);
        }
      }
      if (keyword === 'ENV' || keyword === 'ARG') {
        for (const [name, value] of variables(instruction)) {
          if (SECRET_NAME.test(name))
            report(
              'secret',
              instruction.line,
              `${keyword} ${name}: secrets come from the environment at run time, never the image`,
            );
          else if (CREDENTIALS_IN_URL.test(value))
            report('secret', instruction.line, `${keyword} ${name}: a URL with credentials`);
        }
      }
      if (keyword === 'RUN') {
        if (/\bsudo\b/.test(args)) report('DL3004', instruction.line, 'RUN: no sudo');
        if (/apt-get\s+(dist-)?upgrade/.test(args))
          report('DL3005', instruction.line, 'RUN: no apt-get upgrade; take a newer base image');
        if (/apt-get\s+install/.test(args) && !/--no-install-recommends/.test(args)) {
          report('DL3015', instruction.line, 'RUN apt-get install: add --no-install-recommends');
        }
        if (/apt-get\s+install/.test(args) && !/rm -rf \/var\/lib\/apt\/lists/.test(args)) {
          report(
            'DL3009',
            instruction.line,
            'RUN apt-get install: remove /var/lib/apt/lists in the same layer',
          );
        }
        if (/\b(curl|wget)\b[^|]*\|\s*(ba)?sh\b/.test(args))
          report('DL4006', instruction.line, 'RUN: no piping downloads into a shell');
        if (CREDENTIALS_IN_URL.test(args)) report('secret', instruction.line, 'RUN: a URL with credentials');
      }
      if (keyword === 'EXPOSE') {
        for (const port of args.split(/\s+/)) {
          const n = Number(port.split('/')[0]);
          if (!Number.isInteger(n) || n < 1 || n > 65535)
            report('DL3011', instruction.line, `EXPOSE ${port}: not a port`);
        }
      }
    }
    for (const keyword of ['CMD', 'ENTRYPOINT', 'HEALTHCHECK']) {
      if ((counts.get(keyword) ?? 0) > 1)
        report(
          'DL4003',
          line,
          `stage ${stage.name ?? stage.index}: more than one ${keyword}; only the last counts`,
        );
    }
  }

  const final = stages[stages.length - 1];
  const finalLine = final.line;
  const users = final.instructions.filter((i) => i.keyword === 'USER');
  const user = users[users.length - 1]?.args.split(':')[0];
  if (!user) report('DL3002', finalLine, 'the runtime stage sets no USER: it would run as root');
  else if (user === 'root' || user === '0')
    report('DL3002', users[users.length - 1].line, 'the runtime stage runs as root');
  const healthchecks = final.instructions.filter((i) => i.keyword === 'HEALTHCHECK');
  const healthcheck = healthchecks[healthchecks.length - 1];
  if (!healthcheck) report('healthcheck', finalLine, 'the runtime stage has no HEALTHCHECK');
  else if (/^NONE\b/i.test(healthcheck.args)) report('healthcheck', healthcheck.line, 'HEALTHCHECK NONE');
  else if (!healthcheckCommand(healthcheck.args))
    report('healthcheck', healthcheck.line, 'HEALTHCHECK: use CMD in the JSON (exec) form');
  if (!final.instructions.some((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT')) {
    report('cmd', finalLine, 'the runtime stage has no CMD or ENTRYPOINT');
  }
  return problems;
}
