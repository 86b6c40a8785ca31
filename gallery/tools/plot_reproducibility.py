r"""
Reproducible results: seeds, generators and determinism
=======================================================

Training uses random numbers everywhere: the initial weights, the order of the mini-batches,
dropout. Fixing the seed of the random number generators makes a run repeatable, which helps to
debug and to compare experiments fairly. This example shows how to seed everything, how to give
a ``torch.utils.data.DataLoader`` its own generator, and what can still make two runs differ:
the order of floating-point additions, threads, and non-deterministic GPU operations.

The example runs on the CPU. See :doc:`/numpy_bridge` for NumPy's generators and
:doc:`/gpu` for the GPU.
"""

# %%
# Same seed, same numbers
# -----------------------
#
# ``torch.manual_seed`` resets PyTorch's global generator, so the same calls then return the same
# numbers. :func:`deeplearn_notes.seed_everything` also seeds Python's ``random`` module and
# NumPy's global generator (``np.random.seed``), which older data code often uses.
import random

import numpy as np
import torch

from deeplearn_notes import get_device, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

seed_everything(42)
first = (torch.rand(3).tolist(), random.random())
seed_everything(42)
second = (torch.rand(3).tolist(), random.random())
print("torch :", first[0] == second[0], [round(v, 4) for v in first[0]])
print("random:", first[1] == second[1], round(first[1], 4))

# %%
# Your own generator
# ------------------
#
# The global generator is shared by all code, so any extra random call shifts all later numbers.
# A ``torch.Generator`` is a separate stream of random numbers: code that uses it gives the same
# result whatever happens to the global generator. NumPy's equivalent is
# ``np.random.default_rng(seed)``, which new NumPy code should use.
gen = torch.Generator().manual_seed(7)
a = torch.randn(3, generator=gen)
torch.rand(1000)  # other code uses the global generator in between
gen = torch.Generator().manual_seed(7)
b = torch.randn(3, generator=gen)
print(f"same numbers from the private generator: {torch.equal(a, b)}")
print([round(v, 4) for v in a.tolist()])
rng_a, rng_b = np.random.default_rng(7), np.random.default_rng(7)
print(f"NumPy generators with the same seed agree: {rng_a.random() == rng_b.random()}")

# %%
# Shuffling with a generator
# --------------------------
#
# A ``DataLoader`` (see :doc:`/data_loading`) with ``shuffle=True`` draws a new order at every
# epoch. Passing ``generator`` makes the sequence of orders repeatable;
# :func:`deeplearn_notes.make_loaders` does this for the training loader.
from torch.utils.data import DataLoader, TensorDataset

dataset = TensorDataset(torch.arange(10))


def batch_orders(seed, epochs=2):
    loader = DataLoader(
        dataset, batch_size=5, shuffle=True, generator=torch.Generator().manual_seed(seed)
    )
    return [[batch[0].tolist() for batch in loader] for _ in range(epochs)]


for seed in (0, 0, 1):
    print(f"seed {seed}: {batch_orders(seed)}")

# %%
# Same seed, same trained model
# -----------------------------
#
# Putting it together: when the seed fixes the initial weights and the batch order, training the
# same model twice gives bit-for-bit identical weights on the same machine.
from torch import nn

from deeplearn_notes import MLP, fit, make_two_blobs

x, y = make_two_blobs(n_per_class=100, seed=0)


def train(seed):
    seed_everything(seed)
    loader = DataLoader(
        TensorDataset(x, y),
        batch_size=20,
        shuffle=True,
        generator=torch.Generator().manual_seed(seed),
    )
    model = MLP(2, [16], 2, dropout=0.2).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    history = fit(model, loader, loss_fn=nn.CrossEntropyLoss(), optimizer=optimizer, epochs=5)
    return torch.cat([p.detach().flatten() for p in model.parameters()]).cpu(), history


weights_a, history_a = train(seed=0)
weights_b, history_b = train(seed=0)
weights_c, history_c = train(seed=1)
print(f"seed 0 twice: identical weights: {torch.equal(weights_a, weights_b)}")
print(f"seed 0 and 1: identical weights: {torch.equal(weights_a, weights_c)}")
print(
    f"final losses: {history_a.train_loss[-1]:.6f} {history_b.train_loss[-1]:.6f} "
    f"{history_c.train_loss[-1]:.6f}"
)

# sphinx_gallery_start_ignore
if device.type == "cpu":
    assert torch.equal(weights_a, weights_b)
# sphinx_gallery_end_ignore

