r"""
Batch normalization and residual networks
=========================================

Stacking more convolutional layers should let a network learn more, yet a deep "plain" stack
often trains worse than a shallower one, even on the training data. He et al. (2016) called this
the degradation problem and solved it with skip connections: each residual block adds its input
to its output, :math:`y = \mathcal{F}(x) + x`.

This example builds two networks of the same depth, 19 convolutional layers and a linear layer,
with batch normalization after every convolution. The only difference is that one of them has
skip connections. Both are trained on scikit-learn's 8×8 digits with the same settings, and we
compare their training loss and test accuracy. See :doc:`/cnn` for the ideas, and
:class:`deeplearn_notes.ResidualBlock` and :class:`deeplearn_notes.SmallResNet` for the code.
"""

# %%
# Load the digits
# ---------------
#
# We keep the digits at their original 8×8 pixels so that a 20-layer network trains in seconds
# on a CPU. :func:`deeplearn_notes.load_digits` returns standardized images of shape
# ``(1, 8, 8)``.
import torch

from deeplearn_notes import get_device, load_digits, make_loaders, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

train_set, test_set = load_digits(size=8, seed=0)
print(f"train images: {len(train_set)}, test images: {len(test_set)}")
print(f"image shape: {tuple(train_set[0][0].shape)}")

# %%
# Batch normalization on feature maps
# -----------------------------------
#
# ``nn.BatchNorm2d(C)`` normalizes each of the :math:`C` channels with the mean and variance over
# the batch and all positions, that is over the dimensions :math:`(N, H, W)`. Then it scales
# and shifts with two learned vectors, ``weight`` (:math:`\gamma`, initially 1) and ``bias``
# (:math:`\beta`, initially 0). Here the input of a convolution has a different scale in each
# channel; after batch normalization every channel has mean 0 and standard deviation 1.
from torch import nn

conv = nn.Conv2d(1, 4, kernel_size=3, padding=1, bias=False).to(device)
bn = nn.BatchNorm2d(4).to(device)
images = torch.stack([train_set[i][0] for i in range(64)]).to(device)  # (64, 1, 8, 8)
with torch.no_grad():
    features = conv(images)  # (64, 4, 8, 8)
    normalized = bn(features)  # training mode: statistics of this batch


def per_channel(values):
    return " ".join(f"{v + 0.0:5.2f}" for v in values.round(decimals=2).tolist())  # + 0.0: no -0.00


print(f"channel means before: {per_channel(features.mean(dim=(0, 2, 3)))}")
print(f"channel stds before:  {per_channel(features.std(dim=(0, 2, 3)))}")
print(f"channel means after:  {per_channel(normalized.mean(dim=(0, 2, 3)))}")
print(f"channel stds after:   {per_channel(normalized.std(dim=(0, 2, 3)))}")

# %%
# A residual block
# ----------------
#
# :class:`deeplearn_notes.ResidualBlock` computes convolution → BatchNorm → ReLU → convolution →
# BatchNorm, adds the block's input, and applies ReLU. When the block halves the size or changes
# the number of channels, the input no longer has the output's shape; a 1×1 convolution with
# the same stride (the projection) brings it to that shape before the addition. The
# convolutions have ``bias=False``: the batch normalization after them subtracts the mean,
# which would cancel any bias.
from deeplearn_notes import ResidualBlock

block = ResidualBlock(8, 16, stride=2).to(device)
x = torch.randn(2, 8, 8, 8, device=device)
print(f"input {tuple(x.shape)} -> output {tuple(block(x).shape)}")
print(f"main path: {block.conv1}")
print(f"           {block.conv2}")
print(f"shortcut:  {block.shortcut[0]}")

# %%
# Two networks of the same depth
# ------------------------------
#
# :class:`deeplearn_notes.SmallResNet` has a 3×3 convolution (the stem), three stages of three
# residual blocks with 8, 16 and 32 channels, global average pooling and a linear layer: the
# ResNet-20 of He et al., at half the width. With ``residual=False`` it stacks the same layers
# without the skip connections. The plain network lacks only the two small projections.
from deeplearn_notes import SmallResNet, count_parameters


def make_network(residual):
    torch.manual_seed(0)
    return SmallResNet(1, 10, channels=(8, 16, 32), num_blocks=3, residual=residual).to(device)


