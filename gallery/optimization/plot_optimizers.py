r"""
Comparing optimisers: SGD, momentum, RMSprop and Adam
=====================================================

An optimiser decides how the gradients change the parameters. This example trains four copies of
the same small network on the same data, with the same learning rate and the same batches, and
changes only the optimiser: plain stochastic gradient descent (SGD), SGD with momentum, RMSprop
and Adam. The loss curves show how much faster the adaptive methods make progress at this
learning rate. See :doc:`/optimization` for the update rules.
"""

# %%
# Data: a noisy parabola
# ----------------------
#
# We sample :math:`y = x^2 + \varepsilon` at 1000 points in :math:`[-1, 1]` with noise of standard
# deviation 0.1, keep 20 % of the points for validation, and use mini-batches of 32.
import torch
from torch.utils.data import TensorDataset

from deeplearn_notes import (
    get_device,
    make_loaders,
    make_regression_1d,
    seed_everything,
    train_test_split,
)

seed_everything(0)
device = get_device()
print(f"device: {device}")

x, y = make_regression_1d(1000, noise=0.1, fn="square", seed=0)
x_train, x_val, y_train, y_val = train_test_split(x, y, test_fraction=0.2, seed=0)
train_set, val_set = TensorDataset(x_train, y_train), TensorDataset(x_val, y_val)
print(f"train: {len(train_set)} points, validation: {len(val_set)} points")

# %%
# One network, four identical copies
# ----------------------------------
#
# A fair comparison starts every optimiser from the same weights. We build one network with one
# hidden layer of 20 ReLU units and copy it with ``copy.deepcopy``. (Creating four networks with
# four constructor calls, as the source notes did, gives four different random initialisations.)
import copy

from deeplearn_notes import MLP

base = MLP(1, (20,), 1)
nets = {name: copy.deepcopy(base).to(device) for name in ["SGD", "Momentum", "RMSprop", "Adam"]}

lr = 0.01
optimizers = {
    "SGD": torch.optim.SGD(nets["SGD"].parameters(), lr=lr),
    "Momentum": torch.optim.SGD(nets["Momentum"].parameters(), lr=lr, momentum=0.8),
    "RMSprop": torch.optim.RMSprop(nets["RMSprop"].parameters(), lr=lr, alpha=0.9),
    "Adam": torch.optim.Adam(nets["Adam"].parameters(), lr=lr, betas=(0.9, 0.99)),
}

# %%
# Training
# --------
#
# :func:`deeplearn_notes.fit` trains each network for 12 epochs. We make new loaders with the same
# seed for each optimiser, so that all four see the same batches in the same order.
from torch import nn

from deeplearn_notes import fit

histories = {}
for name, net in nets.items():
    train_loader, val_loader = make_loaders(train_set, val_set, batch_size=32, seed=0)
    histories[name] = fit(
        net,
        train_loader,
        loss_fn=nn.MSELoss(),
        optimizer=optimizers[name],
        epochs=12,
        val_loader=val_loader,
        device=device,
    )
    h = histories[name]
    print(f"{name:>8}: train loss {h.train_loss[-1]:.4f}, validation loss {h.val_loss[-1]:.4f}")

# sphinx_gallery_start_ignore
assert histories["Adam"].val_loss[-1] < histories["SGD"].val_loss[-1]
assert histories["Momentum"].val_loss[-1] < histories["SGD"].val_loss[-1]
assert histories["Adam"].val_loss[-1] < 0.02
# sphinx_gallery_end_ignore

# %%
# Loss curves and fitted curves
# -----------------------------
#
# The left panel shows the validation loss after each epoch on a logarithmic scale; the right
# panel shows what each network predicts after training. The noise has variance
# :math:`0.1^2 = 0.01`, so no model can reach a loss much below 0.01.
import matplotlib.pyplot as plt

from deeplearn_notes import plot_curve

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
plot_curve(
    {name: h.val_loss for name, h in histories.items()}, ax=ax1, ylabel="validation loss", logy=True
)
ax1.axhline(0.01, color="gray", linestyle=":", label="noise level")
ax1.legend()
ax1.set_title("Same network, same data, four optimisers")

# Grey points, so that the four lines keep the colours of the left panel.
ax2.scatter(x, y, s=8, color="0.75", label="data")
for name, net in nets.items():
    net.eval()
    with torch.inference_mode():
        ax2.plot(x, net(x.to(device)).cpu(), lw=2, label=name)
ax2.set_xlabel("x")
ax2.set_ylabel("y")
ax2.legend()
ax2.set_title("Predictions after 12 epochs")
fig.tight_layout()

# %%
# Conclusion
# ----------
#
# With the same learning rate of 0.01, plain SGD is still far from the curve after 12 epochs.
# Momentum accumulates past gradients and moves faster; RMSprop and Adam divide each step by a
# running average of the squared gradients, so every parameter takes steps of a useful size.
# This does not mean that Adam is always best: a larger learning rate for SGD would close much of
# the gap. The next examples look at the batch size
# (:ref:`sphx_glr_auto_examples_optimization_plot_batch_vs_stochastic.py`) and at AdaGrad, the
# ancestor of RMSprop (:ref:`sphx_glr_auto_examples_optimization_plot_adagrad.py`).
