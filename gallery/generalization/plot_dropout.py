r"""
Dropout against overfitting
===========================

Dropout is a simple way to regularise a neural network. During training, each hidden unit is
switched off (set to zero) with probability :math:`p` at every step, so the network cannot rely on
a few units to memorise individual training points. At evaluation time all units are used. This
example trains the same large MLP with and without dropout on 20 noisy points and compares the
training and test losses. See :doc:`/generalization` for the background.
"""

# %%
# Data: a noisy line
# ------------------
#
# The training set has 20 points of :math:`y = 2x + 3 + \varepsilon` with noise of standard
# deviation 0.5; the test set has 200 other points from the same line. A network with two hidden
# layers of 200 units has far more parameters than needed for a line, so it can overfit easily.
import torch
from torch.utils.data import TensorDataset

from deeplearn_notes import get_device, make_loaders, make_regression_1d, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

x_train, y_train = make_regression_1d(20, noise=0.5, fn="linear", seed=0)
x_test, y_test = make_regression_1d(200, noise=0.5, fn="linear", seed=1)
train_set, test_set = TensorDataset(x_train, y_train), TensorDataset(x_test, y_test)
train_loader, test_loader = make_loaders(train_set, test_set, batch_size=20, seed=0)
print(f"train: {len(train_set)} points, test: {len(test_set)} points")

# %%
# The same network with and without dropout
# -----------------------------------------
#
# :class:`deeplearn_notes.MLP` adds a ``torch.nn.Dropout`` layer after each hidden activation when
# ``dropout > 0``. Dropout layers have no parameters, so seeding before each constructor gives both
# networks the same initial weights.
from deeplearn_notes import MLP

seed_everything(0)
plain = MLP(1, (200, 200), 1).to(device)
seed_everything(0)
dropout = MLP(1, (200, 200), 1, dropout=0.5).to(device)
print(dropout)
print("same initial weights:", torch.equal(plain.layers[0].weight, dropout.layers[0].weight))

# %%
# Training
# --------
#
# Both networks are trained with Adam (learning rate 0.01) for 500 full-batch epochs, as in the
# source notes. We add cosine annealing, which lowers the learning rate to zero by the last epoch,
# so that the final weights settle; without it, the test loss with dropout jumps from epoch to
# epoch (see :ref:`sphx_glr_auto_examples_optimization_plot_lr_schedulers.py`).
# :func:`deeplearn_notes.fit` switches the model to training mode for each epoch, so dropout is
# active, and :func:`deeplearn_notes.evaluate` switches it to evaluation mode, so the test loss is
# measured with all units.
from torch import nn

from deeplearn_notes import fit

models = {"without dropout": plain, "with dropout (p=0.5)": dropout}
histories = {}
for name, model in models.items():
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=500)
    histories[name] = fit(
        model,
        train_loader,
        loss_fn=nn.MSELoss(),
        optimizer=optimizer,
        epochs=500,
        val_loader=test_loader,
        scheduler=scheduler,
        device=device,
    )

# %%
# Evaluation
# ----------
#
# We measure both losses in evaluation mode. The noise has variance :math:`0.5^2 = 0.25`, the lowest
# test loss we can hope for. Without dropout, the training loss is far below that value and the
# test loss far above it: the network has memorised the noise. With dropout the training loss is
# about twice as high (still below 0.25) and the test loss is lower, so the gap between them is
# about half as large. Dropout reduces overfitting here; it does not remove it.
from deeplearn_notes import evaluate

results = {}
for name, model in models.items():
    train_loss = evaluate(model, train_loader, loss_fn=nn.MSELoss())["loss"]
    test_loss = evaluate(model, test_loader, loss_fn=nn.MSELoss())["loss"]
    results[name] = (train_loss, test_loss)
    print(f"{name:>20}: train loss {train_loss:.4f}, test loss {test_loss:.4f}")

# sphinx_gallery_start_ignore
(plain_train, plain_test), (drop_train, drop_test) = results.values()
assert drop_test < plain_test
assert plain_train < 0.15 and plain_train < drop_train
assert drop_test - drop_train < plain_test - plain_train
# sphinx_gallery_end_ignore

# %%
# Figure: fits and loss curves
# ----------------------------
#
# Left: without dropout the curve bends towards individual training points; with dropout it stays
# closer to a straight line. Right: both test losses reach their minimum early, within the first
# 20 epochs. Then the test loss of the plain network rises slowly and smoothly while its training
# loss keeps falling. The test loss with dropout jumps up and down from epoch to epoch for most of
# the training, often above the plain network's; it settles only when the learning rate becomes
# small, in about the last 100 epochs, and ends lower. Its training loss (measured during
# training, with dropout on) is noisy and higher, which is expected.
import matplotlib.pyplot as plt

from deeplearn_notes import plot_curve

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
ax1.scatter(x_test, y_test, s=8, color="0.75", label="test points")
ax1.scatter(x_train, y_train, s=25, color="k", label="training points")
for i, (name, model) in enumerate(models.items()):
    model.eval()
    with torch.inference_mode():
        ax1.plot(x_test, model(x_test.to(device)).cpu(), color=f"C{i}", lw=2, label=name)
ax1.set_xlabel("x")
ax1.set_ylabel("y")
ax1.set_title("Predictions in evaluation mode")
ax1.legend()

test_labels = ["test loss without dropout", "test loss with dropout"]
train_labels = ["training loss without dropout", "training loss with dropout"]
plot_curve(
    {label: h.val_loss for label, h in zip(test_labels, histories.values(), strict=True)},
    ax=ax2,
    ylabel="MSE loss",
    logy=True,
)
for i, (label, h) in enumerate(zip(train_labels, histories.values(), strict=True)):
    ax2.plot(range(1, h.epochs + 1), h.train_loss, color=f"C{i}", alpha=0.4, lw=0.8, label=label)
ax2.axhline(0.25, color="gray", linestyle=":")
ax2.legend(fontsize=8)
ax2.set_title("Training and test loss")
fig.tight_layout()
plt.show()

# %%
# Conclusion
# ----------
#
# Dropout reduces overfitting by adding noise during training; it costs a slower, noisier training
# loss, usually more epochs, and here a learning rate that decreases so that the weights settle.
# Always call ``model.eval()`` before you evaluate or predict, otherwise dropout stays active and
# the predictions are random. The example
# :ref:`sphx_glr_auto_examples_generalization_plot_train_eval_modes.py` shows this in detail.
