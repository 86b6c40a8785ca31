r"""
Vanishing and exploding gradients in recurrent networks
=======================================================

Backpropagation through time (BPTT) sends the gradient of the loss backwards through every time
step. At each step it is multiplied by the Jacobian of the recurrent update, so after :math:`k`
steps it has been multiplied by :math:`k` such matrices. When these factors shrink it, the
gradient vanishes, and the network cannot learn from early inputs; when they stretch it, the
gradient explodes, and one training step can destroy the model.

This example measures the gradient that reaches each time step of a 100-step sequence in a
plain RNN and in an LSTM, and then shows how gradient clipping keeps the training of an RNN
with large recurrent weights under control. See :doc:`/rnn` for the maths and :doc:`/lstm` for
the LSTM's gates.
"""

# %%
# A long random sequence
# ----------------------
#
# We feed a batch of 32 random sequences with 100 time steps and 8 features to each network. The
# loss depends only on the output of the last step, so the gradient with respect to the input
# :math:`x_t` of an earlier step shows how much that step can still influence the loss. Its
# size, one norm per time step, is what BPTT delivers to that step.
import torch
from torch import nn

from deeplearn_notes import get_device, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

steps, features, hidden_size = 100, 8, 64
x = torch.randn(32, steps, features, generator=torch.Generator().manual_seed(0)).to(device)


def gradient_by_step(layer, x):
    x = x.clone().requires_grad_(True)
    output, _ = layer(x)  # (N, T, H): the hidden state of every step
    loss = output[:, -1].sum()  # depends on the last step only
    loss.backward()
    return x.grad.norm(dim=(0, 2)).cpu()  # (T,): one gradient norm per time step


print(f"input: {tuple(x.shape)} (batch, time steps, features)")

# %%
# Four networks
# -------------
#
# - A plain ``nn.RNN`` with PyTorch's default initialisation.
# - An RNN of the same size with large recurrent weights: :math:`W_{hh}` is an orthogonal matrix
#   times 2, so it doubles the length of every vector.
# - An ``nn.LSTM`` with the default initialisation. Its forget gate starts near
#   :math:`\sigma(0) = 0.5`.
# - An LSTM of the same size whose forget gate's bias is set to 3, so that the gate starts near
#   :math:`\sigma(3) \approx 0.95`: the cell state keeps 95% of its value at each step.
#
# PyTorch stores the LSTM's four gate blocks one after the other in the order input, forget,
# cell, output, so the forget gate's bias is the second quarter of the bias vectors.
torch.manual_seed(0)
layers = {
    "RNN": nn.RNN(features, hidden_size, batch_first=True),
    "RNN, large recurrent weights": nn.RNN(features, hidden_size, batch_first=True),
    "LSTM": nn.LSTM(features, hidden_size, batch_first=True),
    "LSTM, forget-gate bias 3": nn.LSTM(features, hidden_size, batch_first=True),
}
with torch.no_grad():
    nn.init.orthogonal_(layers["RNN, large recurrent weights"].weight_hh_l0, gain=2.0)
    forget = slice(hidden_size, 2 * hidden_size)
    layers["LSTM, forget-gate bias 3"].bias_ih_l0[forget] = 3.0
    layers["LSTM, forget-gate bias 3"].bias_hh_l0[forget] = 0.0
for name in ["RNN", "RNN, large recurrent weights"]:
    weight = layers[name].weight_hh_l0
    print(f"{name}: largest singular value of W_hh = {torch.linalg.matrix_norm(weight, 2):.2f}")

# %%
# Measure the gradient at each step
# ---------------------------------
#
# For each network we print the gradient norm at a few time steps and the average factor by
# which it changes per step, going back from step 90 to step 50.
gradients = {}
for name, layer in layers.items():
    gradients[name] = gradient_by_step(layer.to(device), x)
    g = gradients[name]
    factor = (g[50] / g[90]) ** (1 / 40)
    print(
        f"{name:29s} step 99: {g[99]:.1e}  step 90: {g[90]:.1e}  step 50: {g[50]:.1e}  "
        f"step 0: {g[0]:.1e}  factor per step: {factor:.2f}"
    )

# sphinx_gallery_start_ignore
assert gradients["RNN"][0] < 1e-10 * gradients["RNN"][99]
assert gradients["RNN, large recurrent weights"][0] > 1e3 * gradients["RNN"][99]
assert gradients["LSTM, forget-gate bias 3"][0] > 1e-2 * gradients["LSTM, forget-gate bias 3"][99]
# sphinx_gallery_end_ignore

# %%
# Plot the gradient norms
# -----------------------
#
# On a logarithmic axis, a gradient multiplied by the same factor at every step is a straight
# line. The default RNN and LSTM lose about 20 orders of magnitude over 100 steps. The RNN with
# large weights explodes instead: the earlier the step, the larger its gradient. The LSTM whose
# forget gate is open passes the gradient back through the cell state almost unchanged.
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(8, 4.5))
for name, g in gradients.items():
    ax.semilogy(range(steps), g.numpy(), label=name)
ax.set_xlabel("time step t")
ax.set_ylabel("gradient norm")
ax.set_title("Gradient of the last step's output with respect to each input")
ax.legend(loc="lower right")
fig.tight_layout()
plt.show()

