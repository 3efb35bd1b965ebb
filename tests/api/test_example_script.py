"""examples/follow.py, the documented scripting example, really works against a server."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "examples" / "follow.py"


@pytest.mark.slow
def test_follow_script_trains_circle_to_high_accuracy(live_server: str) -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), live_server, "--epochs", "20"], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    out = result.stdout
    assert re.search(r"experiment [0-9a-f]+ created", out)
    assert "status: running" in out and "status: finished" in out
    steps = [int(s) for s in re.findall(r"^step\s+(\d+)", out, re.MULTILINE)]
    assert steps and steps == sorted(steps), "metrics lines arrive in order"
    final = re.search(r"^finished: (\d+) steps, final test accuracy ([0-9.]+)$", out, re.MULTILINE)
    assert final, out
    assert int(final.group(1)) == 20 * 25
    assert float(final.group(2)) >= 0.9


def test_follow_script_reports_a_refused_request(live_server: str) -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), live_server, "--epochs", "0"], cwd=REPO,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "training.epochs" in result.stderr and "≥ 1" in result.stderr


def test_follow_script_uses_only_httpx_and_websockets() -> None:
    tree = ast.parse(SCRIPT.read_text())
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    third_party = imported - set(sys.stdlib_module_names) - {"__future__"}
    assert third_party == {"httpx", "websockets"}
