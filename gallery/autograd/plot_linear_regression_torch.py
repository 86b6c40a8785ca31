r"""
Linear regression with autograd
===============================

This example fits the line :math:`\hat{y} = wx + b` twice. First we keep the parameters in two
tensors, let autograd compute the gradient of the loss and update the parameters by hand. Then we
do the same with ``torch.nn.Linear``, ``torch.nn.MSELoss`` and ``torch.optim.SGD``, which is how
all later examples train. Both start from the same values and use the same learning rate, so they
learn the same parameters.

You will see why the update runs inside ``torch.no_grad()`` and why the gradients must be set
to zero after each step. The reference pages :doc:`/autograd` and :doc:`/linear_models` explain
the ideas; the previous example
(:ref:`sphx_glr_auto_examples_autograd_plot_linear_regression_numpy.py`) computed the same
kind of gradient by hand.
"""

# %%
# Make the data
# -------------
#
# We take 100 points of :math:`y = 2x + 1` with a little Gaussian noise (standard deviation 0.1)
# and :math:`x` uniform in :math:`[0, 1)`. Inputs and targets have shape ``(100, 1)``: one row per
# point, one column per feature.
import torch

from deeplearn_notes import get_device, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

x = torch.rand(100, 1)
y = 2 * x + 1 + 0.1 * torch.randn(100, 1)
x, y = x.to(device), y.to(device)
print(f"x: {tuple(x.shape)}, y: {tuple(y.shape)}, dtype: {x.dtype}")

# %%
# Gradients accumulate
# --------------------
#
# ``loss.backward()`` *adds* the new gradient to ``.grad``; it does not replace it. If we compute
# the same loss twice and call ``backward()`` each time, ``w.grad`` holds twice the gradient.
# This is why a training loop must set the gradients to zero before each new backward pass.
w = torch.zeros(1, device=device, requires_grad=True)
b = torch.zeros(1, device=device, requires_grad=True)

for call in range(2):
    loss = ((x * w + b - y) ** 2).mean()
    loss.backward()
    print(f"after backward call {call + 1}: w.grad = {w.grad.item():.4f}")

w.grad.zero_()
b.grad.zero_()
print(f"after zero_(): w.grad = {w.grad.item():.4f}")

# %%
# Train with manual updates
# -------------------------
#
# Each iteration computes the predictions and the loss, calls ``backward()`` and moves ``w`` and
# ``b`` against their gradients. The update must not become part of the graph, so it runs
# inside ``torch.no_grad()``; without it, PyTorch raises an error for an in-place change of a
# leaf that requires grad. The update changes the tensors in place (``-=``), so that ``w`` and
# ``b`` stay the same leaf tensors that autograd tracks.
learning_rate = 0.1
num_epochs = 1000
manual_losses = []

for epoch in range(num_epochs):
    loss = ((x * w + b - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= learning_rate * w.grad
        b -= learning_rate * b.grad
    w.grad.zero_()
    b.grad.zero_()
    manual_losses.append(loss.item())
    if epoch % 200 == 0 or epoch == num_epochs - 1:
        print(f"epoch {epoch:4d}: loss = {loss.item():.4f}")

print(f"manual:    w = {w.item():.4f}, b = {b.item():.4f}")

# %%
# The same model with ``torch.nn``
# --------------------------------
#
# ``torch.nn.Linear(1, 1)`` holds a ``weight`` of shape ``(1, 1)`` and a ``bias`` of shape
# ``(1,)``. PyTorch initialises them randomly; we set them to zero to start from the same point
# as above. The optimiser replaces our update lines: ``optimizer.zero_grad()`` clears the
# gradients and ``optimizer.step()`` applies
# :math:`p \leftarrow p - \eta \, \partial L / \partial p` to every parameter :math:`p`.
from torch import nn

model = nn.Linear(1, 1).to(device)
with torch.no_grad():
    model.weight.zero_()
    model.bias.zero_()
loss_fn = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)
print(model)

# %%
# Train with the optimiser
# ------------------------
#
# The loop has the usual four steps: forward pass, loss, backward pass, update. We call
# ``optimizer.zero_grad()`` before ``backward()``, which has the same effect as zeroing after
# the update.
sgd_losses = []
for _ in range(num_epochs):
    loss = loss_fn(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    sgd_losses.append(loss.item())

w_sgd, b_sgd = model.weight.item(), model.bias.item()
print(f"nn.Linear: w = {w_sgd:.4f}, b = {b_sgd:.4f}")

# %%
# Compare the learned parameters
# ------------------------------
#
# Both loops did the same arithmetic, so they agree to many digits. The exact least squares
# solution (``torch.linalg.lstsq``) is the best line for these points; after 1000 steps gradient
# descent is very close to it. None of them is exactly :math:`w = 2, b = 1`, because of the noise.
design = torch.cat([x, torch.ones_like(x)], dim=1)  # columns: x and 1
w_exact, b_exact = torch.linalg.lstsq(design.cpu(), y.cpu()).solution.flatten().tolist()
print(f"{'method':<14}{'w':>8}{'b':>8}")
for name, w_i, b_i in [
    ("manual", w.item(), b.item()),
    ("nn.Linear+SGD", w_sgd, b_sgd),
    ("least squares", w_exact, b_exact),
]:
    print(f"{name:<14}{w_i:8.4f}{b_i:8.4f}")
difference = max(abs(w.item() - w_sgd), abs(b.item() - b_sgd))
print(f"manual and nn.Linear agree to 1e-6: {difference < 1e-6}")

# sphinx_gallery_start_ignore
assert difference < 1e-6
assert abs(w_sgd - w_exact) < 1e-2 and abs(b_sgd - b_exact) < 1e-2
# sphinx_gallery_end_ignore

# %%
# Plot the fit and the loss
# -------------------------
#
# The two learned lines lie on top of each other, and so do the two loss curves.
import matplotlib.pyplot as plt
import numpy as np

x_cpu, y_cpu = x.cpu().flatten().numpy(), y.cpu().flatten().numpy()
line_x = np.array([0.0, 1.0])
fig, (ax_fit, ax_loss) = plt.subplots(1, 2, figsize=(10, 4))
ax_fit.scatter(x_cpu, y_cpu, s=12, label="data")
ax_fit.plot(line_x, w.item() * line_x + b.item(), linewidth=4, alpha=0.5, label="manual")
ax_fit.plot(line_x, w_sgd * line_x + b_sgd, color="C3", linestyle="--", label="nn.Linear + SGD")
ax_fit.set(xlabel="x", ylabel="y", title="Learned lines")
ax_fit.legend()

ax_loss.plot(manual_losses, linewidth=4, alpha=0.5, label="manual")
ax_loss.plot(sgd_losses, color="C3", linestyle="--", label="nn.Linear + SGD")
ax_loss.set(xlabel="epoch", ylabel="MSE loss", yscale="log", title="Training loss")
ax_loss.legend()
fig.tight_layout()

# %%
# Next steps
# ----------
#
# From now on the examples use ``torch.nn`` models and ``torch.optim`` optimisers, and the
# training loop comes from the library (:func:`deeplearn_notes.fit`). The next step adds a hidden
# layer and a non-linear activation function:
# :ref:`sphx_glr_auto_examples_networks_plot_regression_hidden_layer.py`. The page
# :doc:`/training_workflow` describes the full training loop.
