r"""
LeNet-5 on handwritten digits
=============================

LeNet-5 (LeCun et al., 1998) is the classic convolutional neural network (CNN) for
handwritten digits: two convolution and pooling stages that extract local features, followed by
three fully connected layers that classify them. This example lists the network's parameters,
trains it on scikit-learn's digits (upsampled to 28×28), measures its test accuracy and shows
which digits it confuses.

See :doc:`/cnn` for convolution and pooling, and :class:`deeplearn_notes.LeNet5` for the model.
"""

# %%
# Load the digits
# ---------------
#
# :func:`deeplearn_notes.load_digits` returns normalised ``(1, 28, 28)`` images. LeNet-5 was
# designed for 32×32 inputs; :class:`deeplearn_notes.LeNet5` pads 28×28 images with two zero
# pixels on each side, as the original paper did.
import torch

from deeplearn_notes import get_device, load_digits, make_loaders, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

train_set, test_set = load_digits(size=28, seed=0)
train_loader, test_loader = make_loaders(train_set, test_set, batch_size=32, seed=0)
print(f"train images: {len(train_set)}, test images: {len(test_set)}")

# %%
# The network and its parameters
# ------------------------------
#
# ``named_parameters`` lists every weight tensor with its shape. A convolution weight has shape
# ``(out_channels, in_channels, height, width)``; a linear weight has shape
# ``(out_features, in_features)``. The first linear layer receives the 16 feature maps of size
# 5×5, flattened into :math:`16 \times 5 \times 5 = 400` numbers.
from deeplearn_notes import LeNet5, count_parameters

model = LeNet5(in_channels=1, num_classes=10).to(device)
for name, param in model.named_parameters():
    print(f"{name:18s} {tuple(param.shape)!s:18s} {param.numel():6d}")
print(f"total parameters: {count_parameters(model):,}")

# %%
# Shapes through the network
# --------------------------
#
# Passing a batch through the layers one by one shows how each stage changes the shape. The
# sizes follow :math:`N = (W - F + 2P) / S + 1`: a 5×5 convolution turns 32 into 28, a 2×2 max
# pooling halves it to 14, and so on.
x = torch.nn.functional.pad(train_set[0][0].unsqueeze(0), (2, 2, 2, 2)).to(device)
print(f"input (padded): {tuple(x.shape)}")
for layer in model.features:
    x = layer(x)
    print(f"{layer.__class__.__name__:10s} -> {tuple(x.shape)}")

# %%
# Train
# -----
#
# :func:`deeplearn_notes.fit` runs the training loop with the Adam optimiser and the
# cross-entropy loss. The learning rate decreases along a cosine curve to zero over the 8 epochs
# (``torch.optim.lr_scheduler.CosineAnnealingLR``, see :doc:`/optimization`): large steps first,
# then small steps that let the weights settle. Eight epochs take a few seconds on a CPU. The
# test loader is passed only to watch the accuracy after each epoch; nothing is chosen from it.
from torch import nn

from deeplearn_notes import fit

epochs = 8
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)
history = fit(
    model,
    train_loader,
    loss_fn=nn.CrossEntropyLoss(),
    optimizer=optimizer,
    epochs=epochs,
    val_loader=test_loader,
    scheduler=scheduler,
    device=device,
)
for epoch in range(epochs):
    print(
        f"epoch {epoch + 1}: lr {history.lr[epoch]:.5f}, "
        f"train loss {history.train_loss[epoch]:.4f}, "
        f"test accuracy {history.val_accuracy[epoch]:.4f}"
    )

# %%
# Test accuracy
# -------------
#
# :func:`deeplearn_notes.evaluate` measures the final model on all test images.
from deeplearn_notes import evaluate

result = evaluate(model, test_loader, device=device)
print(f"test accuracy: {100 * result['accuracy']:.2f}%")

# sphinx_gallery_start_ignore
assert result["accuracy"] >= 0.98, result
# sphinx_gallery_end_ignore

# %%
# Confusion matrix
# ----------------
#
# Row :math:`i`, column :math:`j` of the confusion matrix counts the test images of digit
# :math:`i` that the model predicted as :math:`j`. Correct predictions lie on the diagonal. We
# compute it with ``torch.bincount``: the pair :math:`(i, j)` gets the index :math:`10 i + j`.
model.eval()
labels, predictions = [], []
with torch.inference_mode():
    for images, targets in test_loader:
        predictions.append(model(images.to(device)).argmax(dim=1).cpu())
        labels.append(targets)
labels, predictions = torch.cat(labels), torch.cat(predictions)
confusion = torch.bincount(10 * labels + predictions, minlength=100).reshape(10, 10)
print(confusion)
print(f"errors: {(labels != predictions).sum().item()} of {len(labels)}")

# %%
# Plot the training and the confusion matrix
# ------------------------------------------
#
# The left panel shows the training loss and the test accuracy per epoch; the right panel shows
# the confusion matrix, with the counts written in the cells.
import matplotlib.pyplot as plt

fig, (ax_curve, ax_matrix) = plt.subplots(1, 2, figsize=(11, 4.5))
history.plot(ax=ax_curve)
ax_curve.set_title("LeNet-5 training")
ax_matrix.imshow(confusion.numpy(), cmap="Blues")
for i in range(10):
    for j in range(10):
        count = confusion[i, j].item()
        if count:
            colour = "white" if count > confusion.max().item() / 2 else "black"
            ax_matrix.text(j, i, count, ha="center", va="center", color=colour, fontsize=8)
ax_matrix.set_xticks(range(10))
ax_matrix.set_yticks(range(10))
ax_matrix.set_xlabel("predicted digit")
ax_matrix.set_ylabel("true digit")
ax_matrix.set_title("Confusion matrix (test set)")
fig.tight_layout()
plt.show()

# %%
# The misclassified digits
# ------------------------
#
# Looking at the errors often shows that they are hard cases: badly written digits or digits that
# look like another class. Each title shows the true label and the prediction.
from deeplearn_notes import plot_images

wrong = (labels != predictions).nonzero().flatten()
test_images = test_set.tensors[0][wrong]
fig, ax = plt.subplots(figsize=(6, 1.8))
plot_images(test_images, labels[wrong], predictions[wrong], ncols=8, ax=ax)
ax.set_title("Misclassified test images: true label / prediction")
plt.show()

# sphinx_gallery_thumbnail_number = 1

# %%
# Conclusion
# ----------
#
# LeNet-5 reaches about 99 % test accuracy with about 62,000 parameters. The larger multi-layer
# perceptron in :ref:`sphx_glr_auto_examples_generalization_plot_digits_mlp.py` (about 109,000
# parameters) reaches about 98 %, and the same MLP trained with mean squared error on its logits
# made as few errors as LeNet-5. The difference is a few of the 359 test images, about as much as
# the results change from one seed to another, so these tiny 8×8 digits cannot show a clear
# winner. The advantage of convolutions, the same small filters reused at every position of the
# image, shows on larger images (see :doc:`/transfer_learning`). The next example,
# :ref:`sphx_glr_auto_examples_cnn_plot_unet_segmentation.py`, uses convolutions to label every
# pixel of an image instead of the whole image.
