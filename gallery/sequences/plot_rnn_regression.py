r"""
An RNN that reads a sine and predicts a cosine
==============================================

A recurrent neural network (RNN) reads a sequence one time step at a time and keeps a hidden
state that summarises what it has seen so far. Here it reads :math:`\sin(t)` and, at every step,
predicts :math:`\cos(t)`. One value of :math:`\sin(t)` is not enough for this: the same value
occurs where the sine rises (cosine positive) and where it falls (cosine negative). The network
must use the hidden state to remember the previous values.

The example trains on short random windows, shows how the error depends on the position in the
window, and compares two ways to run the network over a long sequence: starting every window
from a zero hidden state, or carrying the hidden state from one window to the next. See
:doc:`/rnn` for the equations and :class:`deeplearn_notes.SequenceRegressor` for the
model.
"""

# %%
# Windows of a sine and a cosine
# ------------------------------
#
# A training example is a window of 30 time steps, :math:`t_0, t_0 + 0.3, \dots`, with a random
# start :math:`t_0`. The inputs have shape ``(N, T, 1)`` (batch, time steps, one feature per
# step) because the model uses ``batch_first=True``; the targets have the same shape. We draw
# fresh windows for every training step, from a seeded generator.
import math

import torch

from deeplearn_notes import get_device, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

steps_per_window, dt = 30, 0.3


def make_windows(n, generator):
    start = 2 * math.pi * torch.rand(n, 1, generator=generator)  # (n, 1)
    t = start + dt * torch.arange(steps_per_window)  # (n, T)
    return torch.sin(t).unsqueeze(-1), torch.cos(t).unsqueeze(-1)  # (n, T, 1) each


generator = torch.Generator().manual_seed(0)
x, y = make_windows(64, generator)
print(f"inputs: {tuple(x.shape)}, targets: {tuple(y.shape)}")

# %%
# The model
# ---------
#
# :class:`~deeplearn_notes.SequenceRegressor` is an ``nn.RNN`` with 32 hidden units
# followed by a linear layer that maps the hidden state of every step to one number. Like
# ``nn.RNN`` itself, it returns the outputs of all steps and the final hidden state ``h_n``.
from deeplearn_notes import SequenceRegressor, count_parameters

model = SequenceRegressor(input_size=1, hidden_size=32, output_size=1, cell="rnn").to(device)
print(model)
print(f"trainable parameters: {count_parameters(model)}")
outputs, h_n = model(x.to(device))
print(f"outputs: {tuple(outputs.shape)}, h_n: {tuple(h_n.shape)}")

# %%
# Train on random windows
# -----------------------
#
# Each step draws 64 new windows and minimises the mean squared error over all their time steps,
# with Adam and a learning rate that decays along a cosine curve. The windows are independent
# of each other, so every window starts from a zero hidden state (``hidden=None``): there is
# nothing to carry over. We write the loop by hand because the data are generated on the fly.
from torch import nn

train_steps = 600
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=train_steps)
loss_fn = nn.MSELoss()
losses = []
for step in range(train_steps):
    x, y = make_windows(64, generator)
    prediction, _ = model(x.to(device))
    loss = loss_fn(prediction, y.to(device))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    scheduler.step()
    losses.append(loss.item())
    if step % 100 == 0 or step == train_steps - 1:
        print(f"step {step:3d}: loss {loss.item():.4f}")

# %%
# Test error along the window
# ---------------------------
#
# On 1,000 new windows we compute the squared error at each position of the window. At the
# first step the hidden state holds only one value of the sine, so the network can only guess
# the sign of the cosine (the best guess, 0, has an expected squared error of 0.5). After a few
# steps the hidden state knows whether the sine is rising or falling, and the error drops.
test_x, test_y = make_windows(1000, torch.Generator().manual_seed(1))
model.eval()
with torch.no_grad():
    test_prediction, _ = model(test_x.to(device))
squared_error = (test_prediction.cpu() - test_y).pow(2).squeeze(-1)  # (1000, T)
error_by_step = squared_error.mean(dim=0)  # (T,)
test_mse = squared_error.mean().item()
print(f"test MSE: {test_mse:.4f}")
print(f"test MSE after the first 5 steps: {squared_error[:, 5:].mean().item():.5f}")
for position in [0, 1, 2, 3, 5, 10, 29]:
    print(f"step {position:2d} of the window: {error_by_step[position].item():.4f}")

# sphinx_gallery_start_ignore
assert test_mse < 0.05, test_mse
assert squared_error[:, 5:].mean().item() < 0.005, error_by_step
# sphinx_gallery_end_ignore