# %%
# The order of additions matters
# ------------------------------
#
# Floating-point addition is not associative: :math:`(a + b) + c` can differ from
# :math:`a + (b + c)` in the last bits. A sum over many numbers therefore depends on the order in
# which they are added. Programs that split a sum over several threads or GPU blocks, and combine
# the parts in whatever order they finish, can give slightly different results from run to run.
print(f"(0.1 + 0.2) + 0.3 = {(0.1 + 0.2) + 0.3!r}")
print(f"0.1 + (0.2 + 0.3) = {0.1 + (0.2 + 0.3)!r}")

values = torch.randn(100_000, generator=torch.Generator().manual_seed(0))
in_order = values.sum()
shuffled = values[torch.randperm(len(values), generator=torch.Generator().manual_seed(1))].sum()
sequential = torch.tensor(0.0)
for chunk in values.split(1000):  # add 100 partial sums one after the other
    sequential = sequential + chunk.sum()
print(f"sum in order     : {in_order.item():.6f}")
print(f"sum shuffled     : {shuffled.item():.6f}")
print(f"sum of 100 chunks: {sequential.item():.6f}")
print(f"in float64       : {values.double().sum().item():.6f}")

# %%
# The number of threads matters too
# ---------------------------------
#
# On the CPU, PyTorch splits a large sum between its threads and then adds the partial sums. With
# a different number of threads, the numbers are grouped differently, so the result can change in
# the last digits. ``torch.set_num_threads`` changes the number of threads for the whole program,
# so we restore the original number afterwards.
original_threads = torch.get_num_threads()
for num_threads in (1, 2):
    torch.set_num_threads(num_threads)
    print(f"sum with {num_threads} thread(s): {values.sum().item():.6f}")
torch.set_num_threads(original_threads)

# %%
# How large are the differences?
# ------------------------------
#
# We sum the same numbers in 200 random orders. The sums differ only in the last digits of a
# ``float32``, but in training such tiny differences grow from step to step, so two runs end with
# visibly different weights even though each is correct. Near 244, neighbouring ``float32``
# numbers are about 0.000015 apart, so only a few distinct results appear.
import matplotlib.pyplot as plt

gen = torch.Generator().manual_seed(2)
sums = torch.stack([values[torch.randperm(len(values), generator=gen)].sum() for _ in range(200)])
exact = values.double().sum()
errors = (sums.double() - exact).numpy()
print(f"distinct float32 results: {len(set(sums.tolist()))} of {len(sums)}")

fig, ax = plt.subplots(figsize=(6, 3.5))
ax.hist(errors, bins=30)
ax.set_xlabel("float32 sum minus float64 sum")
ax.set_ylabel("number of orders")
ax.set_title("The same 100,000 numbers summed in 200 orders")
fig.tight_layout()
plt.show()

# %%
# Deterministic algorithms
# ------------------------
#
# Some GPU operations (for example ``index_add_`` or the backward pass of some pooling layers)
# use atomic additions whose order changes from run to run, and cuDNN may pick a different
# convolution algorithm each time. ``torch.use_deterministic_algorithms(True)`` makes PyTorch use
# deterministic versions, or raise an error where none exists; on CUDA, cuBLAS also needs the
# environment variable ``CUBLAS_WORKSPACE_CONFIG=:4096:8``.
# ``seed_everything(seed, deterministic=True)`` sets all of this. It costs speed on the GPU.
seed_everything(0, deterministic=True)
print(f"deterministic algorithms: {torch.are_deterministic_algorithms_enabled()}")
target = torch.zeros(5, device=device)
index = torch.tensor([0, 1, 1, 3, 3, 3], device=device)
target.index_add_(0, index, torch.ones(6, device=device))
print(f"index_add_ result: {target.tolist()}")

# %%
# Deterministic mode on the CPU
# -----------------------------
#
# Most CPU operations are already deterministic, but the setting changes the CPU too: every new
# uninitialised tensor (``torch.empty``, ``torch.empty_like``) is filled with NaN, or with the
# largest integer for integer types, so that code that wrongly reads such memory gives the same
# result every time (``torch.utils.deterministic.fill_uninitialized_memory``). This filling costs
# a little time.
print(f"torch.empty in deterministic mode: {torch.empty(3).tolist()}")
print(f"integer torch.empty: {torch.empty(2, dtype=torch.int64).tolist()}")

seed_everything(0)  # back to the default: fast, possibly non-deterministic kernels
print(f"deterministic algorithms: {torch.are_deterministic_algorithms_enabled()}")

# %%
# Conclusion
# ----------
#
# Seed every generator at the start (:func:`deeplearn_notes.seed_everything`), give each
# ``DataLoader`` its own ``torch.Generator``, and ask for deterministic algorithms when you need
# bit-identical GPU runs. Even then, results are only guaranteed to repeat with the same PyTorch
# version, the same hardware and the same number of threads; across machines expect small
# differences. :ref:`sphx_glr_auto_examples_tools_plot_gpu_timing.py` shows the speed side of
# the GPU.
