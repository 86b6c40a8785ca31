r"""
Classifying two clusters of points
==================================

This example trains a first classifier. The data are two clouds of points in the plane, one
around :math:`(2, 2)` (class 0) and one around :math:`(-2, -2)` (class 1). A small network with
one hidden layer outputs two scores per point, and ``torch.nn.CrossEntropyLoss`` compares these
scores with the correct class.

You will see what the network outputs, what the loss expects as targets, how to compute the
accuracy, and how the network splits the plane into two regions (its *decision boundary*). The
reference page :doc:`/losses` explains cross-entropy; the example uses
:func:`deeplearn_notes.make_two_blobs`, :class:`deeplearn_notes.MLP`, :func:`deeplearn_notes.fit`
and :func:`deeplearn_notes.plot_decision_boundary`.
"""

# %%
# Make the data
# -------------
#
# :func:`deeplearn_notes.make_two_blobs` draws 100 points per class from Gaussian distributions
# with standard deviation 1. The inputs are float32 with shape ``(200, 2)``. The labels are class
# indices (``int64``, shape ``(200,)``), not one-hot vectors. We draw a separate test set with a
# different seed.
import torch

from deeplearn_notes import get_device, make_two_blobs, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

x_train, y_train = make_two_blobs(100, spread=1.0, seed=0)
x_test, y_test = make_two_blobs(50, spread=1.0, seed=1)
print(
    f"x_train: {tuple(x_train.shape)} {x_train.dtype}, y_train: {tuple(y_train.shape)} "
    f"{y_train.dtype}"
)
print(f"first labels: {y_train[:5].tolist()}, class counts: {torch.bincount(y_train).tolist()}")

# %%
# Build the model
# ---------------
#
# The network maps 2 inputs to 10 hidden ReLU units and then to 2 outputs, one score (*logit*)
# per class. The model returns raw scores, not probabilities: ``torch.nn.CrossEntropyLoss``
# applies log-softmax itself, in a numerically stable way.
from torch import nn

from deeplearn_notes import MLP

model = MLP(2, (10,), 2).to(device)
print(model)

with torch.no_grad():
    logits = model(x_train[:3].to(device))
print(f"logits of 3 points before training, shape {tuple(logits.shape)}:")
for row in logits.cpu().tolist():
    print("  " + "  ".join(f"{v:+.4f}" for v in row))

# %%
# Train the model
# ---------------
#
# Both datasets are small, so each loader returns all points in one batch and every epoch is one
# gradient step. We use SGD with a learning rate of 0.02, as in the source notes, and train for
# 100 steps. :func:`deeplearn_notes.fit` runs the loop and evaluates the test set after every
# epoch.
from torch.utils.data import DataLoader, TensorDataset

from deeplearn_notes import fit

train_loader = DataLoader(TensorDataset(x_train, y_train), batch_size=len(x_train))
test_loader = DataLoader(TensorDataset(x_test, y_test), batch_size=len(x_test))
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.02)

history = fit(
    model,
    train_loader,
    loss_fn=loss_fn,
    optimizer=optimizer,
    epochs=100,
    val_loader=test_loader,
    device=device,
)
for epoch in [0, 9, 49, 99]:
    print(
        f"epoch {epoch + 1:3d}: train loss {history.train_loss[epoch]:.4f}, "
        f"test accuracy {history.val_accuracy[epoch]:.2%}"
    )

# %%
# From scores to classes and probabilities
# ----------------------------------------
#
# The predicted class is the index of the largest score (``argmax``). Softmax turns the scores
# into probabilities, which sum to 1 for each point. :func:`deeplearn_notes.accuracy` is the
# fraction of points whose predicted class is correct.
from deeplearn_notes import accuracy

model.eval()
with torch.no_grad():
    test_logits = model(x_test.to(device)).cpu()
probs = torch.softmax(test_logits, dim=1)
predicted = test_logits.argmax(dim=1)
for i in [0, 1, 50, 51]:
    print(
        f"point {i:2d}: P(class 0) = {probs[i, 0].item():.4f}, predicted {predicted[i].item()}, "
        f"true {y_test[i].item()}"
    )
test_accuracy = accuracy(test_logits, y_test)
print(f"test accuracy: {test_accuracy:.2%}")

# sphinx_gallery_start_ignore
assert test_accuracy > 0.95, test_accuracy
# sphinx_gallery_end_ignore

# %%
# Plot the loss and the decision boundary
# ---------------------------------------
#
# The left panel shows the training and test loss per epoch. The right panel colours the plane by
# the class that the network predicts; the border between the two colours is the *decision
# boundary*. It runs between the two clusters. A cross marks each test point on the wrong side:
# the two Gaussian clouds overlap a little, so a point far from its centre can end up closer to
# the other cluster.
import matplotlib.pyplot as plt

from deeplearn_notes import plot_curve, plot_decision_boundary

fig, (ax_loss, ax_boundary) = plt.subplots(1, 2, figsize=(11, 4.5))
plot_curve(
    {"train loss": history.train_loss, "test loss": history.val_loss}, ax=ax_loss, ylabel="loss"
)
ax_loss.set_title("Cross-entropy loss")
plot_decision_boundary(model, x_test, y_test, ax=ax_boundary, device=device)
wrong = predicted != y_test
ax_boundary.scatter(*x_test[wrong].T, marker="x", s=80, color="black", label="misclassified")
ax_boundary.legend(loc="lower right")
ax_boundary.set_title("Decision boundary on the test points")
fig.tight_layout()
print(f"misclassified test points: {wrong.sum().item()} of {len(y_test)}")

# %%
# Conclusion
# ----------
#
# For classification, the model returns one raw score per class, the targets are class indices,
# and ``torch.nn.CrossEntropyLoss`` joins the two. The page :doc:`/training_workflow` shows the
# same loop on real images, and
# :ref:`sphx_glr_auto_examples_networks_plot_module_vs_sequential.py` shows two ways to write
# this network yourself.
