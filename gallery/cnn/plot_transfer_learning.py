r"""
Transfer learning with few labels
=================================

Transfer learning reuses a network trained on one task as the starting point for another. This
example pretrains LeNet-5 on the digits 0 to 4, then teaches it the digits 5 to 9 from only ten
labelled images per class, in two ways: feature extraction (the pretrained convolutions are
frozen and only a new head is trained) and fine-tuning (everything is trained, the pretrained
layers with a smaller learning rate). Both are compared with the same network trained from
scratch on the same few labels.

Everything here runs offline, on a CPU. With large pretrained models from
``torchvision`` the steps are the same; :doc:`/transfer_learning` explains them.
"""

# %%
# Load the digits and make them harder
# ------------------------------------
#
# scikit-learn's digits are centred and all the same size, which makes them so easy that a
# network trained from scratch on 50 of them already reaches over 90% accuracy, and
# pretraining has little left to add. Real photos are harder: the object moves, turns and
# changes size. To imitate this, every image is shifted, rotated and scaled at random, once,
# with ``torchvision.transforms.v2.RandomAffine``. The empty corners get the background value.
import torch
from torchvision.transforms import v2

from deeplearn_notes import get_device, load_digits, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

train_set, test_set = load_digits(size=28, seed=0)
background = train_set.tensors[0].min().item()
jitter = v2.RandomAffine(degrees=20, translate=(0.1, 0.1), scale=(0.85, 1.15), fill=background)
train_images = torch.stack([jitter(image) for image in train_set.tensors[0]])
test_images = torch.stack([jitter(image) for image in test_set.tensors[0]])
train_labels, test_labels = train_set.tensors[1], test_set.tensors[1]

# %%
# The images before and after
# ---------------------------
#
# The top row shows the first training images as :func:`deeplearn_notes.load_digits` returns
# them, the bottom row the same images after the random shift, rotation and scaling.
import matplotlib.pyplot as plt

from deeplearn_notes import plot_images

fig, (ax_original, ax_jittered) = plt.subplots(2, 1, figsize=(7, 2.6))
plot_images(train_set.tensors[0][:10], train_labels[:10], ncols=10, ax=ax_original)
ax_original.set_title("Original digits")
plot_images(train_images[:10], train_labels[:10], ncols=10, ax=ax_jittered)
ax_jittered.set_title("Shifted, rotated and scaled")
fig.tight_layout()
plt.show()

# %%
# Two tasks
# ---------
#
# The source task is to classify the digits 0 to 4, with all of their training images. The
# target task is to classify the digits 5 to 9; we subtract 5 from their labels so that both
# tasks have the classes 0 to 4. The target's test images measure the final accuracy.
from torch.utils.data import DataLoader, TensorDataset

from deeplearn_notes import make_loaders

source = train_labels < 5
source_train = TensorDataset(train_images[source], train_labels[source])
source_test = TensorDataset(test_images[test_labels < 5], test_labels[test_labels < 5])
target_images, target_labels = train_images[~source], train_labels[~source] - 5
target_test = TensorDataset(test_images[test_labels >= 5], test_labels[test_labels >= 5] - 5)
target_test_loader = DataLoader(target_test, batch_size=256)
print(f"source task (0-4): {len(source_train)} training images, {len(source_test)} test images")
print(f"target task (5-9): {len(target_labels)} training images, {len(target_test)} test images")

# %%
# Pretrain on the source task
# ---------------------------
#
# :class:`deeplearn_notes.LeNet5` has two parts: ``features``, the two convolution and pooling
# stages, and ``classifier``, the three fully connected layers. We train the whole network on
# the digits 0 to 4 for 16 epochs with :func:`deeplearn_notes.fit`. It plays the role of a
# network pretrained on ImageNet.
from torch import nn

from deeplearn_notes import LeNet5, evaluate, fit

