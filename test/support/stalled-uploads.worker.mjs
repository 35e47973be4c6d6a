// Opens `count` connections at once, each starting an upload of `length` bytes that stops one byte
// short, then reports when each got its answer and when the server closed it. In a worker so that
// the test's own measurements (pings, memory) are not delayed by these sockets.
import { connect } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';

const { port, count, length, token } = workerData;
const body = Buffer.alloc(length - 1, 'a');
const head =
  `POST /v1/s3/sandbox/buckets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n` +
  (token ? `X-Auth-Token: ${token}\r\n` : '') +
  '\r\n';

function upload() {
  return new Promise((resolve) => {
    const started = performance.now();
    let text = '';
    let answeredMs;
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head);
      socket.write(body);
    });
    socket.on('data', (chunk) => {
      answeredMs ??= performance.now() - started;
      text += chunk.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const end = text.indexOf('\r\n\r\n');
      let code;
      try {
        code = JSON.parse(text.slice(end + 4)).Code;
      } catch {
        code = undefined;
      }
      const requestId = /\r\nx-request-id: ([^\r]+)/i.exec(text.slice(0, end))?.[1];
      resolve({ status: Number(text.slice(9, 12)) || 0, code, requestId, answeredMs, closedMs: performance.now() - started });
    });
  });
}

parentPort.postMessage(await Promise.all(Array.from({ length: count }, upload)));
