r"""
Training controls: learning-rate range test, warm-up, plateaus, clipping and mixed precision
============================================================================================

A few tools decide much of how well and how fast a network trains. This example runs each of
them on the handwritten digits and measures what it does: a learning-rate range test to choose
the learning rate, a linear warm-up followed by a cosine schedule, ``ReduceLROnPlateau``, which
lowers the learning rate when the validation loss stops improving, gradient clipping with
``clip_grad_norm_``, and mixed precision with ``torch.autocast`` (bfloat16 on the CPU, float16
with a ``GradScaler`` on a CUDA GPU).

All choices are made on a validation set split off the training data; the test set is used
once, at the end. See :doc:`/optimization` and :doc:`/training_workflow` for the ideas.
"""

# %%
# Data: training, validation and test sets
# ----------------------------------------
#
# :func:`deeplearn_notes.load_digits` with ``size=8`` keeps the original 8×8 images, which makes
# every run here take a second or less. We split 20 % of the training images off as a validation
# set. The test set stays untouched until the last step.
import torch
from torch.utils.data import DataLoader, TensorDataset

from deeplearn_notes import get_device, load_digits, seed_everything, train_test_split

seed_everything(0)
device = get_device()
print(f"device: {device}")

train_full, test_set = load_digits(size=8, seed=0)
x_train, x_val, y_train, y_val = train_test_split(*train_full.tensors, test_fraction=0.2, seed=0)
generator = torch.Generator().manual_seed(0)
train_loader = DataLoader(
    TensorDataset(x_train, y_train), batch_size=32, shuffle=True, generator=generator
)
val_loader = DataLoader(TensorDataset(x_val, y_val), batch_size=256)
print(f"train: {len(x_train)}, validation: {len(x_val)}, test: {len(test_set)} images")

# %%
# The learning-rate range test
# ----------------------------
#
# The range test (Smith, 2017) trains for about 100 mini-batches while it raises the learning
# rate exponentially, here from :math:`10^{-5}` to 10:
# :math:`\eta_i = \eta_{\min} (\eta_{\max}/\eta_{\min})^{i/(n-1)}`. It records a smoothed loss
# (an exponential moving average) and stops when the loss grows to four times its minimum. Every
# run in this example starts from a copy of the same network, an MLP with one hidden layer of
# 128 units, trained with SGD and momentum 0.9.
import copy
import math

from torch import nn

from deeplearn_notes import MLP

torch.manual_seed(0)
base_model = MLP(64, (128,), 10)
loss_fn = nn.CrossEntropyLoss()


def lr_range_test(model, optimizer, lr_min=1e-5, lr_max=10.0, steps=100, beta=0.9):
    lrs, losses, average, best = [], [], 0.0, math.inf
    batches = iter(train_loader)
    for i in range(steps):
        xb, yb = next(batches, (None, None))
        if xb is None:  # start another pass over the data
            batches = iter(train_loader)
            xb, yb = next(batches)
        lr = lr_min * (lr_max / lr_min) ** (i / (steps - 1))
        for group in optimizer.param_groups:
            group["lr"] = lr
        loss = loss_fn(model(xb.to(device)), yb.to(device))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        average = beta * average + (1 - beta) * loss.item()
        smoothed = average / (1 - beta ** (i + 1))  # bias correction, as in Adam
        lrs.append(lr)
        losses.append(smoothed)
        best = min(best, smoothed)
        if not math.isfinite(smoothed) or smoothed > 4 * best:
            break
    return lrs, losses


# %%
# Run the test and choose a learning rate
# ---------------------------------------
#
# At the lowest point of the curve the learning rate is already so large that the loss is
# about to blow up, so we do not train with it. A common choice is about ten times smaller,
# where the loss still falls steeply.
model = copy.deepcopy(base_model).to(device)
optimizer = torch.optim.SGD(model.parameters(), lr=1e-5, momentum=0.9)
lrs, losses = lr_range_test(model, optimizer)
lowest = min(range(len(losses)), key=losses.__getitem__)
lr_large = lrs[lowest]
lr_chosen = lr_large / 10
print(f"stopped after {len(lrs)} mini-batches at lr = {lrs[-1]:.2f}")
print(f"lowest smoothed loss {losses[lowest]:.3f} at lr = {lr_large:.3f}")
print(f"chosen learning rate: {lr_chosen:.3f}")

