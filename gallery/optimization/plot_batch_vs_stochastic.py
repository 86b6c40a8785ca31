r"""
Batch, stochastic and mini-batch gradient descent
=================================================

Gradient descent can compute each gradient from all training points (batch gradient descent),
from one point (stochastic gradient descent) or from a small group of points (mini-batch gradient
descent). This example trains the same linear model in the three ways, with the same learning
rate, and compares the loss per update and per epoch (one pass over the data). See
:doc:`/optimization` for the background.
"""

# %%
# Data and model
# --------------
#
# We sample :math:`y = 2x + 3 + \varepsilon` at 200 points with noise of standard deviation 0.5,
# and fit :class:`deeplearn_notes.LinearRegression`. All three runs start from a copy of the same
# model.
import copy

import torch
from torch import nn

from deeplearn_notes import LinearRegression, get_device, make_regression_1d, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

x, y = make_regression_1d(200, noise=0.5, fn="linear", seed=0)
x, y = x.to(device), y.to(device)
base = LinearRegression().to(device)
loss_fn = nn.MSELoss()
with torch.no_grad():
    print(f"loss before training: {loss_fn(base(x), y).item():.4f}")

# %%
# The training loop, written out
# ------------------------------
#
# Here we write the loop ourselves, because the loop is the lesson: every epoch shuffles the data
# and cuts it into batches of ``batch_size`` points, and every batch gives one update. After each
# update we also measure the loss on *all* points, so that the three curves are comparable.
# (The source notes had two mistakes here: ``momentum=1``, which never lets old gradients fade,
# and ``next(iter(loader))``, which takes only the first batch of each epoch.)


def train(batch_size, epochs=20, lr=0.1, seed=0):
    model = copy.deepcopy(base)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        losses = [loss_fn(model(x), y).item()]  # the loss after 0 updates
    for _ in range(epochs):
        order = torch.randperm(len(x), generator=generator).to(device)
        for start in range(0, len(x), batch_size):
            batch = order[start : start + batch_size]
            loss = loss_fn(model(x[batch]), y[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            with torch.no_grad():
                losses.append(loss_fn(model(x), y).item())
    return losses


# %%
# Three batch sizes
# -----------------
#
# Batch gradient descent makes one update per epoch, stochastic gradient descent makes 200 and
# mini-batches of 20 points make 10. We train each for 20 epochs with a learning rate of 0.1.
batch_sizes = {"batch (200)": len(x), "stochastic (1)": 1, "mini-batch (20)": 20}
results = {}
for name, batch_size in batch_sizes.items():
    losses = train(batch_size)
    results[name] = losses
    per_epoch = len(x) // batch_size
    print(
        f"{name:>16}: {per_epoch:3d} updates per epoch, {len(losses) - 1:4d} updates, "
        f"final loss {losses[-1]:.4f}"
    )

# sphinx_gallery_start_ignore
import itertools

batch_curve = results["batch (200)"]
assert all(b < a for a, b in itertools.pairwise(batch_curve))  # always decreasing
assert results["stochastic (1)"][-1] < batch_curve[-1]
assert results["mini-batch (20)"][-1] < 0.3
# sphinx_gallery_end_ignore

# %%
# Loss per update and per epoch
# -----------------------------
#
# Per update (left, logarithmic axes), batch gradient descent is the smoothest: every step follows
# the exact gradient. Stochastic gradient descent is noisy, because one point gives a rough
# estimate of the gradient. Per epoch (right), the picture changes: for the same number of passes
# over the data, the small batches make many more updates and get much further. The dotted line
# marks the variance of the noise, :math:`0.5^2 = 0.25`: no line can get far below it.
import matplotlib.pyplot as plt

from deeplearn_notes import plot_curve

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
for name, losses in results.items():
    ax1.plot(range(len(losses)), losses, label=name, alpha=0.8)
ax1.set_xscale("symlog", linthresh=1)
ax1.set_yscale("log")
ax1.set_xlabel("update")
ax1.set_ylabel("MSE loss on all points")
ax1.set_title("Loss per update")
ax1.legend()

per_epoch = {
    name: losses[:: len(x) // size][1:]
    for (name, losses), size in zip(results.items(), batch_sizes.values(), strict=True)
}
plot_curve(per_epoch, ax=ax2, ylabel="MSE loss on all points", logy=True)
for ax in (ax1, ax2):
    ax.axhline(0.25, color="gray", linestyle=":")
ax2.set_title("Loss per epoch")
fig.tight_layout()

# %%
# Conclusion
# ----------
#
# Large batches give accurate gradients but few updates; single points give many cheap but noisy
# updates, which also run slowly on real hardware because each one is too small to keep the
# processor busy. Mini-batches of tens to hundreds of points are the usual compromise, and they are
# what a ``torch.utils.data.DataLoader`` with ``batch_size`` gives you (see :doc:`/data_loading`).
# From here on, the examples use :func:`deeplearn_notes.fit` instead of writing the loop. Next:
# :ref:`sphx_glr_auto_examples_optimization_plot_adagrad.py`.