# %%
# Training with exploding gradients
# ---------------------------------
#
# Now we train the RNN with large recurrent weights on the task of
# :ref:`sphx_glr_auto_examples_sequences_plot_rnn_regression.py`: read :math:`\sin(t)` and
# predict :math:`\cos(t)` at every step, here on windows of 50 steps. We use plain SGD with a
# learning rate of 0.1, once as it is and once with ``torch.nn.utils.clip_grad_norm_``, which
# rescales all gradients together when their total norm exceeds ``max_norm``. It returns the
# norm before clipping, which we record. A run stops when its loss is no longer a finite number.
import math

from deeplearn_notes import SequenceRegressor


def make_windows(n, generator, steps=50, dt=0.3):
    t = 2 * math.pi * torch.rand(n, 1, generator=generator) + dt * torch.arange(steps)
    return torch.sin(t).unsqueeze(-1), torch.cos(t).unsqueeze(-1)  # (n, T, 1) each


def train(max_norm, train_steps=300):
    seed_everything(0)
    model = SequenceRegressor(1, 32, cell="rnn").to(device)
    nn.init.orthogonal_(model.rnn.weight_hh_l0, gain=2.0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    generator = torch.Generator().manual_seed(0)
    losses, norms = [], []
    for _ in range(train_steps):
        x, y = make_windows(32, generator)
        loss = nn.functional.mse_loss(model(x.to(device))[0], y.to(device))
        if not math.isfinite(loss.item()):
            break
        optimizer.zero_grad()
        loss.backward()
        norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm)  # before clipping
        optimizer.step()
        losses.append(loss.item())
        norms.append(norm.item())
    return losses, norms


# %%
# Without clipping
# ----------------
#
# ``max_norm=math.inf`` never clips, but still returns the norm. The first gradients are already
# large; the steps they cause move the weights so far that the next gradients are larger still.
# The loss grows by orders of magnitude until it is no longer a finite number.
losses_plain, norms_plain = train(max_norm=math.inf)
print(f"without clipping: stopped after {len(losses_plain)} steps")
for step in [0, 2, 4, 8, 16, len(losses_plain) - 1]:
    print(f"step {step:2d}: loss {losses_plain[step]:.3g}, gradient norm {norms_plain[step]:.3g}")

# %%
# With clipping
# -------------
#
# With ``max_norm=1.0``, no step can move the parameters by more than the learning rate times
# 1. The first steps are clipped hard; as the weights settle, the gradients shrink below the
# threshold and clipping stops acting.
losses_clipped, norms_clipped = train(max_norm=1.0)
clipped_steps = sum(norm > 1.0 for norm in norms_clipped)
print(f"with clipping: {len(losses_clipped)} steps, final loss {losses_clipped[-1]:.4f}")
print(f"steps whose gradient was clipped: {clipped_steps} of {len(norms_clipped)}")
print(f"clipped steps among the last 100: {sum(norm > 1.0 for norm in norms_clipped[-100:])}")

# sphinx_gallery_start_ignore
assert len(losses_plain) < 100 and max(losses_plain) > 1e6, losses_plain
assert len(losses_clipped) == 300 and losses_clipped[-1] < 0.1, losses_clipped[-10:]
# sphinx_gallery_end_ignore

# %%
# Plot the two runs
# -----------------
#
# The left panel shows the loss, the right panel the gradient norm before clipping, both on a
# logarithmic axis. The dotted line marks ``max_norm``.
fig, (ax_loss, ax_norm) = plt.subplots(1, 2, figsize=(11, 4))
for losses, norms, label in [
    (losses_plain, norms_plain, "without clipping"),
    (losses_clipped, norms_clipped, "with clipping"),
]:
    ax_loss.semilogy(losses, label=label)
    ax_norm.semilogy(norms, label=label)
ax_norm.axhline(1.0, color="grey", linestyle=":")
ax_loss.set_xlabel("training step")
ax_loss.set_ylabel("mean squared error")
ax_loss.set_title("Training loss")
ax_norm.set_xlabel("training step")
ax_norm.set_ylabel("gradient norm")
ax_norm.set_title("Gradient norm before clipping")
ax_loss.legend()
ax_norm.legend()
fig.tight_layout()
plt.show()

# %%
# Conclusion
# ----------
#
# The gradient that reaches an early time step is a product of one factor per step, so it
# shrinks or grows geometrically with the distance. In a plain RNN the factor depends on
# :math:`W_{hh}` and on the slope of tanh, and neither can be kept near 1 for long. The LSTM
# adds a path through the cell state whose factor is the forget gate: when the gate is open, the
# gradient survives 100 steps. Training can learn to open it; a forget-gate bias of 1 or more at
# initialisation is a common head start.
#
# Exploding gradients have a simple remedy: clip the gradient norm after ``loss.backward()``
# and before ``optimizer.step()``. Clipping does not help against vanishing gradients; for those,
# use an LSTM or a GRU (:doc:`/lstm`), as in
# :ref:`sphx_glr_auto_examples_sequences_plot_lstm_digits.py`.
