"""PyTorch timings of the GNS type-prior networks for `gns-bench networks --compare` (2 threads).

Usage: python3 Benchmarks/network_bench.py [--json] [--repeats N]

The three networks are written here with the same architectures, dropout placements, mixture head and
losses as the Swift ones in Sources/Neural (LocationNetwork, StrokeNetwork, TerminationNetwork,
MixtureDensity), and parameter names as in the paper's state dicts, so each row does the same work as
the `gns-bench networks` row of the same label:

  stroke step        64 strokes x 8 offsets, teacher-forced, dropout on: forward, backward, Adam
  location step      64 canvases (forward, backward, Adam)
  termination step   64 canvases (forward, backward, Adam)
  sample             one 10-offset stroke at batch 1, evaluation mode, no grad: the CNN and initial state,
                     then 10 steps each reading the mixture and the stop probability, feeding back the
                     first component's mean (as the Swift row does)
  score              a 3-stroke character (3, 2 and 4 offsets) under the three networks, evaluation mode,
                     no grad. Only the networks are timed: the partial canvases are random 28x28 tensors,
                     whereas the GNS row also renders them (`gns-bench networks` prints that share).

Training rows are medians of max(N / 5, 3) steps, the others medians of N calls (default N = 50),
each after warm-up calls. With --json prints {label: seconds}; otherwise one line per row in ms.
The LSTM is one nn.LSTMCell per layer: nn.LSTM called one step at a time (as the paper's code does)
runs a oneDNN RNN primitive per call and is several times slower per step with this PyTorch on CPU, which
would flatter GNS. --threads N sets torch.set_num_threads (default 2; on an oversubscribed machine
PyTorch's OpenMP threads spin-wait on each other, so 1 thread can be much faster).
If torch cannot be imported it says so on stderr and exits with status 3.
"""
import json
import math
import statistics
import sys
import time


def option(name, default, parse):
    """The value after `name` on the command line, parsed, or `default`."""
    if name not in sys.argv:
        return default
    try:
        return parse(sys.argv[sys.argv.index(name) + 1])
    except (IndexError, ValueError):
        print(f"network_bench.py: {name} needs a value", file=sys.stderr)
        sys.exit(2)


try:
    import torch
    from torch import nn
    import torch.nn.functional as F
except ImportError as error:
    print(f"network_bench.py: cannot import torch ({error}); install PyTorch to compare", file=sys.stderr)
    sys.exit(3)

torch.set_num_threads(max(option("--threads", 2, int), 1))
torch.manual_seed(0)

COMPONENTS = 20


def mixture_nll(raw, targets, regularization):
    """Per-row negative log-density of targets [R, 2] under the k-component bivariate Gaussian mixtures in
    raw [R, 6k] (k logits, 2k interleaved means, 2k interleaved log-scales, k correlations), with the
    variance floor s' = sqrt(s^2 + a) and the correlation rescaled to keep the covariance."""
    rows, k = raw.shape[0], COMPONENTS
    logits, means, log_scales, correlations = raw.split([k, 2 * k, 2 * k, k], dim=-1)
    log_weights = logits.log_softmax(dim=-1)
    means = means.reshape(rows, k, 2)
    raw_scales = log_scales.reshape(rows, k, 2).exp()
    scales = (raw_scales * raw_scales + regularization).sqrt()
    ratio = raw_scales / scales
    rho = correlations.tanh() * ratio[..., 0] * ratio[..., 1]
    delta = (targets.reshape(rows, 1, 2) - means) / scales
    dx, dy = delta[..., 0], delta[..., 1]
    one_minus = 1 - rho * rho
    quadratic = (rho * dx * dy - 0.5 * (dx * dx + dy * dy)) / one_minus
    log_normal = quadratic - scales.log().sum(dim=-1) - 0.5 * one_minus.log() - math.log(2 * math.pi)
    return -(log_weights + log_normal).logsumexp(dim=-1)


def mixture_parameters(row, regularization):
    """Weights, means, scales and correlations of one output row (what the sampler reads each step)."""
    k = COMPONENTS
    logits, means, log_scales, correlations = row.split([k, 2 * k, 2 * k, k], dim=-1)
    raw_scales = log_scales.reshape(k, 2).exp()
    scales = (raw_scales * raw_scales + regularization).sqrt()
    rho = correlations.tanh() * raw_scales[:, 0] * raw_scales[:, 1] / (scales[:, 0] * scales[:, 1])
    return logits.softmax(dim=-1), means.reshape(k, 2), scales, rho