loss_fn = nn.CrossEntropyLoss()
pretrained = LeNet5(num_classes=5).to(device)
loader, source_test_loader = make_loaders(source_train, source_test, batch_size=32, seed=0)
optimizer = torch.optim.Adam(pretrained.parameters(), lr=3e-3)
fit(pretrained, loader, loss_fn=loss_fn, optimizer=optimizer, epochs=16, device=device)
source_accuracy = evaluate(pretrained, source_test_loader, device=device)["accuracy"]
print(f"pretrained network, test accuracy on 0-4: {source_accuracy:.2%}")

# %%
# A few labels of the target task
# -------------------------------
#
# We draw ten labelled images of each digit 5 to 9: 50 images in all. Which 50 images we draw
# changes the result by a few percent, so every method is trained on five different draws and
# the accuracies are averaged.
labels_per_class, num_draws = 10, 5


def few_labels(draw):
    """Return ``labels_per_class`` random target images of each class, chosen by ``draw``."""
    generator = torch.Generator().manual_seed(draw)
    chosen = []
    for digit in range(5):
        indices = (target_labels == digit).nonzero().flatten()
        order = torch.randperm(len(indices), generator=generator)
        chosen.append(indices[order[:labels_per_class]])
    chosen = torch.cat(chosen)
    return TensorDataset(target_images[chosen], target_labels[chosen])


print(f"labelled target images per draw: {len(few_labels(0))}")


# %%
# Three ways to start
# -------------------
#
# The convolutions of the pretrained network detect strokes and curves, which the new digits
# are made of too. Its fully connected layers, though, were trained to tell 0 to 4 apart, so
# every transfer method replaces the whole ``classifier`` with a new, randomly initialised one.
#
# - **Feature extraction:** the pretrained ``features`` are frozen with ``requires_grad_(False)``,
#   and the optimizer receives only the parameters that still require gradients.
# - **Fine-tuning:** everything is trained, with two parameter groups: a small learning rate
#   for the pretrained ``features``, so that they change only a little, and a larger one for
#   the new head.
# - **From scratch:** a new LeNet-5 with random weights, trained as usual.
#
# LeNet-5 has no batch normalization. In a network that has it, keep the frozen layers in eval
# mode (see :doc:`/transfer_learning`).
def make_model(method):
    """Return a (model, optimizer) pair for one of the three methods."""
    model = LeNet5(num_classes=5)
    if method == "from scratch":
        return model, torch.optim.Adam(model.parameters(), lr=3e-3)
    model.features.load_state_dict(pretrained.features.state_dict())  # reuse the convolutions
    if method == "feature extraction":
        model.features.requires_grad_(False)
        trainable = [p for p in model.parameters() if p.requires_grad]
        return model, torch.optim.Adam(trainable, lr=3e-3)
    groups = [
        {"params": model.features.parameters(), "lr": 3e-4},  # pretrained: small steps
        {"params": model.classifier.parameters(), "lr": 3e-3},  # new head: larger steps
    ]
    return model, torch.optim.Adam(groups)


# %%
# Trainable parameters
# --------------------
#
# :func:`deeplearn_notes.count_parameters` counts only the parameters that require gradients.
# LeNet-5 keeps most of its parameters in the fully connected layers, so feature extraction
# still trains most of them here. In a ResNet the new head holds only a small fraction.
from deeplearn_notes import count_parameters

methods = ["feature extraction", "fine-tuning", "from scratch"]
for method in methods:
    model, _ = make_model(method)
    total = count_parameters(model, trainable_only=False)
    print(f"{method:18s} trains {count_parameters(model):6,d} of {total:,d} parameters")

