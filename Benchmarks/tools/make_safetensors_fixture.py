#!/usr/bin/env python3
"""Write Tests/TensorsTests/Fixtures/small.safetensors with PyTorch's own safetensors writer.

The contents are simple closed forms (aranges) so the Swift test can check every value without
reading this script: see SafeTensorsTests.readsPyTorchFixture.

Usage: python3 Benchmarks/tools/make_safetensors_fixture.py  (from the repository root)
"""
import pathlib

import torch
from safetensors.torch import save_file

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "Tests" / "TensorsTests" / "Fixtures" / "small.safetensors"


def main() -> None:
    tensors = {
        # value i at flat index i
        "conv.weight": torch.arange(24, dtype=torch.float32).reshape(2, 3, 1, 4),
        # 0.5 * i, stored as float64
        "linear.bias": torch.arange(5, dtype=torch.float64) * 0.5,
        # 0.25 * i - 1, float16 (exactly representable)
        "half": (torch.arange(6, dtype=torch.float32) * 0.25 - 1).reshape(3, 2).to(torch.float16),
        # i - 2, bfloat16
        "brain": (torch.arange(4, dtype=torch.float32) - 2).to(torch.bfloat16),
        # PyTorch batch-norm counters are int64
        "bn.num_batches_tracked": torch.tensor(7, dtype=torch.int64),
        # a 0-d float32 scalar
        "scalar": torch.tensor(3.5, dtype=torch.float32),
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    save_file(tensors, str(OUTPUT), metadata={"format": "pt", "source": "make_safetensors_fixture.py"})
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
