r"""
AdaGrad by hand and with ``torch.optim.Adagrad``
================================================

AdaGrad gives every parameter its own learning rate. It adds up the squares of all past gradients
of a parameter and divides the step by the square root of that sum, so parameters with large or
frequent gradients take smaller steps. We write the update by hand for a linear model, check that
``torch.optim.Adagrad`` gives the same numbers, and plot how the effective learning rate of each
parameter decays. See :doc:`/optimization` for the other optimisers.
"""

# %%
# Data: a noisy line
# ------------------
#
# We sample :math:`y = 2x + 3 + \varepsilon` at 100 points, with noise of standard deviation 0.5.
# Every step uses all 100 points (full-batch gradient descent), so the two runs below see exactly
# the same gradients.
import torch

from deeplearn_notes import get_device, make_regression_1d, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

x, y = make_regression_1d(100, noise=0.5, fn="linear", seed=0)
x, y = x.to(device), y.to(device)
print(f"x: {tuple(x.shape)}, y: {tuple(y.shape)}")

# %%
# The update rule
# ---------------
#
# For each parameter :math:`\theta` with gradient :math:`g_t` at step :math:`t`, AdaGrad keeps the
# sum of squared gradients :math:`G_t` and updates
#
# .. math::
#
#    G_t = G_{t-1} + g_t^2, \qquad
#    \theta_t = \theta_{t-1} - \frac{\eta}{\sqrt{G_t} + \epsilon}\, g_t .
#
# The factor :math:`\eta / (\sqrt{G_t} + \epsilon)` is the effective learning rate. :math:`G_t` only
# grows, so the effective learning rate only shrinks. The small :math:`\epsilon` avoids a division
# by zero; we use PyTorch's default of :math:`10^{-10}`.
import copy

from torch import nn

from deeplearn_notes import LinearRegression

model = LinearRegression().to(device)
model_by_hand = copy.deepcopy(model)  # the same starting weights for both runs
lr, eps, steps = 0.5, 1e-10, 100
loss_fn = nn.MSELoss()

# %%
# AdaGrad written by hand
# -----------------------
#
# The loop is written out on purpose: the update rule is the lesson. We record the loss and the
# effective learning rate of the weight and of the bias at every step.
params = list(model_by_hand.parameters())  # [weight, bias]
grad_sums = [torch.zeros_like(p) for p in params]
hand_losses, effective_lrs = [], []
for _ in range(steps):
    loss = loss_fn(model_by_hand(x), y)
    model_by_hand.zero_grad()
    loss.backward()
    with torch.no_grad():
        for p, g_sum in zip(params, grad_sums, strict=True):
            g_sum += p.grad**2
            p -= lr * p.grad / (g_sum.sqrt() + eps)
    hand_losses.append(loss.item())
    effective_lrs.append([(lr / (g.sqrt() + eps)).item() for g in grad_sums])
w, b = (p.item() for p in params)
print(f"by hand: w = {w:.4f}, b = {b:.4f}, final loss = {hand_losses[-1]:.4f}")

# %%
# The same with ``torch.optim.Adagrad``
# -------------------------------------
#
# Now the library's :func:`deeplearn_notes.fit` does the loop and ``torch.optim.Adagrad`` does the
# update. A loader with one batch of all 100 points (and no shuffling) gives one full-batch step per
# epoch, as above.
from torch.utils.data import DataLoader, TensorDataset

from deeplearn_notes import fit

loader = DataLoader(TensorDataset(x, y), batch_size=len(x), shuffle=False)
optimizer = torch.optim.Adagrad(model.parameters(), lr=lr, eps=eps)
history = fit(model, loader, loss_fn=loss_fn, optimizer=optimizer, epochs=steps, device=device)
w_t, b_t = model.linear.weight.item(), model.linear.bias.item()
print(f"Adagrad: w = {w_t:.4f}, b = {b_t:.4f}, final loss = {history.train_loss[-1]:.4f}")

loss_gap = max(abs(a - c) for a, c in zip(hand_losses, history.train_loss, strict=True))
print(f"largest difference between the two loss curves: {loss_gap:.1e}")

# sphinx_gallery_start_ignore
assert loss_gap < 1e-5
assert abs(w - w_t) < 1e-5 and abs(b - b_t) < 1e-5
assert abs(w - 2) < 0.3 and abs(b - 3) < 0.2
# sphinx_gallery_end_ignore

# %%
# The learning rate matters
# -------------------------
#
# The source notes used AdaGrad with a learning rate of 0.01 for 100 steps. Because the first step
# of every parameter has size :math:`\eta` (there :math:`\sqrt{G_1} = |g_1|`) and later steps are
# smaller, the parameters cannot move further than about :math:`\eta` times the number of steps.
# With :math:`\eta = 0.01` they move by less than 1, far from :math:`w = 2` and :math:`b = 3`.
slow = copy.deepcopy(model_by_hand)
torch.nn.init.zeros_(slow.linear.weight)
torch.nn.init.zeros_(slow.linear.bias)
slow_history = fit(
    slow,
    loader,
    loss_fn=loss_fn,
    epochs=steps,
    device=device,
    optimizer=torch.optim.Adagrad(slow.parameters(), lr=0.01),
)
print(
    f"lr = 0.01: w = {slow.linear.weight.item():.4f}, b = {slow.linear.bias.item():.4f}, "
    f"final loss = {slow_history.train_loss[-1]:.4f}"
)

# sphinx_gallery_start_ignore
assert slow.linear.bias.item() < 1.0
# sphinx_gallery_end_ignore

# %%
# Figure
# ------
#
# Left: the loss of the hand-written loop (line) and of ``torch.optim.Adagrad`` (dots) lie on top
# of each other; the run with :math:`\eta = 0.01` hardly improves. Middle: the effective learning
# rates fall quickly while the gradients are large, and differently for the weight and the bias,
# because their gradients differ. Once the model has converged the gradients are close to zero, so
# the sums hardly grow and the curves flatten; they never go up again. Right: the fitted line.
import matplotlib.pyplot as plt

from deeplearn_notes import plot_curve, plot_regression_fit

fig, axes = plt.subplots(1, 3, figsize=(14, 4))
plot_curve(
    hand_losses, label="by hand, lr=0.5", ax=axes[0], xlabel="step", ylabel="MSE loss", logy=True
)
axes[0].plot(range(1, steps + 1, 5), history.train_loss[::5], "o", label="torch.optim.Adagrad")
axes[0].plot(range(1, steps + 1), slow_history.train_loss, label="torch.optim.Adagrad, lr=0.01")
axes[0].legend()
axes[0].set_title("Loss")

eff = torch.tensor(effective_lrs)  # (steps, 2)
plot_curve(
    {"weight": eff[:, 0], "bias": eff[:, 1]},
    ax=axes[1],
    xlabel="step",
    ylabel="effective learning rate",
    logy=True,
)
axes[1].set_title("lr / (sqrt(G) + eps)")

plot_regression_fit(x, y, model(x).detach(), ax=axes[2], label=f"y = {w_t:.2f}x + {b_t:.2f}")
axes[2].set_title("Fitted line")
fig.tight_layout()

# %%
# Conclusion
# ----------
#
# AdaGrad adapts the step size of each parameter, but its sum of squared gradients never stops
# growing, so in long training runs the steps become too small. RMSprop and Adam replace the sum
# with an exponential moving average, which forgets old gradients; see
# :ref:`sphx_glr_auto_examples_optimization_plot_optimizers.py`. Another way to control the step
# size over time is a learning-rate scheduler:
# :ref:`sphx_glr_auto_examples_optimization_plot_lr_schedulers.py`.