def bernoulli_nll(logits, targets):
    return F.softplus(logits) - targets * logits


class LocationNet(nn.Module):
    """p(start | canvas, previous end): 4 x [conv3x3 no bias, BN, tanh, maxpool2, dropout .3] 1->16->32->64->128,
    previous end 2->16 tanh (dropout .2), 144->128 tanh (dropout .5), linear head to 120."""
    mean, deviation = 0.0243, 0.1383

    def __init__(self):
        super().__init__()
        channels = [1, 16, 32, 64, 128]
        self.features = nn.Sequential(*[
            nn.Sequential(nn.Conv2d(channels[i], channels[i + 1], 3, padding=1, bias=False),
                          nn.BatchNorm2d(channels[i + 1]), nn.Tanh(), nn.MaxPool2d(2), nn.Dropout(0.3))
            for i in range(4)])
        self.prev_embed = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Dropout(0.2))
        self.output = nn.Sequential(nn.Linear(144, 128), nn.Tanh(), nn.Dropout(0.5), nn.Linear(128, 6 * COMPONENTS))

    def forward(self, canvases, previous):
        x = self.features((canvases - self.mean) / self.deviation).flatten(1)
        return self.output(torch.cat([x, self.prev_embed(previous)], dim=1))

    def losses(self, canvases, previous, starts):
        return mixture_nll(self(canvases, previous), starts, 1e-3)


class TerminationNet(nn.Module):
    """p(stop | canvas): 4 x [conv3x3, ReLU, BN, maxpool2, dropout .5] with 64 channels, 64->64 ReLU (dropout .5), 64->1."""
    mean, deviation = 0.0574, 0.2084

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(*[
            nn.Sequential(nn.Conv2d(1 if i == 0 else 64, 64, 3, padding=1), nn.ReLU(), nn.BatchNorm2d(64),
                          nn.MaxPool2d(2), nn.Dropout(0.5))
            for i in range(4)])
        self.net = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Dropout(0.5), nn.Linear(64, 1))

    def forward(self, canvases):
        return self.net(self.features((canvases - self.mean) / self.deviation).flatten(1)).reshape(-1)

    def losses(self, canvases, stops):
        return bernoulli_nll(self(canvases), stops)


