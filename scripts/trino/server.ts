/**
 * A throwaway local Trino server for the SQL proof: the trino-server tarball from Maven Central (cached
 * outside the repository), one coordinator bound to 127.0.0.1 with a modest heap, and a Hive catalog whose
 * metastore and warehouse are a local folder (file metastore, local file system).
 * Deployment layout: https://trino.io/docs/current/installation/deployment.html;
 * catalog: https://trino.io/docs/current/connector/hive.html and .../object-storage/file-system-local.html.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { trinoQuery } from './client';

/** 476 needs Java 24 or later (https://trino.io/docs/current/installation/deployment.html#java-runtime-environment). */
export const TRINO_VERSION = '476';
const CENTRAL = 'https://repo1.maven.org/maven2/io/trino/trino-server';

export interface TrinoServerOptions {
  /** Where the tarball is downloaded and unpacked. @default ~/.cache/trailwatch/trino */
  readonly cacheDir?: string;
  /** A JDK home of Java 24 or later. @default $TRINO_JAVA_HOME, else /usr/lib/jvm/temurin-25-jdk-amd64 */
  readonly javaHome?: string;
  /** Holds etc/, the server's data dir and the Hive warehouse. */
  readonly workDir: string;
  /** @default a free port: another server answering on a fixed one would be taken for this one */
  readonly port?: number;
  /** JVM heap. @default 1G */
  readonly heap?: string;
}

export interface TrinoServer {
  readonly url: string;
  /** The warehouse folder: `local:///x` in SQL is `<warehouse>/x` on disk. */
  readonly warehouse: string;
  readonly pid: number;
  /** Peak resident memory of the server process so far (VmHWM), in bytes. */
  peakRss(): number;
  stop(): Promise<void>;
}

/** Downloads (once, checked against Maven Central's SHA-1) and unpacks the server; returns its folder. */
export async function installTrino(cacheDir = path.join(os.homedir(), '.cache', 'trailwatch', 'trino')): Promise<string> {
  const home = path.join(cacheDir, `trino-server-${TRINO_VERSION}`);
  if (fs.existsSync(path.join(home, 'bin', 'launcher'))) return home;
  fs.mkdirSync(cacheDir, { recursive: true });
  const tarball = path.join(cacheDir, `trino-server-${TRINO_VERSION}.tar.gz`);
  const url = `${CENTRAL}/${TRINO_VERSION}/trino-server-${TRINO_VERSION}.tar.gz`;
  if (!fs.existsSync(tarball)) {
    process.stderr.write(`downloading ${url} (about 820 MB)\n`);
    const reply = await fetch(url);
    if (!reply.ok || !reply.body) throw new Error(`GET ${url}: HTTP ${reply.status}`);
    await pipeline(reply.body as unknown as NodeJS.ReadableStream, fs.createWriteStream(`${tarball}.part`));
    const expected = (await (await fetch(`${url}.sha1`)).text()).trim().slice(0, 40);
    const hash = createHash('sha1');
    await pipeline(fs.createReadStream(`${tarball}.part`), hash);
    const actual = hash.digest('hex');
    if (actual !== expected) throw new Error(`${url}: SHA-1 ${actual}, Maven Central says ${expected}`);
    fs.renameSync(`${tarball}.part`, tarball);
  }
  await run('tar', ['xzf', tarball, '-C', cacheDir]);
  return home;
}

/** Starts the server and resolves once it accepts queries. */
export async function startTrino(home: string, options: TrinoServerOptions): Promise<TrinoServer> {
  const port = options.port ?? (await freePort());
  const javaHome = options.javaHome ?? process.env.TRINO_JAVA_HOME ?? '/usr/lib/jvm/temurin-25-jdk-amd64';
  if (!fs.existsSync(path.join(javaHome, 'bin', 'java'))) throw new Error(`no JDK at ${javaHome}: set TRINO_JAVA_HOME to a Java 24+ JDK`);
  const etc = path.join(options.workDir, 'etc');
  const warehouse = path.join(options.workDir, 'warehouse');
  const dataDir = path.join(options.workDir, 'var');
  for (const dir of [path.join(etc, 'catalog'), warehouse, dataDir]) fs.mkdirSync(dir, { recursive: true });
  const files: Record<string, string[]> = {
    'node.properties': ['node.environment=trailwatch_proof', 'node.id=trailwatch-proof', `node.data-dir=${dataDir}`, 'node.bind-ip=127.0.0.1', 'node.internal-address=127.0.0.1'],
    'jvm.config': ['-server', `-Xmx${options.heap ?? '1G'}`, '-XX:+UseG1GC', '-XX:+ExitOnOutOfMemoryError', '-XX:ActiveProcessorCount=2', '-Djdk.attach.allowAttachSelf=true'],
    'config.properties': [
      'coordinator=true',
      'node-scheduler.include-coordinator=true',
      `http-server.http.port=${port}`,
      `discovery.uri=http://127.0.0.1:${port}`,
      'query.max-memory=512MB',
      'query.max-memory-per-node=512MB',
      'task.concurrency=2',
    ],
    'catalog/hive.properties': [
      'connector.name=hive',
      'hive.metastore=file',
      'hive.metastore.catalog.dir=local:///metastore',
      'fs.native-local.enabled=true',
      `local.location=${warehouse}`,
      // The proof registers each day's folder as a partition, as Athena's projection would compute it.
      'hive.allow-register-partition-procedure=true',
    ],
  };
  for (const [file, lines] of Object.entries(files)) fs.writeFileSync(path.join(etc, file), `${lines.join('\n')}\n`);

  const log = fs.openSync(path.join(options.workDir, 'server.log'), 'w');
  const child = spawn(path.join(home, 'bin', 'launcher'), ['run', `--etc-dir=${etc}`, `--data-dir=${dataDir}`], {
    env: { ...process.env, JAVA_HOME: javaHome, PATH: `${path.join(javaHome, 'bin')}:${process.env.PATH ?? ''}` },
    stdio: ['ignore', log, log],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady(url, child, path.join(options.workDir, 'server.log'));
  const pid = child.pid!;
  return {
    url,
    warehouse,
    pid,
    peakRss: () => peakRss(pid),
    stop: () => stopProcess(child),
  };
}

async function waitUntilReady(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Trino exited with status ${child.exitCode}; see ${logFile}`);
    try {
      // Up once the Hive catalog answers: /v1/info says "not starting", and SELECT 1 runs, before the
      // node has announced the catalog (NO_NODES_AVAILABLE).
      await trinoQuery(url, 'SHOW SCHEMAS FROM hive');
      return;
    } catch {
      // not listening, or no node registered yet
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`Trino did not start within 180 s; see ${logFile}`);
}

/** VmHWM of /proc/<pid>/status: the launcher `run` execs java, so the pid is the JVM's. */
function peakRss(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /VmHWM:\s+(\d+) kB/.exec(status);
  return kib ? Number(kib[1]) * 1024 : NaN;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')}: exit ${code}`))));
  });
}
