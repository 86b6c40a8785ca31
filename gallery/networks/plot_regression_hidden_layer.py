r"""
Regression with one hidden layer
================================

A straight line cannot follow the curve :math:`y = x^2`. This example adds one hidden layer of
ten ReLU units between the input and the output, and trains the network with mean squared error
and stochastic gradient descent. Snapshots taken during training show the network bend its
output step by step until it follows the data.

The data come from :func:`deeplearn_notes.make_regression_1d`, the network is a
:class:`deeplearn_notes.MLP`, and :func:`deeplearn_notes.plot_regression_fit` draws each
snapshot. The reference page :doc:`/nn_basics` explains layers and modules.
"""

# %%
# Make the data
# -------------
#
# We take 100 evenly spaced points with :math:`x` in :math:`[-1, 1]` and :math:`y = x^2` plus
# Gaussian noise with standard deviation 0.1. Both tensors have shape ``(100, 1)``: one row per
# sample. (The source notes add uniform noise from :math:`[0, 0.2]`, whose mean is not zero: it
# moves the whole curve up by 0.1. Zero-mean noise keeps :math:`x^2` as the best prediction.)
import torch

from deeplearn_notes import get_device, make_regression_1d, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

x, y = make_regression_1d(100, noise=0.1, fn="square", seed=0)
x, y = x.to(device), y.to(device)
print(f"x: {tuple(x.shape)}, y: {tuple(y.shape)}")

# %%
# Build the network
# -----------------
#
# ``MLP(1, (10,), 1)`` is Linear(1, 10) → ReLU → Linear(10, 1). Each hidden unit computes a ReLU
# of a line, so the output is a sum of ten bent lines: a curve made of straight pieces. The output
# layer has no activation, because a regression target can be any number.
from torch import nn

from deeplearn_notes import MLP, count_parameters

model = MLP(1, (10,), 1).to(device)
print(model)
print(f"trainable parameters: {count_parameters(model)}")

# %%
# Train and take snapshots
# ------------------------
#
# We use plain SGD with a learning rate of 0.2, as in the source notes. The loader holds all 100
# points in one batch, so one epoch is one gradient step (full-batch gradient descent).
# :func:`deeplearn_notes.train_one_epoch` runs the step and returns the loss; at a few steps we
# store the current predictions for the figure.
from torch.utils.data import DataLoader, TensorDataset

from deeplearn_notes import train_one_epoch

loader = DataLoader(TensorDataset(x, y), batch_size=len(x))
loss_fn = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.2)

snapshot_steps = [0, 10, 25, 50, 100, 200]
snapshots, losses = {}, []
for step in range(max(snapshot_steps) + 1):
    if step in snapshot_steps:
        with torch.no_grad():
            prediction = model(x)
        snapshots[step] = (prediction.cpu(), loss_fn(prediction, y).item())
        print(f"step {step:3d}: loss = {snapshots[step][1]:.4f}")
    if step < max(snapshot_steps):
        losses.append(train_one_epoch(model, loader, loss_fn, optimizer, device=device))

# %%
# Plot the snapshots
# ------------------
#
# At step 0 the random network gives almost a straight line. In the first steps the line moves up
# to the mean of the data. Then the ReLU units bend it, first into a wide "V" and then into a
# curve made of several straight pieces. After 200 steps it follows the parabola, and the
# remaining error is mostly the noise.
import matplotlib.pyplot as plt

from deeplearn_notes import plot_regression_fit

fig, axes = plt.subplots(2, 3, figsize=(11, 6), sharex=True, sharey=True)
for ax, (step, (prediction, loss)) in zip(axes.flat, snapshots.items(), strict=True):
    plot_regression_fit(x.cpu(), y.cpu(), prediction, ax=ax, label="network")
    ax.set_title(f"step {step}, loss {loss:.4f}")
fig.suptitle("A hidden layer learns y = x²")
fig.tight_layout()

# sphinx_gallery_start_ignore
assert snapshots[200][1] < 0.02, snapshots[200][1]
# sphinx_gallery_end_ignore

# %%
# The loss curve
# --------------
#
# The loss falls fast at first and then more slowly; the dots mark the snapshots above. It cannot
# reach zero: the noise has a variance of :math:`0.1^2 = 0.01`, and no model can predict it.
fig, ax = plt.subplots()
ax.plot(range(len(losses)), losses, label="training loss")  # losses[k]: loss before update k
ax.plot(snapshot_steps, [snapshots[step][1] for step in snapshot_steps], "o", label="snapshots")
ax.axhline(0.01, color="gray", linestyle="--", label="noise variance")
ax.set(xlabel="step", ylabel="MSE", yscale="log", title="Training loss")
ax.legend()
fig.tight_layout()

# %%
# Next steps
# ----------
#
# The same network with two outputs and a different loss becomes a classifier:
# :ref:`sphx_glr_auto_examples_networks_plot_two_blobs_classifier.py`. To compare optimisers
# on this kind of problem, see :doc:`/optimization`.

# sphinx_gallery_thumbnail_number = 1
