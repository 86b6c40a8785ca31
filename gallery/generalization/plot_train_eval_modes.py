r"""
Training mode, evaluation mode and inference mode
=================================================

Some layers behave differently during training and during evaluation. Dropout drops random
activations only in training mode, and batch normalisation normalises with the statistics of the
current batch in training mode but with its running statistics in evaluation mode. This example
shows both effects, and then shows what ``torch.inference_mode()`` adds: ``model.eval()`` changes
how layers behave, but it does not stop gradient tracking. See :doc:`/generalization` for the ideas.
"""

# %%
# Dropout on its own
# ------------------
#
# A ``torch.nn.Dropout`` layer with :math:`p = 0.5` sets each value to zero with probability 0.5
# in training mode and multiplies the others by :math:`1 / (1 - p) = 2`, so that the expected
# value stays the same. In evaluation mode it passes its input through unchanged.
import torch
from torch import nn

from deeplearn_notes import get_device, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

drop = nn.Dropout(p=0.5)
x = torch.ones(1, 8, device=device)
drop.train()
print("train mode, call 1:", drop(x).cpu().tolist())
print("train mode, call 2:", drop(x).cpu().tolist())
drop.eval()
print("eval mode:         ", drop(x).cpu().tolist())

# %%
# A network with dropout
# ----------------------
#
# The same holds for a whole network. :class:`deeplearn_notes.MLP` puts a dropout layer after each
# hidden activation when ``dropout > 0``. In training mode two calls on the same input give
# different outputs; after ``model.eval()`` they are identical.
from deeplearn_notes import MLP

model = MLP(4, (32, 32), 1, dropout=0.5).to(device)
inputs = torch.randn(5, 4, device=device)

model.train()
train_diff = (model(inputs) - model(inputs)).abs().max().item()
model.eval()
eval_diff = (model(inputs) - model(inputs)).abs().max().item()
print(f"train mode: largest difference between two calls = {train_diff:.4f}")
print(f"eval mode:  largest difference between two calls = {eval_diff:.4f}")

# sphinx_gallery_start_ignore
assert train_diff > 0
assert eval_diff == 0
# sphinx_gallery_end_ignore

# %%
# We repeat this 30 times for one input, in both modes, and keep the outputs for a figure.
one_input = inputs[:1]
with torch.inference_mode():
    model.train()
    train_outputs = [model(one_input).item() for _ in range(30)]
    model.eval()
    eval_outputs = [model(one_input).item() for _ in range(30)]
print(f"train mode: outputs from {min(train_outputs):.4f} to {max(train_outputs):.4f}")
print(f"eval mode:  outputs from {min(eval_outputs):.4f} to {max(eval_outputs):.4f}")

# %%
# Batch normalisation: batch statistics and running statistics
# ------------------------------------------------------------
#
# ``torch.nn.BatchNorm1d`` keeps a running mean and a running variance of its inputs. In training
# mode it normalises each batch with that batch's own mean and variance, and it updates the
# running values with ``momentum=0.1``. We feed it batches whose three features have means
# 2, -1 and 5, and record the running mean after each batch.
bn = nn.BatchNorm1d(3).to(device)
true_mean = torch.tensor([2.0, -1.0, 5.0], device=device)
true_std = torch.tensor([1.0, 2.0, 0.5], device=device)
print("running mean before training:", bn.running_mean.cpu().tolist())

bn.train()
running_means = []
for _ in range(60):
    batch = true_mean + true_std * torch.randn(32, 3, device=device)
    bn(batch)
    running_means.append(bn.running_mean.cpu().clone())
running_means = torch.stack(running_means)  # (60, 3)
print("running mean after 60 batches:", [round(v, 2) for v in bn.running_mean.tolist()])

# sphinx_gallery_start_ignore
assert torch.allclose(bn.running_mean, true_mean, atol=0.3)
# sphinx_gallery_end_ignore

# %%
# In evaluation mode the running statistics are used, so each sample is normalised on its own,
# and a forward pass does not change the running statistics. In training mode the output for one
# sample depends on the other samples in its batch, because they change the batch mean; and each
# training-mode call updates the running statistics again.
sample = torch.tensor([[2.0, -1.0, 5.0]], device=device)
batch_a = torch.cat([sample, true_mean + true_std * torch.randn(7, 3, device=device)])
batch_b = torch.cat([sample, true_mean + 3 + true_std * torch.randn(7, 3, device=device)])

