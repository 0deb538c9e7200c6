"""HTTP throughput under wrk against the production server, and the memory of its workers.

    wrk -t2 -c16 -d15s --latency URL

is run once against a static file served by the server (the baseline), then once against a
page. Each worker's resident memory is sampled during the load, and its high-water mark
(VmHWM) read at the end.
"""

import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.loadtest import Client, Server, free_port

WRK = "wrk"
STATIC = "/static/ogop/ogop.css"
TIMEOUT = "10s"


@dataclass
class WrkResult:
    requests: int
    requests_per_s: float
    non_2xx: int
    socket_errors: int
    latency_ms: dict[str, float] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return self.non_2xx + self.socket_errors


def _duration_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1, "s": 1_000, "m": 60_000}[unit]


def parse_wrk(output: str) -> WrkResult:
    """The figures of wrk's report (with --latency)."""
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    if not rate or not total:
        raise ValueError(f"Not a wrk report: {output[:500]}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    latency = {
        f"p{percent}": _duration_ms(value)
        for percent, value in re.findall(r"^\s+(\d+)%\s+([\d.]+\w+)\s*$", output, re.MULTILINE)
    }
    return WrkResult(
        requests=int(total.group(1)),
        requests_per_s=float(rate.group(1)),
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(n) for n in sockets.groups()) if sockets else 0,
        latency_ms=latency,
    )


def wrk(url: str, *, seconds: float, connections: int = 16, threads: int = 2) -> WrkResult:
    """A run of wrk; a request that takes longer than TIMEOUT counts as an error."""
    duration = f"{max(1, round(seconds))}s"
    command = [WRK, f"-t{threads}", f"-c{connections}", f"-d{duration}", f"--timeout={TIMEOUT}"]
    command += ["--latency", url]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60)
    return parse_wrk(done.stdout)


def have_wrk() -> bool:
    return shutil.which(WRK) is not None


# Memory of the server's workers ----------------------------------------------------------------


def _status(pid: int) -> dict[str, str]:
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    return dict(line.split(":", 1) for line in lines if ":" in line)


def kib(pid: int, key: str) -> int:
    """A memory figure of /proc/<pid>/status (VmRSS, VmHWM), in KiB."""
    return int(_status(pid)[key].split()[0])


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid`: the server's workers."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


class MemorySampler:
    """Samples the memory of the server's workers every `every` seconds while it runs.

    The server replaces a worker after some thousands of requests, so the workers are listed
    again at each sample: every worker seen is reported, with its largest resident memory
    sampled and its high-water mark (VmHWM) as last read."""

    def __init__(self, master: int, every: float = 0.2) -> None:
        self.master = master
        self.every = every
        self.workers: dict[int, dict[str, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        for pid in children(self.master):
            try:
                rss, hwm = kib(pid, "VmRSS"), kib(pid, "VmHWM")
            except (OSError, KeyError):
                continue  # gone between the listing and the reading
            seen = self.workers.setdefault(pid, {"rss": 0, "hwm": 0})
            seen["rss"] = max(seen["rss"], rss)
            seen["hwm"] = max(seen["hwm"], hwm)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.every)

    def __enter__(self) -> "MemorySampler":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    def report(self) -> dict[int, dict[str, float]]:
        return {
            pid: {
                "vm_hwm_mb": round(seen["hwm"] / 1024, 1),
                "sampled_peak_rss_mb": round(seen["rss"] / 1024, 1),
            }
            for pid, seen in sorted(self.workers.items())
        }


def load(
    *, env: dict[str, str], page: str, seconds: float, connections: int = 16, workers: int = 2
) -> dict[str, Any]:
    """wrk against `page` and against a static file of the same server; the workers' memory."""
    port = free_port()
    server = Server(port, env, workers=workers)
    server.start()
    try:
        assert server.process is not None
        base = f"http://127.0.0.1:{port}"
        warm = Client(port)
        for _round in range(workers * 3):  # each worker loads its code and templates once
            for path in (page, STATIC):
                status, _content = warm.request("GET", path)
                if status != 200:
                    raise RuntimeError(f"GET {path} answered {status}")
            warm.connection = None
        with MemorySampler(server.process.pid) as sampler:
            # The static file first: requests to the page still running after its run would
            # slow the baseline down.
            static_result = wrk(base + STATIC, seconds=seconds, connections=connections)
            time.sleep(0.3)
            page_result = wrk(base + page, seconds=seconds, connections=connections)
        memory = sampler.report()
    finally:
        server.stop()
    return {
        "page": page_result,
        "static": static_result,
        "workers": workers,
        "connections": connections,
        "memory": memory,
    }