# %%
# Plot the loss against the learning rate
# ---------------------------------------
#
# The learning rate axis is logarithmic. The loss is flat while the learning rate is too small to
# change much, falls where training works, and rises steeply where the steps become too large.
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6.5, 4))
ax.plot(lrs, losses, label="smoothed training loss")
ax.axvline(lr_large, color="C3", linestyle=":", label="lowest loss")
ax.axvline(lr_chosen, color="C2", linestyle="--", label="chosen learning rate")
ax.set_xscale("log")
ax.set_xlabel("learning rate")
ax.set_ylabel("loss")
ax.set_title("Learning-rate range test")
ax.legend()
fig.tight_layout()
plt.show()

# %%
# Four ways to use the learning rate
# ----------------------------------
#
# We train four copies of the network for 12 epochs with :func:`deeplearn_notes.fit` and
# compare them on the validation set:
#
# * the chosen learning rate, kept constant;
# * the large learning rate from the lowest point of the curve, kept constant;
# * the large learning rate with a linear warm-up over 3 epochs (``LinearLR`` from 10 % of it),
#   followed by a cosine decay (``CosineAnnealingLR``), joined by ``SequentialLR``;
# * the large learning rate with ``ReduceLROnPlateau``, which halves it when the validation loss
#   has not improved for two epochs in a row (``patience=1`` tolerates one such epoch).
#
# ``fit`` steps these schedulers once per epoch and passes the validation loss to
# ``ReduceLROnPlateau.step``. Large models usually count the warm-up in optimiser steps instead.
from torch.optim import lr_scheduler

from deeplearn_notes import fit

epochs, warmup = 12, 3


def warmup_cosine(optimizer):
    warm = lr_scheduler.LinearLR(optimizer, start_factor=0.1, total_iters=warmup)
    cosine = lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs - warmup)
    return lr_scheduler.SequentialLR(optimizer, [warm, cosine], milestones=[warmup])


runs = {
    "constant, chosen rate": (lr_chosen, None),
    "constant, large rate": (lr_large, None),
    "warm-up and cosine, large rate": (lr_large, warmup_cosine),
    "reduce on plateau, large rate": (
        lr_large,
        lambda opt: lr_scheduler.ReduceLROnPlateau(opt, factor=0.5, patience=1),
    ),
}

# %%
# Train and compare on the validation set
# ---------------------------------------
#
# The final validation loss and accuracy of each run, and the learning rate of its last epoch.
models, histories = {}, {}
for name, (lr, make_scheduler) in runs.items():
    models[name] = copy.deepcopy(base_model)
    optimizer = torch.optim.SGD(models[name].parameters(), lr=lr, momentum=0.9)
    scheduler = make_scheduler(optimizer) if make_scheduler else None
    histories[name] = fit(
        models[name],
        train_loader,
        loss_fn=loss_fn,
        optimizer=optimizer,
        epochs=epochs,
        val_loader=val_loader,
        scheduler=scheduler,
        device=device,
    )
    h = histories[name]
    print(
        f"{name:31s} val loss {h.val_loss[-1]:.4f}, val accuracy {h.val_accuracy[-1]:.2%}, "
        f"last lr {h.lr[-1]:.4f}"
    )

# %%
# When did ``ReduceLROnPlateau`` act?
# -----------------------------------
#
# ``History.lr`` holds the learning rate of every epoch, so the drops are easy to find.
plateau = histories["reduce on plateau, large rate"]
for epoch in range(1, epochs):
    if plateau.lr[epoch] < plateau.lr[epoch - 1]:
        print(f"epoch {epoch + 1}: lr {plateau.lr[epoch - 1]:.4f} -> {plateau.lr[epoch]:.4f}")

# %%
# Plot the schedules and the validation loss
# ------------------------------------------
#
# Left: the learning rate of every epoch (logarithmic axis). Right: the validation loss. The
# constant large rate leaves the loss high and noisy; the warm-up and cosine schedule and the
# plateau rule both bring the large rate down in time.
from matplotlib.ticker import LogLocator, NullFormatter, ScalarFormatter

fig, (ax_lr, ax_loss) = plt.subplots(1, 2, figsize=(11, 4))
epoch_numbers = range(1, epochs + 1)
for name, h in histories.items():
    ax_lr.plot(epoch_numbers, h.lr, marker="o", label=name)
    ax_loss.plot(epoch_numbers, h.val_loss, marker="o", label=name)
