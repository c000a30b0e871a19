// Starts the real elasticache-local binary on a free loopback port for a test file and
// hands out AWS SDK v3 clients pointed at it. The binary comes from ECL_BINARY (set by
// ctest), falling back to build/elasticache-local in the repository.
import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ElastiCacheClient } from "@aws-sdk/client-elasticache";

const here = dirname(fileURLToPath(import.meta.url));
const LISTENING = /listening on (http:\/\/[^\s/]+)/;

export function binaryPath() {
  const path = process.env.ECL_BINARY || resolve(here, "../../../build/elasticache-local");
  accessSync(path, constants.X_OK);
  return path;
}

export class Server {
  constructor(extraArgs = []) {
    this.args = ["--host", "127.0.0.1", "--port", "0", "--in-memory", "--log-level", "warn",
      ...extraArgs];
    this.output = "";
    this.endpoint = undefined;
  }

  async start(timeoutMs = 30000) {
    this.proc = spawn(binaryPath(), this.args, { stdio: ["ignore", "pipe", "pipe"] });
    this.exited = new Promise((resolveExit) => {
      this.proc.on("exit", (code, signal) => resolveExit({ code, signal }));
    });
    this.endpoint = await new Promise((resolveReady, rejectReady) => {
      const timer = setTimeout(() => rejectReady(new Error(
        `no 'listening on' line within ${timeoutMs} ms; output:\n${this.output}`)), timeoutMs);
      const onData = (chunk) => {
        this.output += chunk;
        const match = LISTENING.exec(this.output);
        if (match) {
          clearTimeout(timer);
          resolveReady(match[1]);
        }
      };
      this.proc.stdout.setEncoding("utf8").on("data", onData);
      this.proc.stderr.setEncoding("utf8").on("data", (chunk) => { this.output += chunk; });
      this.proc.on("exit", (code) => {
        clearTimeout(timer);
        rejectReady(new Error(`server exited with ${code} before listening:\n${this.output}`));
      });
    });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try {
        if ((await fetch(`${this.endpoint}/health`)).status === 200) return this;
      } catch {
        // not accepting yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`/health never answered 200; output:\n${this.output}`);
  }

  // SIGTERM and wait; resolves to the exit code (0 expected).
  async stop() {
    if (!this.proc || this.proc.exitCode !== null) return this.proc?.exitCode ?? 0;
    this.proc.kill("SIGTERM");
    const { code, signal } = await this.exited;
    return signal ? `signal ${signal}` : code;
  }

  async reset() {
    const response = await fetch(`${this.endpoint}/_admin/reset`, { method: "POST" });
    if (response.status !== 200) throw new Error(`/_admin/reset answered ${response.status}`);
  }

  client({ region = "us-east-1", accessKeyId = "AKIDEXAMPLE" } = {}) {
    return new ElastiCacheClient({
      endpoint: this.endpoint,
      region,
      credentials: { accessKeyId, secretAccessKey: "dummy-secret" },
      maxAttempts: 1,
    });
  }
}

// Waiter settings for a server whose transitions complete at once.
export const FAST_WAIT = { minDelay: 1, maxDelay: 2, maxWaitTime: 30 };