class StrokeNet(nn.Module):
    """p(offsets | start, canvas): CNN 1->16->32 (ReLU, dropout .3) -> 64 stride 2 (tanh) to a 14x14 map;
    initial LSTM state from the mean feature and embedded start; gated additive attention; 2-layer LSTM
    (hidden 256, dropout .3 between layers, one nn.LSTMCell per layer); combine [top, context, offset, start] -> 256 tanh; head to
    120 mixture values + 1 stop logit. Dropout masks on the top output (.3), the recurrent states (.2) and
    the combined vector (.3) are drawn once per sequence."""
    mean, deviation = 0.0243, 0.1383
    hidden_size, layers = 256, 2

    def __init__(self):
        super().__init__()
        self.cnn = nn.Module()
        self.cnn.features = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.Dropout(0.3),
                                          nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.Dropout(0.3),
                                          nn.Conv2d(32, 64, 3, stride=2, padding=1), nn.Tanh())
        h = self.hidden_size
        self.f_init = nn.Module()
        self.f_init.net = nn.Sequential(nn.Linear(64 + 16, h * self.layers * 2))
        self.f_att = nn.Module()
        self.f_att.U, self.f_att.W, self.f_att.v = nn.Linear(h, 256), nn.Linear(64, 256), nn.Linear(256, 1)
        self.f_combine = nn.Module()
        self.f_combine.net = nn.Sequential(nn.Linear(h + 64 + 32, 256))
        self.f_beta = nn.Sequential(nn.Linear(h, 64))
        self.x_embed = nn.Sequential(nn.Linear(2, 16))
        self.s_embed = nn.Sequential(nn.Linear(2, 16))
        self.lstm = nn.ModuleList([nn.LSTMCell(64 + 16 if layer == 0 else h, h) for layer in range(self.layers)])
        self.output = nn.Linear(256, 6 * COMPONENTS + 1)

    def mask(self, shape, p):
        return F.dropout(torch.ones(shape), p) if self.training else None

    def begin(self, canvases, starts):
        n, h = canvases.shape[0], self.hidden_size
        features = self.cnn.features((canvases - self.mean) / self.deviation).reshape(n, 64, 196).transpose(1, 2)
        start = self.s_embed(starts).tanh()
        initial = F.dropout(self.f_init.net(torch.cat([features.mean(dim=1), start], dim=1)).tanh(), 0.3, self.training)
        initial = initial.reshape(n, h, self.layers, 2)             # the reference's view of the initial vector
        hidden = initial[..., 0].permute(2, 0, 1).contiguous()      # [layers, N, H]
        cell = initial[..., 1].permute(2, 0, 1).contiguous()
        return dict(features=features, projected=self.f_att.W(features), start=start, hidden=hidden, cell=cell,
                    top=hidden[-1], top_mask=self.mask((n, h), 0.3),
                    recurrent_mask=self.mask((self.layers, n, h), 0.2), combine_mask=self.mask((n, 256), 0.3))

    def step(self, state, previous_offsets):
        offset = self.x_embed(previous_offsets).tanh()
        query = self.f_att.U(state["top"]).unsqueeze(1)
        scores = self.f_att.v((state["projected"] + query).tanh()).squeeze(-1)      # [N, 196]
        context = torch.bmm(scores.softmax(dim=-1).unsqueeze(1), state["features"]).squeeze(1)
        gated = self.f_beta(state["top"]).sigmoid() * context
        x, hidden, cell = torch.cat([offset, gated], dim=1), [], []
        for layer, lstm in enumerate(self.lstm):
            if layer > 0:
                x = F.dropout(x, 0.3, self.training)
            x, c = lstm(x, (state["hidden"][layer], state["cell"][layer]))
            hidden.append(x)
            cell.append(c)
        hidden, cell = torch.stack(hidden), torch.stack(cell)
        top = x if state["top_mask"] is None else x * state["top_mask"]
        state["hidden"] = hidden if state["recurrent_mask"] is None else hidden * state["recurrent_mask"]
        state["cell"], state["top"] = cell, top
        combined = self.f_combine.net(torch.cat([top, gated, offset, state["start"]], dim=1)).tanh()
        if state["combine_mask"] is not None:
            combined = combined * state["combine_mask"]
        return self.output(combined)

    def losses(self, canvases, starts, offsets):
        """Per-row offset NLLs and stop BCEs of whole strokes (offsets: list of [L_i, 2] tensors), teacher-forced:
        the step-t mixture scores offset t (t < L), the stop flag is scored at steps 1...L (1 at L)."""
        order = sorted(range(len(offsets)), key=lambda i: -len(offsets[i]))
        lengths = [len(offsets[i]) for i in order]
        index = torch.tensor(order)
        state = self.begin(canvases[index], starts[index])
        offset_rows, offset_targets, stop_rows, stop_targets = [], [], [], []
        rows = len(order)
        for t in range(lengths[0] + 1):
            active = sum(1 for length in lengths if length >= t)
            if active * 4 <= rows * 3:     # drop finished strokes once a quarter are done, as the Swift code
                for key in ("features", "projected", "start", "top", "top_mask", "combine_mask"):
                    if state[key] is not None:
                        state[key] = state[key][:active]
                for key in ("hidden", "cell", "recurrent_mask"):
                    if state[key] is not None:
                        state[key] = state[key][:, :active]
                rows = active
            previous = torch.zeros(rows, 2)
            if t > 0:
                previous[:active] = torch.stack([offsets[order[row]][t - 1] for row in range(active)])
            raw = self.step(state, previous)
            drawing = sum(1 for length in lengths if length > t)
            if drawing > 0:
                offset_rows.append(raw[:drawing, :-1])
                offset_targets += [offsets[order[row]][t] for row in range(drawing)]
            if t > 0:
                stop_rows.append(raw[:active, -1])
                stop_targets += [1.0 if lengths[row] == t else 0.0 for row in range(active)]
        offset_losses = mixture_nll(torch.cat(offset_rows), torch.stack(offset_targets), 1e-4)
        stop_losses = bernoulli_nll(torch.cat(stop_rows), torch.tensor(stop_targets))
        return offset_losses, stop_losses

    def sample_stroke(self, canvas, start, steps):
        """The Swift sample row's work: begin, then `steps` steps reading the mixture and stop probability."""
        state = self.begin(canvas, start)
        previous, total = torch.zeros(1, 2), 0.0
        for _ in range(steps):
            raw = self.step(state, previous)[0]
            weights, means, scales, rho = mixture_parameters(raw[:-1], 1e-4)
            previous = means[0:1]
            total += torch.sigmoid(raw[-1]).item()
        return total


