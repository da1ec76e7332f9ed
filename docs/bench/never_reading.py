#!/usr/bin/env python3
"""Issue #12's memory target: a client that never reads is sent 1 GiB; the gateway's RSS and other clients' round trips.

  never_reading.py TEXT_HOST:PORT INNER_HOST:PORT GATEWAY_PID [--mib 1024] [--msg-kib 64] [--bystanders 4]

Needs a cluster whose worker runs the demo app (or io.gwkit.bench.QuietDemoApp: welcome + "echo <line>") and a
gateway without a secret. Phases, one after another, RSS (/proc/PID/status VmRSS) sampled every 0.2 s:
  warm:  the same bytes (sendToClient frames, cmd 5, on one persistent inner connection) to a client that reads;
  idle:  bystander echo round trips for --idle s on the warmed gateway (their p50/p99 are the reference);
  push:  the bytes to a client that never reads (4 KiB receive buffer) while the bystanders keep going.
Prints one JSON object. Uses only the standard library; nothing here is timed in a unit test.
"""
import argparse, json, os, socket, struct, threading, time


def hostport(s):
    h, p = s.rsplit(":", 1)
    return h, int(p)


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Sampler(threading.Thread):
    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop_ = pid, 0, False

    def run(self):
        while not self.stop_:
            self.peak = max(self.peak, rss_kib(self.pid))
            time.sleep(0.2)

    def reset(self):
        self.peak = rss_kib(self.pid)


def text_client(addr, rcvbuf=None):
    s = socket.socket()
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.connect(addr)
    f = s.makefile("rb")
    welcome = json.loads(f.readline())
    return s, f, welcome["client_id"]


def frame(client_id, body):
    conn_id = int(client_id[12:20], 16)
    return struct.pack(">IBIHIHIBHI", 28 + len(body), 5, 0, 0, 0, 0, conn_id, 1, 0, 0) + body


def push(inner, client_id, total, msg):
    s = socket.create_connection(inner)
    f = frame(client_id, msg)
    sent, t0 = 0, time.monotonic()
    try:
        while sent < total:
            s.sendall(f)
            sent += len(msg)
    except OSError as e:
        return sent, time.monotonic() - t0, str(e)
    finally:
        s.close()
    return sent, time.monotonic() - t0, None


class Bystander(threading.Thread):
    def __init__(self, addr):
        super().__init__(daemon=True)
        self.s, self.f, _ = text_client(addr)
        self.rtts, self.on, self.stop_ = [], False, False

    def run(self):
        while not self.stop_:
            t = time.monotonic()
            self.s.sendall(b"ping\n")
            line = self.f.readline()
            if not line:
                return
            if self.on:
                self.rtts.append(time.monotonic() - t)
            time.sleep(0.002)


def pct(xs, p):
    xs = sorted(xs)
    return round(xs[min(len(xs) - 1, int(p * len(xs)))] * 1000, 2) if xs else None


def measure(bys, seconds=None, during=None):
    for b in bys:
        b.rtts.clear()
        b.on = True
    out = during() if during else time.sleep(seconds)
    for b in bys:
        b.on = False
    rtts = [r for b in bys for r in b.rtts]
    return out, {"p50_ms": pct(rtts, 0.5), "p99_ms": pct(rtts, 0.99), "n": len(rtts)}


def main():
    a = argparse.ArgumentParser()
    a.add_argument("text"), a.add_argument("inner"), a.add_argument("pid", type=int)
    a.add_argument("--mib", type=int, default=1024)
    a.add_argument("--msg-kib", type=int, default=64)
    a.add_argument("--bystanders", type=int, default=4)
    a.add_argument("--idle", type=float, default=5)
    o = a.parse_args()
    text, inner, total, msg = hostport(o.text), hostport(o.inner), o.mib << 20, b"x" * ((o.msg_kib << 10) - 1) + b"\n"
    res = {"rss_start_kib": rss_kib(o.pid)}
    sampler = Sampler(o.pid)
    sampler.start()

    reader, rf, rid = text_client(text)
    got = [0]

    def drain():
        while got[0] < total:
            b = reader.recv(1 << 20)
            if not b:
                break
            got[0] += len(b)
    d = threading.Thread(target=drain, daemon=True)
    d.start()
    sampler.reset()
    sent, secs, err = push(inner, rid, total, msg)
    d.join(120)
    reader.close()
    time.sleep(2)
    res["warm"] = {"sent_mib": sent >> 20, "received_mib": got[0] >> 20, "seconds": round(secs, 1), "error": err,
                   "rss_peak_kib": sampler.peak, "rss_after_kib": rss_kib(o.pid)}

    bys = [Bystander(text) for _ in range(o.bystanders)]
    for b in bys:
        b.start()
    time.sleep(1)
    _, res["idle"] = measure(bys, seconds=o.idle)
    res["idle"]["rss_kib"] = rss_kib(o.pid)

    victim, vf, vid = text_client(text, rcvbuf=4096)
    sampler.reset()
    base = rss_kib(o.pid)
    (sent, secs, err), res["push"] = measure(bys, during=lambda: push(inner, vid, total, msg))
    time.sleep(1)
    victim.setblocking(False)
    closed = None
    while closed is None:  # what the gateway had sent, then EOF or a reset if it closed the client
        try:
            closed = True if victim.recv(1 << 20) == b"" else None
        except BlockingIOError:
            closed = False
        except OSError:
            closed = True
    res["push"].update({"sent_mib": sent >> 20, "seconds": round(secs, 1), "error": err, "rss_before_kib": base,
                        "rss_peak_kib": sampler.peak, "rss_growth_kib": sampler.peak - base,
                        "victim_closed_by_gateway": closed})
    res["p99_during_over_idle"] = round(res["push"]["p99_ms"] / res["idle"]["p99_ms"], 2) \
        if res["push"]["p99_ms"] and res["idle"]["p99_ms"] else None
    for b in bys:
        b.stop_ = True
    sampler.stop_ = True
    print(json.dumps(res))


if __name__ == "__main__":
    main()
