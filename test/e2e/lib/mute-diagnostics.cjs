// Loaded in front of dist/server.js by the "server publishes nothing" check (test/e2e/lib/mute.ts):
// the server runs as usual, but every textDocument/publishDiagnostics it sends is dropped,
// over IPC (VS Code, code-server) and over stdio (Neovim). Every other message passes unchanged.
'use strict';
const METHOD = 'textDocument/publishDiagnostics';

if (typeof process.send === 'function') {
  const send = process.send.bind(process);
  process.send = (message, ...rest) => {
    if (!message || message.method !== METHOD) return send(message, ...rest);
    const callback = rest.find((argument) => typeof argument === 'function');
    if (callback) setImmediate(callback, null);
    return true;
  };
}

const write = process.stdout.write.bind(process.stdout);
let pending = Buffer.alloc(0);
process.stdout.write = (chunk, encoding, callback) => {
  const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8');
  pending = Buffer.concat([pending, bytes]);
  for (;;) {
    const headerEnd = pending.indexOf('\r\n\r\n');
    if (headerEnd < 0) break;
    const length = /Content-Length: *(\d+)/i.exec(pending.subarray(0, headerEnd).toString('ascii'));
    if (!length) {
      // not LSP framing: pass everything through untouched
      write(pending);
      pending = Buffer.alloc(0);
      break;
    }
    const total = headerEnd + 4 + Number(length[1]);
    if (pending.length < total) break;
    const message = pending.subarray(0, total);
    pending = pending.subarray(total);
    let method;
    try {
      method = JSON.parse(message.subarray(headerEnd + 4).toString('utf8')).method;
    } catch {
      method = undefined;
    }
    if (method !== METHOD) write(message);
  }
  const done = typeof encoding === 'function' ? encoding : callback;
  if (done) setImmediate(done);
  return true;
};