ax_lr.set_yscale("log")
ax_lr.set_title("Learning rate")
ax_loss.set_title("Validation loss")
ax_loss.set_yscale("log")
ax_loss.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))  # ticks at 0.05, 0.1, 0.2, ...
ax_loss.yaxis.set_major_formatter(ScalarFormatter())
ax_loss.yaxis.set_minor_formatter(NullFormatter())
for ax in (ax_lr, ax_loss):
    ax.set_xlabel("epoch")
ax_lr.legend(fontsize=8)
fig.tight_layout()
plt.show()

# %%
# Gradient clipping
# -----------------
#
# ``torch.nn.utils.clip_grad_norm_`` treats all gradients as one long vector. When its norm is
# larger than ``max_norm`` it scales every gradient down so that the norm becomes ``max_norm``,
# and it returns the norm **before** clipping, which is worth logging. It goes between
# ``backward()`` and ``step()``. We train one more copy at the large learning rate with
# ``max_norm=1.0`` for 3 epochs and record the returned norms.
from deeplearn_notes import evaluate

model = copy.deepcopy(base_model).to(device)
optimizer = torch.optim.SGD(model.parameters(), lr=lr_large, momentum=0.9)
norms = []
for _ in range(3):  # epochs
    model.train()
    for xb, yb in train_loader:
        loss = loss_fn(model(xb.to(device)), yb.to(device))
        optimizer.zero_grad()
        loss.backward()
        total_norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
        norms.append(total_norm.item())
        optimizer.step()
norms = torch.tensor(norms)
clipped = (norms > 1.0).float().mean().item()
print(f"gradient norm before clipping: median {norms.median():.2f}, largest {norms.max():.2f}")
print(f"steps clipped: {clipped:.0%} of {len(norms)}")
print(f"validation accuracy: {evaluate(model, val_loader, device=device)['accuracy']:.2%}")

# %%
# Plot the gradient norms
# -----------------------
#
# At this large learning rate the norm stays near 1, so clipping acts on most steps and simply
# makes them shorter. Clipping is meant as a safety belt against rare, very large gradients
# (common in recurrent networks); it does not replace a sensible learning rate.
fig, ax = plt.subplots(figsize=(6.5, 3.5))
ax.plot(norms, linewidth=1, label="gradient norm before clipping")
ax.axhline(1.0, color="C3", linestyle="--", label="max_norm")
ax.set_yscale("log")
ax.set_xlabel("step")
ax.set_ylabel("norm")
ax.set_title("Gradient clipping")
ax.legend()
fig.tight_layout()
plt.show()

# %%
# Mixed precision with bfloat16 autocast
# --------------------------------------
#
# Inside ``torch.autocast``, matrix products and convolutions run in a 16-bit type, while some
# operations that need more precision, such as the loss, run in float32. The parameters and their
# gradients remain float32. bfloat16 keeps float32's exponent range, so no loss scaling is
# needed. We look at the dtypes on one batch.
images, labels = x_train[:32].to(device), y_train[:32].to(device)
model = copy.deepcopy(base_model).to(device)
with torch.autocast(device.type, dtype=torch.bfloat16):
    hidden = model.layers[0](images.flatten(start_dim=1))
    logits = model(images)
    loss = loss_fn(logits, labels)
loss.backward()
print(f"input: {images.dtype}, first layer output: {hidden.dtype}, logits: {logits.dtype}")
print(f"loss: {loss.dtype}, weight: {model.layers[0].weight.dtype}")
print(f"weight gradient: {model.layers[0].weight.grad.dtype}")

# %%
# bfloat16 against float32 on an MLP and a CNN
# --------------------------------------------
#
# We train the MLP and a small convolutional network for 4 epochs each, once in float32 and once
# under bfloat16 autocast, from the same starting weights, and compare them on the validation set.
# One validation image is 0.35 % of the 288, so differences of a few tenths of a percent are
# noise. On CPUs without bfloat16 hardware, autocast is slower than float32; its speed and memory
# gains show on recent server CPUs and on GPUs.


