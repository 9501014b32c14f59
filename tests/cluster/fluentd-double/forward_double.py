"""TEST DOUBLE of Fluentd for the offline cluster test (not for production).

Accepts the Forward protocol on :24224 (Message, Forward, PackedForward and
CompressedPackedForward modes; EventTime; answers {"ack": chunk} when asked),
writes each event as one JSON line to /fluentd/log/<tag>.<YYYYMMDD>.log (the
same place deploy/fluentd/fluent.conf writes to) and to stdout, and serves a
monitor_agent-like /api/plugins.json on :24220 for the health check.
"""
import datetime
import gzip
import http.server
import io
import json
import os
import signal
import socketserver
import sys
import threading
import urllib.request

import msgpack

LOG_DIR = os.environ.get("FLUENT_DOUBLE_LOG_DIR", "/fluentd/log")
lock = threading.Lock()
counts = {"events": 0, "chunks": 0}


def ext_hook(code, data):
    if code == 0 and len(data) == 8:  # EventTime
        sec, nsec = int.from_bytes(data[:4], "big"), int.from_bytes(data[4:], "big")
        return sec + nsec / 1e9
    return msgpack.ExtType(code, data)


def text(v):
    return v.decode("utf-8", "replace") if isinstance(v, bytes) else v


def emit(tag, when, record):
    record = {text(k): text(v) for k, v in record.items()}
    day = datetime.datetime.fromtimestamp(when, datetime.timezone.utc).strftime("%Y%m%d")
    line = json.dumps(record, ensure_ascii=False, default=str)
    with lock:
        counts["events"] += 1
        with open(os.path.join(LOG_DIR, f"{tag}.{day}.log"), "a", encoding="utf-8") as f:
            f.write(line + "\n")
        stamp = datetime.datetime.fromtimestamp(when, datetime.timezone.utc).isoformat()
        sys.stdout.write(f"{stamp} {tag}: {line}\n")
        sys.stdout.flush()


def entries_of(blob):
    if isinstance(blob, (bytes, bytearray)):
        return list(msgpack.Unpacker(io.BytesIO(blob), raw=False, ext_hook=ext_hook,
                                     strict_map_key=False))
    return blob


class Forward(socketserver.BaseRequestHandler):
    def handle(self):
        unpacker = msgpack.Unpacker(raw=False, ext_hook=ext_hook, strict_map_key=False)
        while True:
            data = self.request.recv(65536)
            if not data:
                return
            unpacker.feed(data)
            for msg in unpacker:
                self.message(msg)

    def message(self, msg):
        if not isinstance(msg, (list, tuple)) or len(msg) < 2:
            return
        tag, second = text(msg[0]), msg[1]
        option = {}
        if isinstance(second, (int, float)):  # Message mode
            option = msg[3] if len(msg) > 3 else {}
            emit(tag, second, msg[2])
        else:
            option = msg[2] if len(msg) > 2 else {}
            option = option or {}
            if isinstance(second, (bytes, bytearray)) and option.get("compressed") == "gzip":
                second = gzip.decompress(second)
            for when, record in entries_of(second):
                emit(tag, when, record)
        with lock:
            counts["chunks"] += 1
        chunk = option.get("chunk") if isinstance(option, dict) else None
        if chunk is not None:
            self.request.sendall(msgpack.packb({"ack": chunk}, use_bin_type=True))


class Monitor(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.split("?")[0] != "/api/plugins.json":
            self.send_error(404)
            return
        with lock:
            body = json.dumps({"plugins": [{"plugin_id": "forward_double", "type": "forward",
                                            "output_plugin": False, **counts}]}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class TCP(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    if "--health" in sys.argv:
        urllib.request.urlopen("http://127.0.0.1:24220/api/plugins.json", timeout=3).read()
        return
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    os.makedirs(LOG_DIR, exist_ok=True)
    monitor = http.server.ThreadingHTTPServer(("0.0.0.0", 24220), Monitor)
    threading.Thread(target=monitor.serve_forever, daemon=True).start()
    print("fluentd TEST DOUBLE: forward on :24224, monitor on :24220, files in " + LOG_DIR,
          flush=True)
    with TCP(("0.0.0.0", 24224), Forward) as server:
        server.serve_forever()


if __name__ == "__main__":
    main()