networks = {"plain": make_network(False), "residual": make_network(True)}
for name, model in networks.items():
    convs = sum(isinstance(m, nn.Conv2d) and m.kernel_size == (3, 3) for m in model.modules())
    print(f"{name:8}: {convs} 3x3 convolutions, {count_parameters(model):,} parameters")

# %%
# Gradients at the start
# ----------------------
#
# One might expect the plain network's first layers to get vanishing gradients. With batch
# normalization they do not: for one batch of 128 images, the gradient of the first convolution
# is at least as large in the plain network as in the residual one. He et al. observed the same.
# The plain network's difficulty is not the size of its gradients.
images, labels = train_set.tensors[0][:128].to(device), train_set.tensors[1][:128].to(device)
for name, model in networks.items():
    model.zero_grad()
    nn.functional.cross_entropy(model(images), labels).backward()
    first, last = model.stem[0].weight.grad, model.blocks[-1].conv2.weight.grad
    print(f"{name:8}: gradient norm of the first conv {first.norm().item():.2f}, ", end="")
    print(f"of the last conv {last.norm().item():.2f}")

# %%
# Train both networks
# -------------------
#
# Both get the same batches, SGD with momentum and a learning rate that falls along a cosine
# curve over 6 epochs (:doc:`/optimization`). Six epochs are few, chosen so that the example runs
# in seconds; the test set is only watched, never used to choose anything.
from deeplearn_notes import fit

epochs = 6
histories = {}
for name, model in networks.items():
    seed_everything(0)
    train_loader, test_loader = make_loaders(train_set, test_set, batch_size=128, seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)
    histories[name] = fit(
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
    plain, residual = histories["plain"], histories["residual"]
    print(
        f"epoch {epoch + 1}: train loss plain {plain.train_loss[epoch]:.3f}, "
        f"residual {residual.train_loss[epoch]:.3f}"
    )

# %%
# Final test accuracy
# -------------------
#
# :func:`deeplearn_notes.evaluate` puts the model in evaluation mode, in which batch
# normalization uses its running averages instead of the batch's statistics.
from deeplearn_notes import evaluate

accuracies = {}
for name, model in networks.items():
    accuracies[name] = evaluate(model, test_loader, device=device)["accuracy"]
    print(f"{name:8}: test accuracy {100 * accuracies[name]:.2f}%")

# sphinx_gallery_start_ignore
assert accuracies["residual"] >= 0.95, accuracies
assert histories["residual"].train_loss[-1] < 0.5 * histories["plain"].train_loss[-1], histories
# sphinx_gallery_end_ignore

# %%
# Training curves
# ---------------
#
# The residual network's training loss falls much faster from the first epoch on. Its skip
# connections carry each block's input straight to its output, so the signal and the gradient
# reach every block directly, and each block only has to learn a correction. In the plain
# network everything has to pass through all 19 convolutions.
import matplotlib.pyplot as plt

fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(11, 4))
epoch_numbers = range(1, epochs + 1)
for name, label in [("plain", "plain network"), ("residual", "residual network")]:
    ax_loss.plot(epoch_numbers, histories[name].train_loss, marker="o", label=label)
    ax_acc.plot(epoch_numbers, histories[name].val_accuracy, marker="o", label=label)
ax_loss.set_yscale("log")
ax_loss.set_title("Training loss")
ax_acc.set_title("Test accuracy")
for ax in (ax_loss, ax_acc):
    ax.set_xlabel("epoch")
    ax.set_xticks(list(epoch_numbers))
    ax.legend()
fig.tight_layout()
plt.show()

# %%
# Conclusion
# ----------
#
# At equal depth and with batch normalization in both, the network with skip connections trains
# much faster and reaches a higher test accuracy in the same number of epochs. The gap grows with
# depth: with ``num_blocks=5`` (32 layers) the plain network hardly learns at all in 6 epochs,
# while the residual one still does. Batch normalization keeps the signal's scale under control,
# which :ref:`sphx_glr_auto_examples_networks_plot_weight_init.py` shows is hard with
# initialization alone; skip connections make the depth itself trainable. The classic networks
# built from these blocks are described in :doc:`/cnn`.
