r"""
Logging training with TensorBoard
=================================

TensorBoard shows how a training run develops: loss curves, histograms of the weights, images.
PyTorch writes its log files with ``torch.utils.tensorboard.SummaryWriter``; the
``tensorboard`` program reads them and serves the plots in a web browser.

This example logs a small training run into a temporary folder, then reads the log files back
with TensorBoard's own reader and plots them with matplotlib, so no server is needed. See
:doc:`/visualization` for the other ways to look at training.
"""

# %%
# Data and model
# --------------
#
# A tiny problem keeps the example fast: two clouds of points from
# :func:`deeplearn_notes.make_two_blobs` and a small multi-layer perceptron.
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from deeplearn_notes import MLP, get_device, make_two_blobs, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

x, y = make_two_blobs(n_per_class=100, spread=1.5, seed=0)
loader = DataLoader(
    TensorDataset(x, y), batch_size=20, shuffle=True, generator=torch.Generator().manual_seed(0)
)
model = MLP(2, [32, 32], 2).to(device)
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
print(model)

# %%
# Write the log
# -------------
#
# A ``SummaryWriter`` writes an *event file* into its ``log_dir``. Each call adds a value under a
# *tag* at a *step* (here the epoch): ``add_scalar`` for numbers, ``add_histogram`` for all the
# values of a tensor (``add_image`` and ``add_graph`` exist too). In a real project, use a lasting
# folder such as ``runs/experiment_1``; this example uses a temporary folder that is deleted at
# the end.
import tempfile

from torch.utils.tensorboard import SummaryWriter

from deeplearn_notes import evaluate, train_one_epoch

log_root = tempfile.TemporaryDirectory()
writer = SummaryWriter(log_dir=log_root.name)
hidden = model.layers[2]  # the 32 x 32 hidden layer
for epoch in range(20):
    train_loss = train_one_epoch(model, loader, loss_fn, optimizer, device=device)
    metrics = evaluate(model, loader, device=device)
    writer.add_scalar("loss/train", train_loss, epoch)
    writer.add_scalar("accuracy/train", metrics["accuracy"], epoch)
    writer.add_histogram("hidden/weight", hidden.weight.detach().cpu(), epoch)
writer.close()  # flushes everything to disk

# %%
# The event file
# --------------
#
# The folder now holds one event file, named after the time and the computer. To see it in
# TensorBoard, run ``tensorboard --logdir <folder>`` in a terminal and open the address it prints
# (usually ``http://localhost:6006``).
import os

files = os.listdir(log_root.name)
print(f"files in log_dir: {len(files)}")
print(f"name starts with: {'.'.join(files[0].split('.')[:3])}")

# %%
# Read the log back
# -----------------
#
# TensorBoard's ``EventAccumulator`` loads an event file into Python. ``Tags()`` lists what was
# logged; ``Scalars(tag)`` returns one event per step, with ``step`` and ``value``.
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

events = EventAccumulator(log_root.name, size_guidance={"scalars": 0, "histograms": 0})
events.Reload()
tags = events.Tags()
for kind in ("scalars", "histograms"):
    print(f"{kind}: {tags[kind]}")
loss_events = events.Scalars("loss/train")
print(f"loss/train: {len(loss_events)} values")
for event in loss_events[:3] + loss_events[-1:]:
    print(f"  step {event.step:2d}: {event.value:.4f}")

# sphinx_gallery_start_ignore
assert [e.step for e in loss_events] == list(range(20))
# sphinx_gallery_end_ignore

# %%
# Plot what TensorBoard would show
# --------------------------------
#
# The two scalar curves, and the histogram of the hidden layer's 1,024 weights at the first and
# the last epoch. A ``HistogramValue`` stores the right edge of each bucket (``bucket_limit``)
# and the number of values in it (``bucket``). These buckets are narrow near zero and wide far
# from it, so we gather them into 30 bins of equal width before drawing them. The weights start
# spread evenly between about -0.18 and 0.18 (PyTorch's default initialisation) and change only a
# little on this easy problem.
import matplotlib.pyplot as plt
import numpy as np

fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
for ax, tag in zip(axes[:2], ["loss/train", "accuracy/train"], strict=True):
    scalars = events.Scalars(tag)
    ax.plot([e.step for e in scalars], [e.value for e in scalars], marker=".")
    ax.set_xlabel("epoch")
    ax.set_title(tag)
histograms = events.Histograms("hidden/weight")
low = min(event.histogram_value.min for event in histograms)
high = max(event.histogram_value.max for event in histograms)
for event in (histograms[0], histograms[-1]):
    h = event.histogram_value
    edges = np.array([h.min, *h.bucket_limit[:-1], h.max])
    centres = (edges[:-1] + edges[1:]) / 2
    counts, bins = np.histogram(centres, bins=30, range=(low, high), weights=h.bucket)
    axes[2].stairs(counts, bins, label=f"epoch {event.step}")
axes[2].set_xlabel("weight value")
axes[2].set_ylabel("count")
axes[2].set_title("hidden/weight")
axes[2].legend()
fig.tight_layout()
plt.show()

log_root.cleanup()

# %%
# Conclusion
# ----------
#
# Log a few scalars at every epoch (training and validation loss, accuracy, learning rate) and,
# less often, histograms of weights and gradients: a histogram that collapses to zero or spreads
# out without limit shows a problem early. The same curves can be plotted without TensorBoard from
# the :class:`deeplearn_notes.History` that :func:`deeplearn_notes.fit` returns, as in
# :ref:`sphx_glr_auto_examples_cnn_plot_lenet5_digits.py`.
