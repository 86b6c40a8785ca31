r"""
Saving and loading a model
==========================

Training takes time, so we want to keep the result. This example trains a small regression
network and then saves and restores it in three ways: the state dict (the recommended way), the
whole model object (discouraged), and a checkpoint that also holds the optimiser, so that training
can continue later. After each restore we check that the restored model gives exactly the same
outputs as the original.

All files go into a temporary folder that is deleted at the end. The reference page
:doc:`/training_workflow` explains where saving fits into a training run; the checkpoint uses
:func:`deeplearn_notes.save_checkpoint` and :func:`deeplearn_notes.load_checkpoint`.
"""

# %%
# Train a small model
# -------------------
#
# We fit :math:`y = x^2` with one hidden layer for 100 full-batch steps. SGD with momentum keeps a
# *momentum buffer* for every parameter; this optimiser state will matter for the checkpoint.
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from deeplearn_notes import (
    MLP,
    fit,
    get_device,
    make_regression_1d,
    seed_everything,
)

seed_everything(0)
device = get_device()
print(f"device: {device}")

x, y = make_regression_1d(100, noise=0.1, fn="square", seed=0)
loader = DataLoader(TensorDataset(x, y), batch_size=len(x))
model = MLP(1, (10,), 1).to(device)
loss_fn = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
history = fit(model, loader, loss_fn=loss_fn, optimizer=optimizer, epochs=100, device=device)
print(f"loss after {history.epochs} epochs: {history.train_loss[-1]:.4f}")

# %%
# What a state dict contains
# --------------------------
#
# ``model.state_dict()`` is an ordered dictionary from parameter names to tensors. It holds
# numbers only, no code. We compare every restored model with these reference outputs, computed
# in evaluation mode.
for name, tensor in model.state_dict().items():
    print(f"{name:<16}{tuple(tensor.shape)}")

x_check = x.to(device)
model.eval()
with torch.no_grad():
    expected = model(x_check)

# %%
# Way 1: save the state dict (recommended)
# ----------------------------------------
#
# To restore, we build a new model with the same architecture and load the weights into it.
# ``torch.load(..., weights_only=True)`` (the default since PyTorch 2.6) only reads tensors and
# simple containers, so loading a file cannot run any code.
import tempfile
from pathlib import Path

tmp = tempfile.TemporaryDirectory()
folder = Path(tmp.name)

torch.save(model.state_dict(), folder / "model_state.pt")

restored = MLP(1, (10,), 1).to(device)
restored.load_state_dict(
    torch.load(folder / "model_state.pt", weights_only=True, map_location=device)
)
restored.eval()
with torch.no_grad():
    print(f"state dict: outputs equal: {torch.equal(restored(x_check), expected)}")

# %%
# Way 2: save the whole model (discouraged)
# -----------------------------------------
#
# ``torch.save(model)`` pickles the Python object. The file only stores a *reference* to the
# class, so loading needs the same code at the same import path, and a pickle can run arbitrary
# code when it is loaded. ``weights_only=True`` therefore refuses it:
import pickle
import re

torch.save(model, folder / "model_whole.pt")
try:
    torch.load(folder / "model_whole.pt", weights_only=True)
except pickle.UnpicklingError as error:
    message = re.sub(r"\x1b\[[0-9;]*m", "", str(error))  # drop terminal colour codes
    lines = [line.strip() for line in message.splitlines()]
    print(f"{type(error).__name__}: {lines[0].split('.')[0]}.")
    for line in lines:
        if line.startswith("WeightsUnpickler error"):
            print(line.split(". Please")[0] + ".")

# %%
# Only for files you trust
# ------------------------
#
# If you made the file yourself, ``weights_only=False`` loads it. Never do this with a file from
# an unknown source. Prefer the state dict: it survives changes to your code and is safe to load.
whole = torch.load(folder / "model_whole.pt", weights_only=False, map_location=device)
whole.eval()
with torch.no_grad():
    print(
        f"whole model: {type(whole).__name__}, outputs equal: "
        f"{torch.equal(whole(x_check), expected)}"
    )

# %%
# Way 3: a checkpoint with the optimiser
# --------------------------------------
#
# To continue training later, we also need the optimiser state (here the momentum buffers) and
# the epoch number. :func:`deeplearn_notes.save_checkpoint` stores them in one file, written
# atomically, and accepts extra entries such as the last loss. The file holds a plain
# dictionary of tensors and numbers, so ``weights_only=True`` can read it.
from deeplearn_notes import load_checkpoint, save_checkpoint

save_checkpoint(
    folder / "checkpoint.pt",
    model=model,
    optimizer=optimizer,
    epoch=history.epochs,
    loss=history.train_loss[-1],
)
contents = torch.load(folder / "checkpoint.pt", weights_only=True)
print(f"in the file: {sorted(contents)}")

# %%
# Restore the checkpoint
# ----------------------
#
# We build a new model and a new optimiser of the same kind.
# :func:`deeplearn_notes.load_checkpoint` loads the weights and the optimiser state into them,
# and returns the epoch and the extra entries.
model2 = MLP(1, (10,), 1).to(device)
optimizer2 = torch.optim.SGD(model2.parameters(), lr=0.1, momentum=0.9)
info = load_checkpoint(
    folder / "checkpoint.pt", model=model2, optimizer=optimizer2, map_location=device
)
print(f"returned: epoch {info['epoch']}, loss {info['loss']:.4f}")
model2.eval()
with torch.no_grad():
    print(f"checkpoint: outputs equal: {torch.equal(model2(x_check), expected)}")

# %%
# Continue training from the checkpoint
# -------------------------------------
#
# We train the original model and the restored one for 20 more epochs each. Because the
# checkpoint restored the momentum buffers too, both runs make exactly the same updates.
model.train()
model2.train()
more = fit(model, loader, loss_fn=loss_fn, optimizer=optimizer, epochs=20, device=device)
more2 = fit(model2, loader, loss_fn=loss_fn, optimizer=optimizer2, epochs=20, device=device)
print(f"original: loss {more.train_loss[-1]:.6f}")
print(f"restored: loss {more2.train_loss[-1]:.6f}")
print(f"same losses in every epoch: {more.train_loss == more2.train_loss}")

tmp.cleanup()  # delete the folder and every file in it

# sphinx_gallery_start_ignore
assert more.train_loss == more2.train_loss
# sphinx_gallery_end_ignore

# %%
# Plot the fits
# -------------
#
# The original and the restored model draw the same curve.
import matplotlib.pyplot as plt

from deeplearn_notes import plot_regression_fit

model.eval()
model2.eval()
titles = ["original model", "restored from checkpoint"]
fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
with torch.no_grad():
    for ax, m, title in zip(axes, [model, model2], titles, strict=True):
        plot_regression_fit(x, y, m(x_check).cpu(), ax=ax, label=title)
        ax.set_title(title)
fig.tight_layout()

# %%
# Conclusion
# ----------
#
# Save ``model.state_dict()`` to keep a trained model, and a checkpoint with the optimiser state to
# resume training. Load with ``weights_only=True``, and call ``model.eval()`` before you use a
# restored model for predictions. The next example shows how to feed data in mini-batches:
# :ref:`sphx_glr_auto_examples_networks_plot_datasets_minibatches.py`.
