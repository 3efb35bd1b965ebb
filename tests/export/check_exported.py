"""Run exported modules in a process that cannot import Neurona: python check_exported.py CASES.json.

Each case names a module file, its class, a safetensors file of weights (the exported keys) and one of inputs
(`x`); the outputs are written to the case's `out` file. `strict=True` loading proves the keys match one to one.
"""

from __future__ import annotations

import importlib.util
import json
import sys

sys.modules["neurona"] = None  # type: ignore[assignment]  # the exported code must need torch only

import torch  # noqa: E402
from safetensors.torch import load_file, save_file  # noqa: E402


def main(cases_file: str) -> None:
    with open(cases_file) as f:
        cases = json.load(f)
    for case in cases:
        spec = importlib.util.spec_from_file_location(case["module"], case["path"])
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        model = getattr(module, case["class"])()
        model.load_state_dict(load_file(case["weights"]), strict=True)
        model.eval()
        torch.manual_seed(0)  # layers that sample in evaluation draw the same noise as the server's
        with torch.no_grad():
            out = model(load_file(case["inputs"])["x"])
        save_file({"out": out.contiguous()}, case["out"])


if __name__ == "__main__":
    main(sys.argv[1])