# %%
# Train on the few labels
# -----------------------
#
# Each method trains for 20 epochs on each draw of 50 images. The target test loader is passed
# to :func:`deeplearn_notes.fit` only to record the test accuracy after every epoch; nothing is
# chosen from it.
epochs = 20
curves = {method: [] for method in methods}
for draw in range(num_draws):
    labelled = few_labels(draw)
    for method in methods:
        torch.manual_seed(draw)  # the new head starts from the same weights in every method
        model, optimizer = make_model(method)
        generator = torch.Generator().manual_seed(draw)  # the same batches in every method
        loader = DataLoader(labelled, batch_size=16, shuffle=True, generator=generator)
        history = fit(
            model,
            loader,
            loss_fn=loss_fn,
            optimizer=optimizer,
            epochs=epochs,
            val_loader=target_test_loader,
            device=device,
        )
        curves[method].append(history.val_accuracy)

# %%
# Compare the test accuracy
# -------------------------
#
# The table shows the test accuracy on the digits 5 to 9 after the first and after the last
# epoch: the mean over the five draws, and after the last epoch also the standard deviation.
accuracy = {method: torch.tensor(curves[method]) for method in methods}  # (draws, epochs)
print(f"{'':18s} {'after 1 epoch':>14s} {f'after {epochs} epochs':>25s}")
for method in methods:
    first, final = accuracy[method][:, 0], accuracy[method][:, -1]
    print(f"{method:18s} {first.mean():14.2%} {final.mean():16.2%} ± {final.std():.2%}")

# sphinx_gallery_start_ignore
scratch = accuracy["from scratch"][:, -1].mean()
for method in ("feature extraction", "fine-tuning"):
    assert accuracy[method][:, -1].mean() > scratch, (method, accuracy[method][:, -1], scratch)
    assert accuracy[method][:, 0].mean() > accuracy["from scratch"][:, 0].mean() + 0.1
assert source_accuracy >= 0.9, source_accuracy
# sphinx_gallery_end_ignore

# %%
# Plot the accuracy per epoch
# ---------------------------
#
# Each line is the mean test accuracy over the five draws. The two transfer methods start
# higher and stay ahead: with 50 labels, the pretrained convolutions are better features than
# the ones the network can learn from these images alone.
from matplotlib.ticker import MaxNLocator

fig, ax = plt.subplots(figsize=(6, 4))
epoch_numbers = range(1, epochs + 1)
ax.plot(epoch_numbers, accuracy["feature extraction"].mean(0), label="feature extraction")
ax.plot(epoch_numbers, accuracy["fine-tuning"].mean(0), label="fine-tuning")
ax.plot(epoch_numbers, accuracy["from scratch"].mean(0), label="from scratch")
ax.xaxis.set_major_locator(MaxNLocator(integer=True))
ax.set_xlabel("epoch")
ax.set_ylabel("test accuracy (digits 5 to 9)")
ax.set_title("Ten labelled images per class")
ax.legend()
plt.show()

# sphinx_gallery_thumbnail_number = 2

# %%
# With a pretrained torchvision model
# -----------------------------------
#
# For real images, start from a network pretrained on ImageNet. The weights are downloaded
# the first time (this example does not run these lines):
#
# .. code-block:: python
#
#     from torchvision.models import ResNet18_Weights, resnet18
#
#     weights = ResNet18_Weights.DEFAULT
#     model = resnet18(weights=weights)  # downloads about 45 MB once
#     preprocess = weights.transforms()  # the preprocessing it was trained with
#     model.fc = nn.Linear(model.fc.in_features, num_classes)  # the new head
#
# Then freeze the backbone or build parameter groups exactly as above, with ``model.fc`` as
# the head.

# %%
# Conclusion
# ----------
#
# With few labels, a network that starts from pretrained features learns a new task better
# than one that starts from random weights. Feature extraction trains fewer parameters and is
# cheaper; fine-tuning can adapt the features too, which usually pays off when there are more
# labels. Keep the layers that are general (here the convolutions) and replace the ones that are
# specific to the old task (here the fully connected layers). :doc:`/transfer_learning`
# describes the torchvision weights API, and
# :ref:`sphx_glr_auto_examples_cnn_plot_classic_architectures.py` compares the networks you can
# start from.
