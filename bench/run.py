"""`make bench`: Neurona against bare PyTorch, side by side in one process, and the server under load.

Prints each figure with its target. Ratios are medians of interleaved repeats (`BENCH_REPEATS`, default 7), so a
burst of load from elsewhere on the machine hits both sides; on a shared machine they still move by a few
percent between runs. With a CUDA GPU the loop ratios are measured there as well.
"""

from __future__ import annotations

import os
import sys

import torch

from bench.loops import CASES, compare
from bench.probes import through_a_server
from bench.rooms import classroom
from bench.server import concurrent, startup

REPEATS = int(os.environ.get("BENCH_REPEATS", "7"))
THREADS = 1  # one thread each, as a worker gets on a 2-core machine with two workers
TARGETS = {"healthz_s": 3.0, "first_row_warm_s": 1.0, "throughput": 0.8, "rest_p99_ms": 250.0,
           "room_state_p95_ms": 250.0, "followed_ratio": 0.9, "probe_p95_ms": 100.0, "first_maps_s": 1.0}


def _line(name: str, value: float, target: float, unit: str = "", higher: bool = True) -> bool:
    ok = value >= target if higher else value <= target
    sign = "≥" if higher else "≤"
    print(f"  {name:<44} {value:9.3f}{unit:<3} target {sign} {target:g}{unit}  {'ok' if ok else 'BELOW TARGET'}")
    return ok


def loops(device: str) -> bool:
    print(f"worker loop vs bare PyTorch ({device}, {THREADS} thread, median of {REPEATS} interleaved repeats)")
    ok = True
    for case in CASES:
        figures = compare(case, REPEATS, device)
        clock = "CPU" if device == "cpu" else "wall"
        print(f"  {case.name:<28} bare {figures['bare']:8.0f} steps/{clock}-s   neurona {figures['neurona']:8.0f} "
              f"steps/{clock}-s   (wall-clock ratio {figures['wall_ratio']:.3f})")
        ok &= _line(f"  ratio ({case.name})", figures["ratio"], case.target)
    return ok


def server() -> bool:
    print("server")
    start = startup()
    ok = _line("launch to /healthz", start["healthz_s"], TARGETS["healthz_s"], " s", higher=False)
    print(f"  {'launch to the API ready (PyTorch loaded)':<44} {start['ready_s']:9.3f} s")
    print(f"  {'play to first row, right after /healthz':<44} {start['first_row_at_once_s']:9.3f} s")
    ok &= _line("play to first row, workers warm", start["first_row_warm_s"], TARGETS["first_row_warm_s"], " s",
                higher=False)
    few, many = concurrent(2, 2, 3000), concurrent(30, 2, 3000)
    print(f"  2 runs: {few['steps_per_s']:.0f} steps/s; 30 runs: {many['steps_per_s']:.0f} steps/s (2 workers)")
    ok &= _line("throughput, 30 runs ÷ 2 runs", many["steps_per_s"] / few["steps_per_s"], TARGETS["throughput"])
    ok &= _line("REST p99 while 30 runs train", many["rest_p99_ms"], TARGETS["rest_p99_ms"], " ms", higher=False)
    return ok


def probes() -> bool:
    print("probes through the server (every probe on the small CNN; LeNet-5's first conv node from play)")
    figures = through_a_server()
    sizes = ", ".join(f"{kind} {size / 1024:.1f}" for kind, size in figures["sizes"].items())
    print(f"  {figures['frames']} frames; mean KB per frame: {sizes}")
    print(f"  {'probe → websocket client, median':<44} {figures['latency_median_ms']:9.3f} ms")
    ok = _line("probe → websocket client, p95", figures["latency_p95_ms"], TARGETS["probe_p95_ms"], " ms",
               higher=False)
    return ok & _line("LeNet-5: play to changing feature maps", figures["lenet_first_maps_s"],
                      TARGETS["first_maps_s"], " s", higher=False)


def rooms() -> bool:
    print("a classroom: 30 students train the preset while the teacher view follows (every 0.5 s)")
    figures = classroom(30, 1500)
    print(f"  room state: median {figures['state_median_ms']:.0f} ms, {figures['state_kb']:.0f} KB, "
          f"{figures['runs_listed']:.0f} runs listed")
    ok = _line("room state p95 while 30 students train", figures["state_p95_ms"], TARGETS["room_state_p95_ms"],
               " ms", higher=False)
    return ok & _line("steps/s followed ÷ alone", figures["ratio"], TARGETS["followed_ratio"])


def main() -> None:
    torch.set_num_threads(THREADS)
    which = sys.argv[1:] or ["loops", "server", "probes"]
    ok = True
    if "loops" in which:
        ok &= loops("cpu")
        if torch.cuda.is_available():
            ok &= loops("cuda")
    if "server" in which:
        ok &= server()
    if "probes" in which:
        ok &= probes()
    if "rooms" in which:  # on request only (`python -m bench.run rooms`): it trains a class twice
        ok &= rooms()
    print("all figures at target" if ok else "some figures below target")


if __name__ == "__main__":
    main()
