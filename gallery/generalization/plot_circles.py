r"""
A nonlinear decision boundary: the circles data set
===================================================

Some classes cannot be separated by a straight line. In the circles data set one class forms a
ring around the other, so a linear classifier can do little better than guessing. This example
trains a linear model, an MLP without activation functions and an MLP with ReLU activations, and
draws their decision boundaries side by side. It shows that the nonlinear activation, not the
number of layers, is what lets a network draw curved boundaries. See :doc:`/generalization`.
"""

# %%
# Data: two circles
# -----------------
#
# :func:`deeplearn_notes.make_circles` wraps scikit-learn's ``make_circles``: 500 points, class 0
# on the outer circle and class 1 on the inner one (half the radius), with a little noise. We keep
# 20 % of the points for testing.
import torch
from torch.utils.data import TensorDataset

from deeplearn_notes import (
    get_device,
    make_circles,
    make_loaders,
    seed_everything,
    train_test_split,
)

seed_everything(0)
device = get_device()
print(f"device: {device}")

x, y = make_circles(500, noise=0.1, factor=0.5, seed=0)
print(f"x: {tuple(x.shape)} {x.dtype}, y: {tuple(y.shape)} {y.dtype}")
print(f"classes: {y.unique().tolist()}, points per class: {y.bincount().tolist()}")
x_train, x_test, y_train, y_test = train_test_split(x, y, test_fraction=0.2, seed=0)
train_loader, test_loader = make_loaders(
    TensorDataset(x_train, y_train), TensorDataset(x_test, y_test), batch_size=32, seed=0
)

# %%
# Three models
# ------------
#
# * A linear model (:class:`deeplearn_notes.SoftmaxRegression`): one ``Linear`` layer giving two
#   class logits. Its decision boundary is a straight line.
# * An MLP with two hidden layers but no activation function (``activation=nn.Identity``). A
#   chain of linear layers is still one linear function, so its boundary is a straight line too.
# * The same MLP with ReLU activations.
from torch import nn

from deeplearn_notes import MLP, SoftmaxRegression

models = {
    "linear": SoftmaxRegression(2, 2),
    "MLP without activation": MLP(2, (16, 16), 2, activation=nn.Identity),
    "MLP with ReLU": MLP(2, (16, 16), 2),
}

# %%
# Training
# --------
#
# All three are trained with Adam and the cross-entropy loss for 40 epochs.
# ``torch.nn.CrossEntropyLoss`` takes the raw logits and the integer class labels.
from deeplearn_notes import fit

histories = {}
for name, model in models.items():
    model.to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
    histories[name] = fit(
        model,
        train_loader,
        loss_fn=nn.CrossEntropyLoss(),
        optimizer=optimizer,
        epochs=40,
        val_loader=test_loader,
        device=device,
    )

# %%
# Evaluation
# ----------
#
# :func:`deeplearn_notes.evaluate` reports the test loss and the accuracy (the fraction of test
# points classified correctly). With two balanced classes, guessing gives about 0.5.
from deeplearn_notes import evaluate

accuracies = {}
for name, model in models.items():
    metrics = evaluate(model, test_loader, loss_fn=nn.CrossEntropyLoss())
    accuracies[name] = metrics["accuracy"]
    print(f"{name:>22}: test loss {metrics['loss']:.4f}, test accuracy {metrics['accuracy']:.2f}")

# sphinx_gallery_start_ignore
assert accuracies["linear"] < 0.7
assert accuracies["MLP without activation"] < 0.7
assert accuracies["MLP with ReLU"] > 0.95
# sphinx_gallery_end_ignore

# %%
# Decision boundaries
# -------------------
#
# :func:`deeplearn_notes.plot_decision_boundary` colours the plane by the predicted class and draws
# the test points on top. Both linear models cut the plane with a straight line; the MLP with ReLU
# encloses the inner circle.
import matplotlib.pyplot as plt

from deeplearn_notes import plot_decision_boundary

fig, axes = plt.subplots(1, 3, figsize=(14, 4.5))
for ax, (name, model) in zip(axes, models.items(), strict=True):
    plot_decision_boundary(model, x_test, y_test, ax=ax)
    ax.set_title(f"{name}\ntest accuracy {accuracies[name]:.2f}")
fig.tight_layout()

# %%
# Conclusion
# ----------
#
# Stacking linear layers does not make a model more expressive; the activation function between
# them does. With ReLU, a small MLP separates the two circles almost perfectly. Next, the same ideas
# on real images: :ref:`sphx_glr_auto_examples_generalization_plot_digits_mlp.py`.
