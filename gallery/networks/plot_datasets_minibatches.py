r"""
Datasets and mini-batches
=========================

Real training rarely uses all the data in one step. A ``torch.utils.data.DataLoader`` cuts a
dataset into *mini-batches* and, when asked, shuffles the order again in every *epoch* (one pass
over the whole dataset). This example prints the batches of a tiny dataset of ten points, so you
can see exactly what the loader does.

You will learn how ``TensorDataset`` pairs inputs with targets, what ``batch_size``,
``shuffle`` and ``drop_last`` do, and how a seeded ``torch.Generator`` makes the shuffled order
the same on every run. The reference page :doc:`/data_loading` explains datasets and loaders.
"""

# %%
# A dataset of ten points
# -----------------------
#
# ``TensorDataset`` wraps tensors that have the same first dimension. Item ``i`` is the pair
# ``(x[i], y[i])``, and ``len(dataset)`` is the number of samples.
import torch
from torch.utils.data import DataLoader, TensorDataset

from deeplearn_notes import get_device, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

x = torch.linspace(1, 10, 10)
y = torch.linspace(10, 1, 10)
dataset = TensorDataset(x, y)
print(f"len(dataset) = {len(dataset)}")
print(f"dataset[0] = ({dataset[0][0].item():.0f}, {dataset[0][1].item():.0f})")

# %%
# Shuffled batches of five
# ------------------------
#
# With ``batch_size=5`` every epoch has two batches. ``shuffle=True`` draws a new order in every
# epoch, which helps stochastic gradient descent. We give the loader its own seeded
# ``torch.Generator``, so the order is random but the same on every run. A training step would
# move each batch to the device, as we do here.
BATCH_SIZE = 5
generator = torch.Generator().manual_seed(0)
loader = DataLoader(dataset, batch_size=BATCH_SIZE, shuffle=True, generator=generator)


def as_ints(t):
    return t.cpu().int().tolist()


order = []  # which batch each sample went into, for the figure
for epoch in range(3):
    order.append([0] * len(dataset))
    for step, (batch_x, batch_y) in enumerate(loader):
        batch_x, batch_y = batch_x.to(device), batch_y.to(device)
        print(
            f"epoch {epoch} | step {step} | batch x: {as_ints(batch_x)} | "
            f"batch y: {as_ints(batch_y)}"
        )
        for value in as_ints(batch_x):
            order[epoch][value - 1] = step

# %%
# The same seed gives the same order
# ----------------------------------
#
# A new generator with the same seed reproduces the first epoch. Without a generator, the
# loader draws from PyTorch's global random state, which every other random operation also
# changes. ``num_workers`` (extra loading processes) would not help here: the data are already
# in memory, and starting workers costs more than the tiny batches save.
again = DataLoader(
    dataset, batch_size=BATCH_SIZE, shuffle=True, generator=torch.Generator().manual_seed(0)
)
first_epoch = [as_ints(batch_x) for batch_x, _ in again]
print(f"first epoch again: {first_epoch}")

# sphinx_gallery_start_ignore
assert order[0] == [0 if v in first_epoch[0] else 1 for v in range(1, 11)]
# sphinx_gallery_end_ignore

# %%
# When the batch size does not divide the dataset
# -----------------------------------------------
#
# With ``batch_size=8`` the second batch holds only the 2 samples that are left. Set
# ``drop_last=True`` to skip such a short batch, for example when every batch must have the same
# size. Without shuffling, the loader keeps the original order.
for drop_last in (False, True):
    short = DataLoader(dataset, batch_size=8, drop_last=drop_last)
    sizes = [len(batch_x) for batch_x, _ in short]
    print(f"batch_size=8, drop_last={drop_last}: {len(short)} batches of sizes {sizes}")

# %%
# Plot the batches of each epoch
# ------------------------------
#
# Each row is an epoch and each column is a sample; the colour shows the batch that the sample
# went into. Every sample appears exactly once per epoch, in a different batch each time.
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(8, 2.8))
ax.imshow(order, cmap="Set2", vmin=0, vmax=7, aspect="auto")
for epoch, row in enumerate(order):
    for i, step in enumerate(row):
        ax.text(i, epoch, f"step {step}", ha="center", va="center", fontsize=8)
ax.set(
    xticks=range(10),
    xticklabels=[f"x={v}" for v in range(1, 11)],
    yticks=range(3),
    yticklabels=[f"epoch {e}" for e in range(3)],
    title="Batch of each sample (batch size 5)",
)
fig.tight_layout()

# %%
# Next steps
# ----------
#
# :func:`deeplearn_notes.make_loaders` builds a shuffled training loader and an ordered test
# loader with a seeded generator in one call, and :func:`deeplearn_notes.fit` loops over the
# batches for you. To see how the batch size changes training, read
# :ref:`sphx_glr_auto_examples_optimization_plot_batch_vs_stochastic.py`.