bn.eval()
before = bn.running_mean.clone()
print("eval mode, same sample in two batches:")
print("  ", [round(v, 3) for v in bn(batch_a)[0].tolist()])
print("  ", [round(v, 3) for v in bn(batch_b)[0].tolist()])
print("running mean unchanged in eval mode:", torch.equal(before, bn.running_mean))

# sphinx_gallery_start_ignore
assert torch.equal(bn(batch_a)[0], bn(batch_b)[0])
assert torch.equal(before, bn.running_mean)
# sphinx_gallery_end_ignore

bn.train()
print("train mode, same sample in two batches:")
print("  ", [round(v, 3) for v in bn(batch_a)[0].tolist()])
print("  ", [round(v, 3) for v in bn(batch_b)[0].tolist()])
print("running mean unchanged in train mode:", torch.equal(before, bn.running_mean))

# %%
# ``model.eval()`` does not turn off gradients
# --------------------------------------------
#
# A common mistake is to think that ``model.eval()`` stops gradient tracking. It does not: it
# only switches layers such as dropout and batch normalisation to their evaluation behaviour.
# To stop tracking gradients, wrap the forward pass in ``torch.no_grad()`` or
# ``torch.inference_mode()``. Neither builds a computation graph, which saves memory and time.
# ``torch.inference_mode()`` is a stricter and slightly faster variant of ``torch.no_grad()``, not
# its replacement: it also skips autograd's bookkeeping, so its results can never be used by
# autograd later.
model.eval()
out = model(inputs)
print(f"eval mode only:        requires_grad={out.requires_grad}, grad_fn={out.grad_fn.name()}")

with torch.inference_mode():
    out = model(inputs)
print(f"inside inference_mode: requires_grad={out.requires_grad}, grad_fn={out.grad_fn}")
print(f"is an inference tensor: {out.is_inference()}")

# %%
# Inference tensors
# -----------------
#
# Tensors created in inference mode are "inference tensors". They cannot take part in autograd
# later. If a result will be used in a computation that autograd tracks (for example a target
# computed by a second network during training), compute it with ``torch.no_grad()`` instead, or
# make a normal copy with ``.clone()`` outside inference mode.
weight = torch.ones(1, requires_grad=True, device=device)
try:
    (out * weight).sum().backward()
except RuntimeError as err:
    print("RuntimeError:", str(err).split(".")[0])

(out.clone() * weight).sum().backward()
print(f"after .clone(): weight.grad = {weight.grad.item():.4f}")

# %%
# Figure: the two modes side by side
# ----------------------------------
#
# The left panel shows the 30 outputs of the dropout network for one input: they scatter in
# training mode and are all the same in evaluation mode. The right panel shows the running means
# of batch normalisation moving from 0 towards the true feature means (dashed lines).
import matplotlib.pyplot as plt

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
ax1.plot(train_outputs, "o", label="model.train()")
ax1.plot(eval_outputs, "s", label="model.eval()")
ax1.set_xlabel("call")
ax1.set_ylabel("output")
ax1.set_title("Dropout network, same input")
ax1.legend()

for i in range(3):
    ax2.plot(running_means[:, i].numpy(), color=f"C{i}", label=f"feature {i}")
    ax2.axhline(true_mean[i].item(), color=f"C{i}", linestyle="--")
ax2.set_xlabel("training batch")
ax2.set_ylabel("running mean")
ax2.set_title("BatchNorm1d running mean")
ax2.legend()
fig.tight_layout()
plt.show()

# %%
# Conclusion
# ----------
#
# Call ``model.train()`` before training and ``model.eval()`` before evaluating or predicting, and
# predict inside ``torch.inference_mode()`` (or ``torch.no_grad()`` when autograd will use the
# results later). :func:`deeplearn_notes.evaluate` does both for you and restores the previous mode
# afterwards. The example
# :ref:`sphx_glr_auto_examples_generalization_plot_dropout.py` shows why dropout helps against
# overfitting.
