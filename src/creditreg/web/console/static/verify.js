/* verify.js: check a creditreg inclusion proof and its signed tree head in the browser.
 *
 * The same checks as src/creditreg/transparency/verifier.py, with WebCrypto:
 *   1. the entry's canonical JSON hashes to the leaf hash: SHA-256(0x00 || entry);
 *   2. the audit path leads from the leaf to a root (RFC 9162 §2.1.3.2), where a node
 *      is SHA-256(0x01 || left || right);
 *   3. that root is the signed head's root;
 *   4. the head's key id is the first 16 hex digits of SHA-256 of one of the log's raw
 *      Ed25519 public keys (which the page carries, not the proof);
 *   5. the Ed25519 signature covers "creditreg signed tree head v1\n" followed by
 *      {"key_id","root","size","timestamp"} as JSON, keys sorted, no spaces.
 * It needs no library. In Node (for the tests) it exports its functions instead of
 * wiring the page.
 */
(function () {
  "use strict";

  const HEAD_CONTEXT = "creditreg signed tree head v1\n";
  const subtle = () => globalThis.crypto && globalThis.crypto.subtle;

  class VerifyError extends Error {
    constructor(key, values) {
      super(key);
      this.key = key; // a key of the page's messages
      this.values = values || {};
    }
  }

  function hexBytes(hex, length) {
    if (typeof hex !== "string" || !/^(?:[0-9a-f]{2})*$/.test(hex) || (length && hex.length !== 2 * length)) {
      throw new VerifyError("malformed", { detail: "a hash, key or signature is not lowercase hex of the right length" });
    }
    const bytes = new Uint8Array(hex.length / 2);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.substr(2 * i, 2), 16);
    return bytes;
  }

  function hex(bytes) {
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function concat(...parts) {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) { out.set(part, at); at += part.length; }
    return out;
  }

  function equal(a, b) {
    return a.length === b.length && a.every((value, i) => value === b[i]);
  }

  async function sha256(bytes) {
    return new Uint8Array(await subtle().digest("SHA-256", bytes));
  }

  const leafHash = (entry) => sha256(concat(Uint8Array.of(0), entry));
  const nodeHash = (left, right) => sha256(concat(Uint8Array.of(1), left, right));

  /* RFC 9162 §2.1.3.2: the root the path leads to from leaf `index` of a `size` tree.
     Halving with Math.floor, not >>, so trees past 2^31 leaves work too. */
  async function rootFromPath(leaf, index, size, path) {
    if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) {
      throw new VerifyError("index");
    }
    let fn = index, sn = size - 1, r = leaf;
    for (const p of path) {
      if (sn === 0) throw new VerifyError("path_long");
      if (fn % 2 === 1 || fn === sn) {
        r = await nodeHash(p, r);
        while (fn !== 0 && fn % 2 === 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
      } else {
        r = await nodeHash(r, p);
      }
      fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
    }
    if (sn !== 0) throw new VerifyError("path_short");
    return r;
  }

  /* The exact bytes a head's signature covers (the fields' forms checked first). */
  function headMessage(head) {
    if (!Number.isSafeInteger(head.size) || head.size < 0) throw new VerifyError("malformed", { detail: "head size" });
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(head.timestamp)) {
      throw new VerifyError("malformed", { detail: "head timestamp" });
    }
    hexBytes(head.root, 32); hexBytes(head.key_id, 8);
    const body = { key_id: head.key_id, root: head.root, size: head.size, timestamp: head.timestamp };
    return new TextEncoder().encode(HEAD_CONTEXT + JSON.stringify(body));
  }

  /* The public key (raw bytes) among `keys` whose SHA-256 starts with the head's key id. */
  async function keyFor(keyId, keys) {
    for (const key of keys) {
      const raw = hexBytes(key.public_key, 32);
      if (hex(await sha256(raw)).slice(0, 16) === keyId) return raw;
    }
    throw new VerifyError("no_key", { key: keyId });
  }

  async function verifySignature(head, raw) {
    let key;
    try {
      key = await subtle().importKey("raw", raw, { name: "Ed25519" }, false, ["verify"]);
    } catch (error) {
      throw new VerifyError("no_ed25519");
    }
    const signature = hexBytes(head.signature, 64);
    if (!(await subtle().verify({ name: "Ed25519" }, key, signature, headMessage(head)))) {
      throw new VerifyError("signature");
    }
  }

  /* Check a proof document (GET /console/proof or /v1/log/proof/{id}) against the log's
     keys; `step(name)` is called as each check passes. Throws a VerifyError. */
  async function verifyDocument(doc, keys, step, expected) {
    const done = step || (() => {});
    if (!subtle()) throw new VerifyError("no_webcrypto");
    const head = doc && doc.head;
    if (!head || doc.type !== "inclusion" || !Array.isArray(doc.path)) {
      throw new VerifyError("malformed", { detail: "not an inclusion proof with its head" });
    }
    if (doc.tree_size !== head.size) throw new VerifyError("size");
    const leaf = hexBytes(doc.leaf_hash, 32);
    // The entry must be there and be the record asked for: a proof of another, intact
    // record would otherwise "verify" a record the server rewrote.
    if (typeof doc.entry !== "string") throw new VerifyError("record");
    let entry;
    try { entry = JSON.parse(doc.entry); } catch (error) { throw new VerifyError("record"); }
    const wanted = expected === undefined ? doc.record_id : expected;
    if (!entry || entry.kind !== "record.added" || entry.record_id !== wanted
        || doc.record_id !== wanted) {
      throw new VerifyError("record");
    }
    if (!equal(await leafHash(new TextEncoder().encode(doc.entry)), leaf)) {
      throw new VerifyError("entry_hash");
    }
    done("step_entry");
    if (doc.seq !== undefined && doc.seq !== doc.leaf_index + 1) throw new VerifyError("index");
    const path = doc.path.map((node) => hexBytes(node, 32));
    const root = await rootFromPath(leaf, doc.leaf_index, doc.tree_size, path);
    done("step_path");
    if (!equal(root, hexBytes(head.root, 32))) throw new VerifyError("root");
    done("step_root");
    const raw = await keyFor(head.key_id, keys);
    done("step_key");
    await verifySignature(head, raw);
    done("step_signature");
    return { record: doc.record_id, seq: doc.seq, leaf: doc.leaf_index, size: head.size, key: head.key_id };
  }

  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  }

  async function fetchProof(record) {
    const response = await fetch("/console/proof?record=" + encodeURIComponent(record), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    const json = (response.headers.get("content-type") || "").includes("application/json");
    const body = json ? await response.json() : null;
    if (!response.ok || body === null) {
      const detail = body && body.error ? body.error : "not a proof (is the session still signed in?)";
      throw new VerifyError("fetch", { status: response.status, detail });
    }
    return body;
  }

  function wire() {
    const form = document.getElementById("verify-form");
    if (!form) return;
    const messages = JSON.parse(document.getElementById("verify-messages").textContent);
    const keys = JSON.parse(document.getElementById("log-keys").textContent);
    const result = document.getElementById("verify-result");
    const steps = document.getElementById("verify-steps");
    const button = document.getElementById("verify-button");
    const show = (state, text) => { result.dataset.state = state; result.textContent = text; };
    const line = (cls, text) => {
      const li = document.createElement("li");
      li.className = cls; li.textContent = text; steps.appendChild(li);
    };
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      steps.replaceChildren();
      button.disabled = true;
      show("working", messages.working);
      try {
        const record = form.elements.record.value.trim();
        const doc = await fetchProof(record);
        const found = await verifyDocument(doc, keys, (name) => line("ok", messages[name]), record);
        show("verified", format(messages.verified, found));
      } catch (error) {
        const reason = error instanceof VerifyError
          ? format(messages[error.key] || error.key, error.values)
          : String(error);
        line("fail", reason);
        show("failed", format(messages.failed, { reason }));
      } finally {
        button.disabled = false;
      }
    });
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { verifyDocument, rootFromPath, headMessage, leafHash, nodeHash, VerifyError };
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
})();
