"""PyTorch reference timings for `gns-bench tensor` (same shapes, 2 threads, median of repeats).

Usage: python3 Benchmarks/tensor_bench.py [--json]
Prints one line per benchmark: name, median microseconds. With --json prints a JSON object
{name: microseconds}, which `gns-bench tensor --compare` reads to print the ratio table.
"""
import json
import statistics
import sys
import time

import torch

torch.set_num_threads(2)
torch.manual_seed(0)


def median_microseconds(body, minimum_seconds=0.5, minimum_repeats=10):
    """Warm up, then time `body` repeatedly and return the median in microseconds."""
    for _ in range(3):
        body()
    times = []
    start = time.perf_counter()
    while len(times) < minimum_repeats or time.perf_counter() - start < minimum_seconds:
        t0 = time.perf_counter()
        body()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e6


def matmul(m, k, n):
    a, b = torch.randn(m, k), torch.randn(k, n)
    return lambda: torch.mm(a, b)


def conv_step(batch, inputs, outputs, size):
    """Forward and backward (input, weight and bias gradients) of one 3x3, padding-1 convolution."""
    conv = torch.nn.Conv2d(inputs, outputs, 3, padding=1)
    x = torch.randn(batch, inputs, size, size, requires_grad=True)
    upstream = torch.randn(batch, outputs, size, size)

    def body():
        x.grad = None
        conv.zero_grad(set_to_none=True)
        conv(x).backward(upstream)
    return body


def lstm_step(batch, inputs, hidden):
    """Forward and backward of one LSTM cell step (gradients for input, state and all weights)."""
    cell = torch.nn.LSTMCell(inputs, hidden)
    x = torch.randn(batch, inputs, requires_grad=True)
    h = torch.randn(batch, hidden, requires_grad=True)
    c = torch.randn(batch, hidden, requires_grad=True)
    gh, gc = torch.randn(batch, hidden), torch.randn(batch, hidden)

    def body():
        for t in (x, h, c):
            t.grad = None
        cell.zero_grad(set_to_none=True)
        h2, c2 = cell(x, (h, c))
        torch.autograd.backward([h2, c2], [gh, gc])
    return body


def benchmarks():
    with torch.no_grad():
        yield "matmul 256x256x256", median_microseconds(matmul(256, 256, 256))
        yield "matmul 1x256x1024", median_microseconds(matmul(1, 256, 1024))
    for inputs, outputs in ((1, 16), (16, 32), (32, 64)):
        yield f"conv {inputs}->{outputs} b64 28x28 fwd+bwd", median_microseconds(conv_step(64, inputs, outputs, 28))
    # The termination and location nets' deeper layers, after each 2x2 max-pool.
    for size in (14, 7, 3):
        yield f"conv 64->64 b64 {size}x{size} fwd+bwd", median_microseconds(conv_step(64, 64, 64, size))
    for batch in (1, 64):
        yield f"lstm b{batch} in130 h256 fwd+bwd", median_microseconds(lstm_step(batch, 130, 256))


if __name__ == "__main__":
    results = dict(benchmarks())
    if "--json" in sys.argv:
        print(json.dumps(results))
    else:
        for name, microseconds in results.items():
            print(f"{name:36s} {microseconds:12.1f} us")