def random_canvases(count, generator):
    ink = torch.rand(count, 1, 28, 28, generator=generator)
    return torch.where(torch.rand(count, 1, 28, 28, generator=generator) < 0.1, ink, torch.zeros(()))


def median_seconds(body, repeats, warmup):
    for _ in range(warmup):
        body()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        body()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def training_step(network, loss):
    optimizer = torch.optim.Adam(network.parameters())
    network.train()

    def body():
        optimizer.zero_grad(set_to_none=True)
        loss().backward()
        optimizer.step()
    return body


def benchmarks(repeats):
    """(label, measure) pairs: calling measure times the row and returns its median in seconds."""
    generator = torch.Generator().manual_seed(2)
    batch = 64
    canvases = random_canvases(batch, generator)
    points = torch.randn(batch, 2, generator=generator)
    offsets = [0.3 * torch.randn(8, 2, generator=generator) for _ in range(batch)]
    stops = torch.tensor([1.0 if i % 3 == 0 else 0.0 for i in range(batch)])
    location, stroke, termination = LocationNet(), StrokeNet(), TerminationNet()
    steps = max(repeats // 5, 3)

    def stroke_loss():
        offset_losses, stop_losses = stroke.losses(canvases, points, offsets)
        return (offset_losses.sum() + stop_losses.sum()) / batch

    def evaluation(body):
        def measure():
            for network in (location, stroke, termination):
                network.eval()
            with torch.no_grad():
                return median_seconds(body, repeats, min(100, repeats))
        return measure

    canvas, start = canvases[:1], torch.tensor([[0.1, -0.2]])
    # A 3-stroke character: 4 partial canvases (before each stroke, and after the last), 3/2/4 offsets.
    partial = random_canvases(4, generator)
    character_offsets = [0.3 * torch.randn(length, 2, generator=generator) for length in (3, 2, 4)]
    character_starts, character_previous = torch.randn(3, 2, generator=generator), torch.randn(3, 2, generator=generator)
    character_stops = torch.tensor([0.0, 0.0, 1.0])

    def score():
        location_loss = location.losses(partial[:3], character_previous, character_starts).sum()
        offset_losses, stop_losses = stroke.losses(partial[:3], character_starts, character_offsets)
        termination_loss = termination.losses(partial[1:], character_stops).sum()
        return (location_loss + offset_losses.sum() + stop_losses.sum() + termination_loss).item()

    return [
        ("stroke step, 64 strokes x 8 offsets", lambda: median_seconds(training_step(stroke, stroke_loss), steps, steps)),
        ("location step, 64 canvases", lambda: median_seconds(
            training_step(location, lambda: location.losses(canvases, points, points).mean()), steps, steps)),
        ("termination step, 64 canvases", lambda: median_seconds(
            training_step(termination, lambda: termination.losses(canvases, stops).mean()), steps, steps)),
        ("sample one 10-offset stroke (batch 1)", evaluation(lambda: stroke.sample_stroke(canvas, start, 10))),
        ("score a 3-stroke character (type prior)", evaluation(score)),
    ]


if __name__ == "__main__":
    repeats = max(option("--repeats", 50, int), 1)
    only = option("--only", "", str)
    results = {}
    for label, measure in benchmarks(repeats):
        if only not in label:
            continue
        results[label] = measure()
        if "--json" not in sys.argv:
            print(f"{label:42s} {results[label] * 1e3:9.2f} ms", flush=True)
    if "--json" in sys.argv:
        print(json.dumps(results))