# %%
# Plot the training and one test window
# -------------------------------------
#
# The left panel shows the training loss, the middle panel the test error at each position of
# the window (both on a log scale), and the right panel the input, the target and the
# prediction on one test window.
import matplotlib.pyplot as plt

fig, (ax_loss, ax_step, ax_window) = plt.subplots(1, 3, figsize=(13, 3.8))
ax_loss.semilogy(losses)
ax_loss.set_xlabel("training step")
ax_loss.set_ylabel("mean squared error")
ax_loss.set_title("Training loss")

ax_step.semilogy(error_by_step.numpy(), color="C3", marker=".")
ax_step.set_xlabel("position in the window")
ax_step.set_ylabel("mean squared error")
ax_step.set_title("Test error at each step")

t = dt * torch.arange(steps_per_window)
ax_window.plot(t, test_x[0, :, 0], color="C0", label="input sin(t)")
ax_window.plot(t, test_y[0, :, 0], color="C1", label="target cos(t)")
ax_window.plot(t, test_prediction[0, :, 0].cpu(), "k--", label="prediction")
ax_window.set_xlabel("time from the start of the window")
ax_window.set_title("One test window")
ax_window.legend(loc="lower left")
fig.tight_layout()
plt.show()

# %%
# Carry the hidden state, or not
# ------------------------------
#
# A long sequence is often processed in consecutive windows. We cut 300 steps of the sine into
# 10 windows of 30 steps. Starting every window from a zero state repeats the bad first steps
# in every window. Passing the final state ``h_n`` of one window as the initial state of the
# next lets the network continue as if the sequence had never been cut.
long_t = 100.0 + dt * torch.arange(10 * steps_per_window)
long_x = torch.sin(long_t).reshape(1, 10, steps_per_window, 1).to(device)  # 10 windows
long_y = torch.cos(long_t)
fresh, carried, hidden = [], [], None
with torch.no_grad():
    for k in range(10):
        fresh.append(model(long_x[:, k])[0])  # zero initial state for each window
        prediction, hidden = model(long_x[:, k], hidden)  # the previous window's h_n
        carried.append(prediction)
fresh = torch.cat(fresh, dim=1).flatten().cpu()
carried = torch.cat(carried, dim=1).flatten().cpu()
mse_fresh = (fresh - long_y).pow(2).mean().item()
mse_carried = (carried - long_y).pow(2).mean().item()
print(f"long sequence, zero state in every window: MSE {mse_fresh:.4f}")
print(f"long sequence, hidden state carried over:  MSE {mse_carried:.4f}")

# sphinx_gallery_start_ignore
assert mse_carried < 0.5 * mse_fresh, (mse_fresh, mse_carried)
# sphinx_gallery_end_ignore

# %%
# Plot the long sequence
# ----------------------
#
# The dotted vertical lines mark the window boundaries. With a zero state, the prediction jumps
# away from the cosine after each boundary; with the carried state, only the very first window
# needs a few steps to settle.
fig, ax = plt.subplots(figsize=(11, 3.5))
ax.plot(long_t, long_y, color="C1", linewidth=3, alpha=0.5, label="target cos(t)")
ax.plot(long_t, fresh, color="C3", label="zero state in every window")
ax.plot(long_t, carried, "k--", label="hidden state carried over")
for k in range(1, 10):
    ax.axvline(long_t[k * steps_per_window].item(), color="grey", linestyle=":", linewidth=1)
ax.set_xlabel("t")
ax.set_title("Predictions over ten consecutive windows")
ax.set_ylim(-1.2, 1.8)
ax.legend(loc="upper center", ncols=3)
fig.tight_layout()
plt.show()

# %%
# Conclusion
# ----------
#
# The RNN learned to turn a sine into a cosine, which needs memory: its hidden state carries
# the recent values of the input. The first few steps of a window are always worse, because the
# state has not seen enough yet.
#
# When the training data are one long sequence (the source notes generate consecutive pieces of
# one sine), you can also carry the state between training windows. Pass ``hidden.detach()``
# to the next window: the state keeps its value, but backpropagation stops at the window
# boundary. Without ``detach()`` each backward pass would run through all earlier windows, and
# PyTorch raises an error because their graphs were already freed. This is truncated
# backpropagation through time, explained in :doc:`/rnn`.
#
# Next, :ref:`sphx_glr_auto_examples_sequences_plot_lstm_digits.py` classifies whole sequences
# with an LSTM, and :ref:`sphx_glr_auto_examples_sequences_plot_rnn_lstm_gradients.py` measures
# why plain RNNs struggle with long sequences.
