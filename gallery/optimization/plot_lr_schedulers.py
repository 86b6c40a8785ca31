r"""
Learning-rate schedulers: StepLR, cosine annealing and one-cycle
================================================================

A large learning rate makes fast progress at the start of training, but near a minimum it makes
the loss jump around. A learning-rate scheduler changes the learning rate during training,
usually from large to small. This example shows how a scheduler changes the optimiser's learning
rate, compares the schedules of ``StepLR``, ``CosineAnnealingLR`` and ``OneCycleLR``, and trains
the same network with each of them and with a constant learning rate. See :doc:`/optimization`.
"""

# %%
# What a scheduler does
# ---------------------
#
# A scheduler wraps an optimiser. Each call of ``scheduler.step()`` sets a new value in
# ``optimizer.param_groups[0]["lr"]``. ``StepLR`` multiplies the learning rate by ``gamma`` every
# ``step_size`` calls. Call ``optimizer.step()`` before ``scheduler.step()``; PyTorch warns when the
# order is reversed.
import torch

from deeplearn_notes import get_device, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

param = torch.zeros(1, requires_grad=True)
optimizer = torch.optim.SGD([param], lr=0.1)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)
for epoch in range(6):
    print(f"epoch {epoch}: lr = {optimizer.param_groups[0]['lr']:.4f}")
    optimizer.step()  # the training of one epoch would happen here
    scheduler.step()

# %%
# Data and model
# --------------
#
# We fit :math:`y = \sin(\pi x) + \varepsilon` (500 points, noise of standard deviation 0.1, 20 %
# kept for validation) with a small MLP, in mini-batches of 16. Every run starts from a copy of the
# same network.
import copy

from torch.utils.data import TensorDataset

from deeplearn_notes import MLP, make_loaders, make_regression_1d, train_test_split

x, y = make_regression_1d(500, noise=0.1, fn="sine", seed=0)
x_train, x_val, y_train, y_val = train_test_split(x, y, test_fraction=0.2, seed=0)
train_set, val_set = TensorDataset(x_train, y_train), TensorDataset(x_val, y_val)
base = MLP(1, (32, 32), 1)
epochs, lr = 40, 0.1
print(f"train: {len(train_set)} points, validation: {len(val_set)} points")

# %%
# Four schedules
# --------------
#
# All runs use Adam with a starting (or, for one-cycle, peak) learning rate of 0.1, which is on
# the large side for this problem, and train for 40 epochs.
#
# * ``StepLR`` halves the learning rate every 10 epochs.
# * ``CosineAnnealingLR`` lowers it along half a cosine wave, from 0.1 to 0 in ``T_max`` epochs.
# * ``OneCycleLR`` first raises it from ``max_lr / 25`` to ``max_lr`` (a "warm-up") and then lowers
#   it to almost 0. It counts optimiser steps, not epochs, so it needs the total number of steps.
#   It also cycles Adam's :math:`\beta_1` (its momentum) between 0.85 and 0.95.


def make_scheduler(name, optimizer, steps_per_epoch):
    if name == "StepLR":
        return torch.optim.lr_scheduler.StepLR(optimizer, step_size=10, gamma=0.5)
    if name == "CosineAnnealingLR":
        return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)
    if name == "OneCycleLR":
        return torch.optim.lr_scheduler.OneCycleLR(
            optimizer, max_lr=lr, total_steps=epochs * steps_per_epoch
        )
    return None  # constant learning rate


# %%
# Training
# --------
#
# :func:`deeplearn_notes.fit` takes the scheduler as ``scheduler=``. It calls ``scheduler.step()``
# once per epoch, except for ``OneCycleLR`` (and ``CyclicLR``), whose schedules count optimiser
# steps: those it steps after every batch. ``History.lr`` records the learning rate at the start of
# each epoch.
from torch import nn

from deeplearn_notes import fit

histories = {}
for name in ["constant", "StepLR", "CosineAnnealingLR", "OneCycleLR"]:
    model = copy.deepcopy(base).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    train_loader, val_loader = make_loaders(train_set, val_set, batch_size=16, seed=0)
    scheduler = make_scheduler(name, optimizer, len(train_loader))
    histories[name] = fit(
        model,
        train_loader,
        loss_fn=nn.MSELoss(),
        optimizer=optimizer,
        epochs=epochs,
        val_loader=val_loader,
        scheduler=scheduler,
        device=device,
    )

# %%
# Evaluation
# ----------
#
# The noise has variance :math:`0.1^2 = 0.01`, so a validation loss near 0.01 is as good as it
# gets. We print the final training loss and the largest validation loss of the last 10 epochs,
# which shows how much the loss still jumps at the end of training.
for name, h in histories.items():
    print(
        f"{name:>17}: final train loss {h.train_loss[-1]:.4f}, "
        f"largest val loss in the last 10 epochs {max(h.val_loss[-10:]):.4f}"
    )

# sphinx_gallery_start_ignore
constant = histories["constant"]
for name in ["StepLR", "CosineAnnealingLR", "OneCycleLR"]:
    assert max(histories[name].val_loss[-10:]) < max(constant.val_loss[-10:])
for name in ["CosineAnnealingLR", "OneCycleLR"]:
    assert histories[name].train_loss[-1] < constant.train_loss[-1]
# sphinx_gallery_end_ignore

# %%
# Figure: schedules and loss curves
# ---------------------------------
#
# The left panel shows the learning rate of each run (from ``History.lr``), the right panel the
# validation loss. With a constant learning rate the loss keeps jumping up and down until the end.
# The scheduled runs take smaller steps at the end and settle close to the noise level.
import matplotlib.pyplot as plt

from deeplearn_notes import plot_curve

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
plot_curve({name: h.lr for name, h in histories.items()}, ax=ax1, ylabel="learning rate")
ax1.set_title("Learning rate at the start of each epoch")
plot_curve(
    {name: h.val_loss for name, h in histories.items()}, ax=ax2, ylabel="validation loss", logy=True
)
ax2.axhline(0.01, color="gray", linestyle=":")
ax2.set_title("Validation loss")
fig.tight_layout()

# %%
# Conclusion
# ----------
#
# Schedulers let you start with a large learning rate and still finish with small, careful steps.
# ``StepLR`` is simple, cosine annealing decays smoothly, and one-cycle adds a warm-up, which helps
# when large early steps would be unstable. Remember which schedulers count epochs and which count
# optimiser steps. Adaptive optimisers such as Adam are often combined with a scheduler too; see
# :ref:`sphx_glr_auto_examples_optimization_plot_optimizers.py`.