def small_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1),  # (N, 16, 8, 8)
        nn.ReLU(),
        nn.MaxPool2d(2),  # (N, 16, 4, 4)
        nn.Conv2d(16, 32, 3, padding=1),  # (N, 32, 4, 4)
        nn.ReLU(),
        nn.MaxPool2d(2),  # (N, 32, 2, 2)
        nn.Flatten(),
        nn.Linear(32 * 2 * 2, 10),
    )


def train_autocast(model, use_bf16, epochs=4):
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    for _ in range(epochs):
        model.train()
        for xb, yb in train_loader:
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=use_bf16):
                loss = loss_fn(model(xb.to(device)), yb.to(device))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    with torch.autocast(device.type, dtype=torch.bfloat16, enabled=use_bf16):
        return evaluate(model, val_loader, loss_fn=loss_fn, device=device)


torch.manual_seed(0)
starts = {"MLP": base_model, "CNN": small_cnn()}
amp_results = {}
for name, start in starts.items():
    for label, use_bf16 in [("float32", False), ("bfloat16", True)]:
        result = train_autocast(copy.deepcopy(start).to(device), use_bf16)
        amp_results[name, label] = result
        print(
            f"{name} {label:8s}: val loss {result['loss']:.4f}, accuracy {result['accuracy']:.2%}"
        )

# sphinx_gallery_start_ignore
for (name, label), result in amp_results.items():
    assert result["accuracy"] > 0.9, (name, label, result)
# sphinx_gallery_end_ignore

# %%
# float16 with a ``GradScaler`` on a CUDA GPU
# -------------------------------------------
#
# float16 has a much smaller range than bfloat16: small gradients underflow to zero. A
# ``torch.amp.GradScaler`` multiplies the loss by a large factor before ``backward()``, divides
# the gradients by it again before the step, skips steps whose gradients contain ``inf`` or
# ``nan``, and adapts the factor as training goes on. Older code writes
# ``torch.cuda.amp.autocast()`` and ``torch.cuda.amp.GradScaler()``; both are deprecated in
# favour of ``torch.autocast("cuda", ...)`` and ``torch.amp.GradScaler("cuda")``. This part
# runs only on a CUDA device.
if device.type == "cuda":
    model = copy.deepcopy(starts["CNN"]).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    scaler = torch.amp.GradScaler("cuda")
    for _ in range(5):  # epochs
        for xb, yb in train_loader:
            with torch.autocast("cuda", dtype=torch.float16):
                loss = loss_fn(model(xb.to(device)), yb.to(device))
            optimizer.zero_grad()
            scaler.scale(loss).backward()  # backward on the scaled loss
            scaler.unscale_(optimizer)  # true gradients, e.g. to clip them
            nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
            scaler.step(optimizer)  # skipped if a gradient is inf or nan
            scaler.update()
    result = evaluate(model, val_loader, loss_fn=loss_fn, device=device)
    print(f"CNN float16 + GradScaler: val accuracy {result['accuracy']:.2%}")
    print(f"loss scale at the end: {scaler.get_scale():.0f}")
else:
    print("no CUDA device: the float16 GradScaler part is skipped")

# %%
# The test set, once
# ------------------
#
# We pick the schedule run with the lowest final validation loss and measure it on the test set.
# This is the only time the test set is used, so its accuracy is an honest estimate for new
# digits.
best = min(histories, key=lambda name: histories[name].val_loss[-1])
test_metrics = evaluate(models[best], DataLoader(test_set, batch_size=256), device=device)
print(f"chosen on validation: {best}")
print(f"test accuracy: {test_metrics['accuracy']:.2%}")

# sphinx_gallery_start_ignore
assert test_metrics["accuracy"] > 0.93, test_metrics
# sphinx_gallery_end_ignore

# %%
# Conclusion
# ----------
#
# The range test found a useful learning rate in about 100 mini-batches. A learning rate near the
# lowest point of its curve is too large to keep; a warm-up followed by a cosine decay, or
# ``ReduceLROnPlateau``, makes it usable by lowering it in time. ``clip_grad_norm_`` returns the
# gradient norm before clipping, so you can see how often it acts. bfloat16 autocast trains about
# as well as float32 here, with float32 losses and parameters. Read :doc:`/optimization` for the
# schedulers and clipping, and :doc:`/training_workflow` for the validation and test split and
# mixed precision.

# sphinx_gallery_thumbnail_number = 2
