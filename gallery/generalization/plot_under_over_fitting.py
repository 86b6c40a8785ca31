r"""
Underfitting and overfitting
============================

A model underfits when it is too simple to follow the data: the loss is high on the training
set and on the test set. It overfits when it is so flexible that it also learns the noise of the
few training points: the training loss becomes very small, but the test loss grows. This example
fits a linear model, a small MLP and a large MLP to 20 noisy points and compares their training
and test losses. See :doc:`/generalization` for the ideas and the usual remedies.
"""

# %%
# Data: few noisy points
# ----------------------
#
# The training set has only 20 points of :math:`y = \sin(\pi x) + \varepsilon`, with noise of
# standard deviation 0.3. The test set has 200 other points from the same function with new
# noise. (The source notes used :math:`y = x^2`; a sine wave makes the underfitting easier to see.)
import torch
from torch.utils.data import TensorDataset

from deeplearn_notes import get_device, make_loaders, make_regression_1d, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

x_train, y_train = make_regression_1d(20, noise=0.3, fn="sine", seed=0)
x_test, y_test = make_regression_1d(200, noise=0.3, fn="sine", seed=1)
train_set, test_set = TensorDataset(x_train, y_train), TensorDataset(x_test, y_test)
# One batch of 20 points: every epoch is one full-batch step.
train_loader, test_loader = make_loaders(train_set, test_set, batch_size=20, seed=0)
print(f"train: {len(train_set)} points, test: {len(test_set)} points")

# %%
# Three models of growing capacity
# --------------------------------
#
# A straight line cannot follow a sine wave. A small MLP with 16 hidden units can. A large MLP with
# two hidden layers of 256 units has far more parameters than there are training points.
from deeplearn_notes import MLP, LinearRegression, count_parameters

models = {
    "linear": LinearRegression(),
    "small MLP": MLP(1, (16,), 1),
    "large MLP": MLP(1, (256, 256), 1),
}
for name, model in models.items():
    print(f"{name:>9}: {count_parameters(model):6d} parameters")

# %%
# Training
# --------
#
# :func:`deeplearn_notes.fit` trains each model with Adam for 500 epochs and evaluates the test
# loss after every epoch.
from torch import nn

from deeplearn_notes import fit

histories = {}
for name, model in models.items():
    model.to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
    histories[name] = fit(
        model,
        train_loader,
        loss_fn=nn.MSELoss(),
        optimizer=optimizer,
        epochs=500,
        val_loader=test_loader,
        device=device,
    )

# %%
# Evaluation
# ----------
#
# :func:`deeplearn_notes.evaluate` computes the final losses in evaluation mode. The noise has
# variance :math:`0.3^2 = 0.09`, so even the true function has a test loss of about 0.09. A training
# loss far below the test loss means that the model has learned part of the noise of the training
# points.
from deeplearn_notes import evaluate

for name, model in models.items():
    train_loss = evaluate(model, train_loader, loss_fn=nn.MSELoss())["loss"]
    test_loss = evaluate(model, test_loader, loss_fn=nn.MSELoss())["loss"]
    print(f"{name:>9}: train loss {train_loss:.4f}, test loss {test_loss:.4f}")

# sphinx_gallery_start_ignore
final = {name: (h.train_loss[-1], h.val_loss[-1]) for name, h in histories.items()}
assert final["linear"][0] > 0.2 and final["linear"][1] > 0.25  # underfits
assert final["large MLP"][0] < 0.03  # learns the noise
assert final["small MLP"][1] < final["large MLP"][1] < final["linear"][1]
# sphinx_gallery_end_ignore

# %%
# The three fits
# --------------
#
# Black dots are the 20 training points, blue dots the test points. The line misses the shape of
# the data. The small MLP follows the sine wave and ignores most of the noise. The large MLP bends
# to pass close to every training point, and between them its curve has shapes that the true
# function (dashed) does not have.
import matplotlib.pyplot as plt

from deeplearn_notes import plot_regression_fit

fig, axes = plt.subplots(1, 3, figsize=(14, 4), sharey=True)
for ax, (name, model) in zip(axes, models.items(), strict=True):
    model.eval()
    with torch.inference_mode():
        prediction = model(x_test.to(device)).cpu()
    plot_regression_fit(x_test, y_test, prediction, ax=ax, label=name)
    ax.scatter(x_train, y_train, color="k", s=25, label="training points")
    ax.plot(x_test, torch.sin(torch.pi * x_test), "k--", lw=1, label="true function")
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(name)
fig.tight_layout()

# %%
# Training and test loss
# ----------------------
#
# For the linear model both losses stay high (underfitting). For the small MLP both fall and then
# stay flat. For the large MLP the training loss keeps falling (the spikes come from Adam's large
# steps on such a tiny data set), while the test loss reaches its lowest value early and then rises
# again (overfitting). The dotted line marks the noise level.
from deeplearn_notes import plot_curve

fig, axes = plt.subplots(1, 3, figsize=(14, 4), sharey=True)
for ax, (name, h) in zip(axes, histories.items(), strict=True):
    plot_curve({"train": h.train_loss, "test": h.val_loss}, ax=ax, ylabel="MSE loss", logy=True)
    ax.axhline(0.09, color="gray", linestyle=":")
    ax.set_title(name)
    print(
        f"{name:>9}: lowest test loss {min(h.val_loss):.4f} at epoch "
        f"{h.val_loss.index(min(h.val_loss)) + 1}"
    )
fig.tight_layout()

# sphinx_gallery_thumbnail_number = 1

# %%
# Conclusion
# ----------
#
# Choose a model that is flexible enough for the data, and watch the test (or validation) loss,
# not only the training loss. Against overfitting you can collect more data, use a smaller model,
# stop training when the validation loss stops improving (early stopping), or regularise the
# model, for example with dropout:
# :ref:`sphx_glr_auto_examples_generalization_plot_dropout.py`.
