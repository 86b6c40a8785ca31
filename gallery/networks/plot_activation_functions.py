r"""
Activation functions and their derivatives
==========================================

Without a non-linear activation function, a stack of linear layers is still one linear function.
This example plots four common activation functions, ReLU, Sigmoid, Tanh and Softplus, together
with their derivatives. Autograd computes the derivatives for us, so we do not need to write the
formulas. The derivatives matter because backpropagation multiplies by them in every layer.

The last part explains Softmax, which turns a vector of scores into probabilities. The reference
page :doc:`/activations` covers each function in more detail, and the plots use
:func:`deeplearn_notes.plot_functions`.
"""

# %%
# Four activation functions
# -------------------------
#
# Each function works element by element, so the output has the same shape as the input. We
# evaluate them on 200 points between -5 and 5. ``torch.nn.functional`` holds the function form
# of each layer (``torch.nn.ReLU`` and so on).
import torch
import torch.nn.functional as F

from deeplearn_notes import get_device, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

activations = {
    "ReLU": F.relu,
    "Sigmoid": torch.sigmoid,
    "Tanh": torch.tanh,
    "Softplus": F.softplus,
}
x = torch.linspace(-5, 5, 200, device=device)
print(f"x: {tuple(x.shape)}, from {x[0].item():.1f} to {x[-1].item():.1f}")

# %%
# Derivatives with autograd
# -------------------------
#
# Every output element depends only on the input element at the same position. So the gradient
# of ``f(x).sum()`` with respect to ``x`` is exactly the derivative :math:`f'(x)` at every point.
# ``torch.autograd.grad`` returns this gradient without storing it in ``x.grad``. The plot helper
# evaluates functions under ``torch.no_grad()``, so we switch gradient tracking back on inside.


def derivative(fn, x):
    """Return f'(x) element by element, computed by autograd."""
    x = x.detach().requires_grad_(True)
    with torch.enable_grad():
        (grad,) = torch.autograd.grad(fn(x).sum(), x)
    return grad


points = torch.tensor([-2.0, 0.0, 2.0], device=device)
print(f"{'':<10}" + "".join(f"f'({p:+.0f})".rjust(10) for p in points.tolist()))
for name, fn in activations.items():
    values = derivative(fn, points).tolist()
    print(f"{name:<10}" + "".join(f"{v:10.4f}" for v in values))

# sphinx_gallery_start_ignore
s = torch.sigmoid(x)
assert torch.allclose(derivative(torch.sigmoid, x), s * (1 - s))
assert torch.allclose(derivative(torch.tanh, x), 1 - torch.tanh(x) ** 2, atol=1e-6)
assert torch.allclose(derivative(F.softplus, x), torch.sigmoid(x))
# sphinx_gallery_end_ignore

# %%
# What the derivatives tell us
# ----------------------------
#
# The derivative of Sigmoid is at most 0.25, and the derivatives of Sigmoid and Tanh are almost
# zero for large inputs: the function *saturates*. Backpropagation multiplies these small numbers
# layer after layer, so the gradient can vanish in a deep network. ReLU has derivative 1 for every
# positive input, which is one reason why it is the usual default. At exactly 0 ReLU has no
# derivative; PyTorch uses 0 there. Softplus, :math:`\log(1 + e^x)`, is a smooth version of ReLU,
# and its derivative is the Sigmoid function.
import matplotlib.pyplot as plt

from deeplearn_notes import plot_functions

fig, axes = plt.subplots(2, 2, figsize=(9, 7), sharex=True)
for ax, (name, fn) in zip(axes.flat, activations.items(), strict=True):
    plot_functions({name: fn, f"{name} derivative": lambda t, fn=fn: derivative(fn, t)}, x, ax=ax)
    ax.set_title(name)
fig.tight_layout()

# %%
# Softmax turns scores into probabilities
# ---------------------------------------
#
# A classifier's last layer outputs one score (a *logit*) per class. Softmax maps a vector
# :math:`z` to :math:`\mathrm{softmax}(z)_i = e^{z_i} / \sum_j e^{z_j}`. Every output is between
# 0 and 1 and the outputs sum to 1, so we can read them as probabilities. A larger score always
# gets a larger probability.
logits = torch.tensor([2.0, 1.0, 0.5], device=device)
probs = torch.softmax(logits, dim=0)
print("logits:       ", [f"{v:.4f}" for v in logits.tolist()])
print("probabilities:", [f"{v:.4f}" for v in probs.tolist()])
print(f"sum: {probs.sum().item():.4f}")

# %%
# Adding a constant changes nothing
# ---------------------------------
#
# Adding the same number :math:`c` to every score multiplies the numerator and the denominator
# by :math:`e^c`, so the probabilities stay the same. PyTorch uses this: it subtracts the largest
# score before taking the exponential, so large scores do not overflow. A naive formula returns
# ``nan`` here, because :math:`e^{1000}` is infinite in float32.
shifted = torch.softmax(logits + 1000, dim=0)
print("softmax(logits + 1000):", [f"{v:.4f}" for v in shifted.tolist()])

big = logits + 1000
naive = torch.exp(big) / torch.exp(big).sum()
print("naive exp(z) / sum(exp(z)):", naive.tolist())

# sphinx_gallery_start_ignore
assert torch.allclose(shifted, probs)
assert torch.isnan(naive).all()
# sphinx_gallery_end_ignore

# %%
# Softmax on a batch
# ------------------
#
# For a batch of shape ``(N, num_classes)``, use ``dim=1`` so that each row (one sample) sums
# to 1. With ``dim=0`` each column would sum to 1 instead, which is a common mistake.
batch = torch.tensor([[2.0, 1.0, 0.5], [0.0, 0.0, 3.0]], device=device)
row_probs = torch.softmax(batch, dim=1)
print("row sums with dim=1:", [f"{v:.4f}" for v in row_probs.sum(dim=1).tolist()])
print("row sums with dim=0:", [f"{v:.4f}" for v in torch.softmax(batch, dim=0).sum(dim=1).tolist()])

# %%
# Conclusion
# ----------
#
# ReLU is the usual choice for hidden layers; Sigmoid and Tanh saturate, which can make gradients
# vanish. Softmax belongs at the output of a classifier, but in PyTorch you usually do not apply
# it yourself: ``torch.nn.CrossEntropyLoss`` takes the raw scores and applies a stable
# log-softmax inside (see :doc:`/losses`). The next example uses ReLU in a hidden layer:
# :ref:`sphx_glr_auto_examples_networks_plot_regression_hidden_layer.py`.
