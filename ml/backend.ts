import { createRequire } from "node:module";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";

export type BackendName = "tensorflow" | "wasm" | "cpu";

let ready: Promise<BackendName> | null = null;

/**
 * Pick the fastest TensorFlow.js backend available, once per process: tfjs-node's native
 * "tensorflow" when it can be required (an optional dependency that often fails to
 * install), else wasm (SIMD, files loaded offline from node_modules), else cpu.
 * Idempotent; resolves to the backend that is active.
 */
export function initBackend(): Promise<BackendName> {
  ready ??= pickBackend();
  return ready;
}

async function pickBackend(): Promise<BackendName> {
  const require = createRequire(import.meta.url);
  try {
    // Registers the "tensorflow" backend as a side effect; absent here, so guarded.
    require("@tensorflow/tfjs-node");
    if (await tf.setBackend("tensorflow")) return "tensorflow";
  } catch {
    // Not installed or its native library is missing: fall through to wasm.
  }
  try {
    const wasmMain = require.resolve("@tensorflow/tfjs-backend-wasm");
    // A directory path (with trailing separator) makes emscripten read the files from disk.
    setWasmPaths(path.dirname(wasmMain) + path.sep);
    if (await tf.setBackend("wasm")) {
      await tf.ready();
      return "wasm";
    }
  } catch {
    // e.g. the .wasm files are missing: fall through to cpu.
  }
  await tf.setBackend("cpu");
  await tf.ready();
  return "cpu";
}
