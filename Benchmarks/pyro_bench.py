"""Pyro 1.9.2 baseline for `gns-bench inference`: the same two models, the same counting.

One trace = one run of the model under a trace handler plus the trace's log-probability sum.
Importance sampling: traces of the conditioned model with latents drawn from the prior.
MH: one step = resimulate one selected latent from its prior (the rest replayed through
`condition`), one traced run, one accept/reject.
HMC: Pyro's HMC kernel on the plain linear regression (`Examples/inference/linear_regression.gns`,
one sample site per point as there), step size 0.02, 10 leapfrog steps, no step-size or mass-matrix
adaptation, no warm-up, started from the same values as `gns-bench inference`.

Usage: python3 Benchmarks/pyro_bench.py [--seconds S]
"""
import argparse
import math
import time

import pyro
import pyro.distributions as dist
import pyro.poutine as poutine
import torch

torch.set_num_threads(2)
torch.set_grad_enabled(False)


def regression_data(n=100, seed=0):
    g = torch.Generator().manual_seed(seed)
    xs = torch.linspace(-5, 5, n)
    outlier = torch.rand(n, generator=g) < 0.1
    ys = 0.7 * xs - 1.0 + torch.where(outlier, 10.0 * torch.randn(n, generator=g), 0.5 * torch.randn(n, generator=g))
    return xs.tolist(), ys.tolist()


def regression(xs, ys):
    # Gen PLDI 2019 "regression with outliers", one choice per point as in the .gns version.
    slope = pyro.sample("slope", dist.Normal(0.0, 2.0))
    intercept = pyro.sample("intercept", dist.Normal(0.0, 2.0))
    noise = pyro.sample("noise", dist.Gamma(1.0, 1.0))
    for i, (x, y) in enumerate(zip(xs, ys)):
        outlier = pyro.sample(f"outlier_{i}", dist.Bernoulli(0.1))
        scale = 10.0 if outlier.item() == 1.0 else noise
        pyro.sample(f"y_{i}", dist.Normal(slope * x + intercept, scale), obs=torch.tensor(y))


def linear_regression(xs, ys):
    # Examples/inference/linear_regression.gns: wide priors, noise sd uniform on (0, 100).
    slope = pyro.sample("slope", dist.Normal(0.0, 100.0))
    intercept = pyro.sample("intercept", dist.Normal(0.0, 100.0))
    noise = pyro.sample("noise", dist.Uniform(0.0, 100.0))
    for i, (x, y) in enumerate(zip(xs, ys)):
        pyro.sample(f"y_{i}", dist.Normal(intercept + slope * x, noise), obs=torch.tensor(y))


def hmc_rate(model, args, iterations):
    from pyro.infer import HMC, MCMC
    from pyro.infer.autoguide.initialization import init_to_value
    start = {"slope": torch.tensor(0.7), "intercept": torch.tensor(-1.0), "noise": torch.tensor(1.0)}
    kernel = HMC(model, step_size=0.02, num_steps=10, adapt_step_size=False, adapt_mass_matrix=False,
                 init_strategy=init_to_value(values=start))
    mcmc = MCMC(kernel, num_samples=iterations, warmup_steps=0, disable_progbar=True)
    with torch.enable_grad():
        began = time.perf_counter()
        mcmc.run(*args)
        elapsed = time.perf_counter() - began
    return iterations / elapsed


TRANSITIONS = torch.tensor([[0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8]])
EMISSION_MEANS = torch.tensor([-2.0, 0.0, 2.0])


def hmm_data(n=16):
    return [-2.1, -1.7, -2.4, 0.2, 0.1, -0.3, 2.2, 1.9, 2.5, 2.0, 0.1, -0.2, -2.0, -1.8, 0.3, 2.1][:n]


def hmm(ys):
    state = pyro.sample("z_0", dist.Categorical(torch.ones(3) / 3))
    pyro.sample("y_0", dist.Normal(EMISSION_MEANS[state], 1.0), obs=torch.tensor(ys[0]))
    for t in range(1, len(ys)):
        state = pyro.sample(f"z_{t}", dist.Categorical(TRANSITIONS[state]))
        pyro.sample(f"y_{t}", dist.Normal(EMISSION_MEANS[state], 1.0), obs=torch.tensor(ys[t]))


def one_trace(model, *args):
    """Runs the model once under a trace handler; returns the trace, its score and its observed log-likelihood."""
    trace = poutine.trace(model).get_trace(*args)
    trace.compute_log_prob()
    sites = [site for site in trace.nodes.values() if site["type"] == "sample"]
    score = sum(site["log_prob_sum"] for site in sites)
    observed = sum(site["log_prob_sum"] for site in sites if site["is_observed"])
    return trace, score, observed


def importance_rate(model, args, seconds):
    count, log_weights = 0, []
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        # Importance weight under the prior proposal: the observed sites' log-probability.
        _, _, observed = one_trace(model, *args)
        log_weights.append(float(observed))
        count += 1
    elapsed = time.perf_counter() - start
    log_evidence = torch.logsumexp(torch.tensor(log_weights), 0).item() - math.log(len(log_weights))
    return count / elapsed, log_evidence


def mh_rate(model, args, selection, seconds):
    trace, score, _ = one_trace(model, *args)
    latents = lambda tr: {name: site["value"] for name, site in tr.nodes.items()
                          if site["type"] == "sample" and not site["is_observed"]}
    steps, accepted, k = 0, 0, 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        address = selection[k % len(selection)]
        k += 1
        kept = {name: value for name, value in latents(trace).items() if name != address}
        proposal, proposal_score, _ = one_trace(poutine.condition(model, data=kept), *args)
        # Prior proposal for the selected site: its prior terms cancel in the acceptance ratio.
        old_site = trace.nodes[address]
        new_site = proposal.nodes[address]
        log_alpha = (proposal_score - new_site["log_prob_sum"]) - (score - old_site["log_prob_sum"])
        if math.log(torch.rand(()).item() + 1e-300) < float(log_alpha):
            trace, score = proposal, proposal_score
            accepted += 1
        steps += 1
    return steps / (time.perf_counter() - start), accepted / steps


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--hmc-steps", type=int, default=200, help="HMC iterations (gns-bench runs 1000 by default)")
    options = parser.parse_args()
    pyro.set_rng_seed(0)
    xs, ys = regression_data()
    observations = hmm_data()
    print(f"pyro {pyro.__version__}, torch {torch.__version__}, threads {torch.get_num_threads()}")
    rate, log_z = importance_rate(regression, (xs, ys), options.seconds)
    print(f"regression (100 points)  importance  {rate:9.1f} traces/s  (log evidence estimate {log_z:.2f})")
    rate, acceptance = mh_rate(regression, (xs, ys), ["slope", "intercept", "noise"], options.seconds)
    print(f"regression (100 points)  MH          {rate:9.1f} steps/s   (acceptance {acceptance:.2f})")
    rate, log_z = importance_rate(hmm, (observations,), options.seconds)
    print(f"HMM (3 states x 16)      importance  {rate:9.1f} traces/s  (log evidence estimate {log_z:.2f})")
    rate, acceptance = mh_rate(hmm, (observations,), [f"z_{t}" for t in range(16)], options.seconds)
    print(f"HMM (3 states x 16)      MH          {rate:9.1f} steps/s   (acceptance {acceptance:.2f})")
    rate = hmc_rate(linear_regression, (xs, ys), options.hmc_steps)
    print(f"regression (100 points)  HMC         {rate:9.1f} steps/s   (10 leapfrog steps, one chain)")


if __name__ == "__main__":
    main()
