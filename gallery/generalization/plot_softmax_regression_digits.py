r"""
Softmax regression on handwritten digits
========================================

Softmax regression is the simplest classifier for more than two classes: one linear layer that
gives one score (a logit) per class, followed by the softmax function that turns the scores into
probabilities. This example trains it on scikit-learn's handwritten digits with the
cross-entropy loss, measures the test accuracy, and shows what the model has learned: each class
has one weight per pixel, so its weights can be drawn as an image.

See :doc:`/linear_models` for the model and :doc:`/losses` for cross-entropy. The model is
:class:`deeplearn_notes.SoftmaxRegression`.
"""

# %%
# Load the digits
# ---------------
#
# :func:`deeplearn_notes.load_digits` gives normalised ``(1, 28, 28)`` images and integer
# labels from 0 to 9, already split into a training set and a test set.
import torch

from deeplearn_notes import get_device, load_digits, make_loaders, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

train_set, test_set = load_digits(size=28, seed=0)
train_loader, test_loader = make_loaders(train_set, test_set, batch_size=64, seed=0)
print(f"train images: {len(train_set)}, test images: {len(test_set)}")

# %%
# The model
# ---------
#
# The model flattens each image into a vector :math:`x` of 784 pixels and computes
# :math:`z = W x + b`, where :math:`W` has shape ``(10, 784)``: one row of weights per class.
# The softmax turns the 10 logits into probabilities:
#
# .. math::
#
#    p_k = \frac{e^{z_k}}{\sum_{j=0}^{9} e^{z_j}}
#
# The model returns the logits :math:`z`; ``torch.nn.CrossEntropyLoss`` applies the softmax
# itself, in a numerically stable way.
#
# The loss of softmax regression is convex, so the weights may start at zero. We do so here so
# that the weight images at the end show only what was learned, not the random initial values.
from torch import nn

from deeplearn_notes import SoftmaxRegression, count_parameters

model = SoftmaxRegression(28 * 28, 10).to(device)
nn.init.zeros_(model.linear.weight)
nn.init.zeros_(model.linear.bias)
print(model)
print(f"parameters: {count_parameters(model):,} (= 784 * 10 weights + 10 biases)")

# %%
# Train
# -----
#
# We use plain stochastic gradient descent, as in the source notes, and watch the test accuracy
# after each epoch. A small weight decay keeps the weights small, which also makes the weight
# images below easier to read.
from deeplearn_notes import fit

optimizer = torch.optim.SGD(model.parameters(), lr=0.05, weight_decay=1e-3)
history = fit(
    model,
    train_loader,
    loss_fn=nn.CrossEntropyLoss(),
    optimizer=optimizer,
    epochs=10,
    val_loader=test_loader,
    device=device,
)
for epoch, acc in enumerate(history.val_accuracy, start=1):
    print(
        f"epoch {epoch:2d}: train loss {history.train_loss[epoch - 1]:.4f}, test accuracy {acc:.4f}"
    )

# %%
# Test accuracy
# -------------
#
# :func:`deeplearn_notes.evaluate` computes the accuracy on the whole test set.
from deeplearn_notes import evaluate

result = evaluate(model, test_loader, loss_fn=nn.CrossEntropyLoss(), device=device)
print(f"test loss: {result['loss']:.4f}")
print(f"test accuracy: {100 * result['accuracy']:.2f}%")

# sphinx_gallery_start_ignore
assert result["accuracy"] > 0.9, result
# sphinx_gallery_end_ignore

# %%
# Probabilities for one image
# ---------------------------
#
# The softmax of the logits sums to 1. The predicted class is the one with the highest
# probability, which is also the one with the highest logit.
image, label = test_set[0]
model.eval()
with torch.inference_mode():
    probs = model(image.unsqueeze(0).to(device)).softmax(dim=1).squeeze(0).cpu()
print(f"true label: {label.item()}, predicted: {probs.argmax().item()}")
print("probabilities:", " ".join(f"{p:.3f}" for p in probs.tolist()))
print(f"sum of probabilities: {probs.sum().item():.4f}")

# %%
# The learned weights
# -------------------
#
# Row :math:`k` of :math:`W` holds one weight per pixel for class :math:`k`. Drawn as a
# 28×28 image, red pixels raise the score of the class when they are bright and blue pixels
# lower it. Each image looks like a blurred template of its digit.
import matplotlib.pyplot as plt

weights = model.linear.weight.detach().cpu().reshape(10, 28, 28)
limit = weights.abs().max().item()
fig, axes = plt.subplots(2, 5, figsize=(9, 4))
for digit, ax in enumerate(axes.flat):
    im = ax.imshow(weights[digit].numpy(), cmap="RdBu_r", vmin=-limit, vmax=limit)
    ax.set_title(f"class {digit}")
    ax.set_axis_off()
fig.colorbar(im, ax=axes, shrink=0.8, label="weight")
fig.suptitle("Softmax regression: one weight image per class")
plt.show()

# %%
# Conclusion
# ----------
#
# A single linear layer already classifies most digits correctly, because each class can be
# recognised by a template of bright and dark pixels. It cannot model anything more complex than
# one template per class. A hidden layer removes this limit: see
# :ref:`sphx_glr_auto_examples_generalization_plot_digits_mlp.py`.
