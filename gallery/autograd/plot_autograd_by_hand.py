r"""
Automatic differentiation by hand
=================================

Training needs the derivative of a loss with respect to every parameter. This example computes
derivatives with ``torch.autograd`` and checks them against derivatives worked out by hand. It also
answers a question from the source notes (why the gradient of a mean contains :math:`1/n`), shows
that gradients accumulate in ``.grad``, computes a vector–Jacobian product with ``backward(v)``, and
switches tracking off with ``torch.no_grad`` and ``detach``.

The reference page :doc:`/autograd` explains the computation graph in detail.
"""

# %%
# Setup
# -----
#
# Old code wraps tensors in ``torch.autograd.Variable``. That class is deprecated: today any tensor
# created with ``requires_grad=True`` is tracked by autograd.
import torch

from deeplearn_notes import get_device, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

# %%
# Derivatives of :math:`y = a^2 x + b x + c`
# ------------------------------------------
#
# We ask for the derivatives of :math:`y` with respect to :math:`a`, :math:`b` and :math:`c`. By
# hand, :math:`\partial y/\partial a = 2ax`, :math:`\partial y/\partial b = x` and
# :math:`\partial y/\partial c = 1`. ``torch.autograd.grad(y, inputs)`` returns the derivatives
# directly; it does not write them into ``.grad``.
x = torch.tensor(2.0, device=device)
a = torch.tensor(1.5, requires_grad=True, device=device)
b = torch.tensor(2.0, requires_grad=True, device=device)
c = torch.tensor(3.0, requires_grad=True, device=device)
y = a**2 * x + b * x + c
print("y:", y.item(), "| made by:", y.grad_fn.name())
grad_a, grad_b, grad_c = torch.autograd.grad(y, [a, b, c])
print(f"autograd: dy/da={grad_a.item():.4f}  dy/db={grad_b.item():.4f}  dy/dc={grad_c.item():.4f}")
print(f"by hand:  dy/da={2 * a.item() * x.item():.4f}  dy/db={x.item():.4f}  dy/dc={1.0:.4f}")
print("a.grad after autograd.grad:", a.grad)

# %%
# ``backward()`` stores the gradient in ``.grad``
# -----------------------------------------------
#
# In training we call ``loss.backward()`` instead: it computes the derivative of a scalar with
# respect to every leaf tensor that requires gradients and stores it in that tensor's ``.grad``.
# Here the scalar is the mean of :math:`x^2` over a :math:`2 \times 2` matrix.
w = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True, device=device)
out = torch.mean(w * w)
out.backward()
print("out:", out.item())
print("w.grad:")
print(w.grad)

# %%
# Why the gradient of a mean contains :math:`1/n`
# -----------------------------------------------
#
# The source notes ask why the gradient above is :math:`w/2`. The mean divides the sum by the number
# of elements :math:`n = 4`, and that constant factor stays in the derivative:
#
# .. math::
#
#    \text{out} = \frac{1}{n}\sum_{i=1}^{n} w_i^2
#    \quad\Rightarrow\quad
#    \frac{\partial\,\text{out}}{\partial w_i} = \frac{2 w_i}{n} = \frac{w_i}{2}.
#
# With ``sum`` instead of ``mean`` there is no :math:`1/n`, and the gradient is :math:`2w`. This is
# why the learning rate that suits a mean loss does not suit a summed loss.
n = w.numel()
print("by hand 2w/n:")
print(2 * w.detach() / n)
w_sum = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True, device=device)
(w_sum * w_sum).sum().backward()
print("gradient of the sum (2w):")
print(w_sum.grad)

# sphinx_gallery_start_ignore
assert torch.allclose(w.grad, w.detach() / 2)
assert torch.allclose(w_sum.grad, 2 * w_sum.detach())
# sphinx_gallery_end_ignore

# %%
# Gradients accumulate
# --------------------
#
# ``backward()`` *adds* the new gradient to ``.grad``; it does not replace it. Three backward passes
# without zeroing give three times the gradient. This is why a training loop calls
# ``optimizer.zero_grad()`` before each ``loss.backward()``. By hand, you reset the gradient with
# ``w.grad = None`` (or ``w.grad.zero_()``).
p = torch.tensor([1.0, -2.0], requires_grad=True, device=device)
for step in range(3):
    loss = (p**2).sum()  # d loss / dp = 2p
    loss.backward()
    print(f"after backward {step + 1}: p.grad = {p.grad.tolist()}")
p.grad = None
(p**2).sum().backward()
print("after p.grad = None and one backward:", p.grad.tolist())

# %%
# A non-scalar output needs ``backward(v)``
# -----------------------------------------
#
# When the output :math:`\mathbf{y}` is a vector, its derivative is a matrix, the Jacobian :math:`J`
# with :math:`J_{ij} = \partial y_i/\partial x_j`. Autograd never builds :math:`J`; it computes the
# *vector–Jacobian product* :math:`\mathbf{v}^\top J` for a vector :math:`\mathbf{v}` that you pass
# to ``backward``. For a scalar loss, :math:`\mathbf{v}` is simply 1. Here :math:`y_i = 2^{10} x_i`.
x = torch.tensor([-0.5, 0.25, 1.0], requires_grad=True, device=device)
y = x * 2**10
v = torch.tensor([0.1, 1.0, 0.0001], device=device)
y.backward(v)
print("x.grad:  ", [f"{g:.4f}" for g in x.grad.tolist()])
jacobian = torch.autograd.functional.jacobian(lambda t: t * 2**10, x.detach())
print("v @ J:   ", [f"{g:.4f}" for g in (v @ jacobian).tolist()])
print("J shape: ", tuple(jacobian.shape))

# sphinx_gallery_start_ignore
assert torch.allclose(x.grad, v @ jacobian)
# sphinx_gallery_end_ignore

# %%
# ``backward(torch.ones_like(y))`` is the gradient of ``y.sum()``
# ---------------------------------------------------------------
#
# With :math:`\mathbf{v} = (1, \dots, 1)`, the vector–Jacobian product sums the rows of :math:`J`.
# When each :math:`y_i` depends only on :math:`x_i`, as for an element-wise function, the result is
# the derivative at each point. We use this below to plot a derivative.
x = torch.tensor([0.0, 1.0, 2.0], requires_grad=True, device=device)
y = x**3
y.backward(torch.ones_like(y))
print("d(x^3)/dx at 0, 1, 2:", x.grad.tolist(), "| by hand 3x^2:", (3 * x.detach() ** 2).tolist())

# %%
# Switching tracking off: ``no_grad`` and ``detach``
# --------------------------------------------------
#
# Code that needs no gradients, such as evaluation or a manual parameter update, runs inside
# ``with torch.no_grad():``; results computed there are not tracked. ``detach()`` returns a tensor
# that shares the same data but is cut from the graph. Old code uses ``.data`` for this;
# ``detach()`` is the safe replacement, because autograd notices if the data it needs later was
# changed.
x = torch.tensor([1.0, 2.0], requires_grad=True, device=device)
print("x.requires_grad:", x.requires_grad, "| (x ** 2).requires_grad:", (x**2).requires_grad)
with torch.no_grad():
    print("inside no_grad, (x ** 2).requires_grad:", (x**2).requires_grad)
    x -= 0.1 * torch.ones_like(x)  # an update that autograd must not record
d = x.detach()
print(
    "x.detach().requires_grad:", d.requires_grad, "| shares memory:", d.data_ptr() == x.data_ptr()
)
print("for NumPy or matplotlib: x.detach().cpu().numpy() ->", x.detach().cpu().numpy())

# %%
# Plot a function and its autograd derivative
# -------------------------------------------
#
# We evaluate :math:`f(x) = \sin(x) + 0.1 x^2` and the sigmoid :math:`\sigma(x)` at 200 points, get
# the derivative at every point with one ``backward``, and compare it with the derivatives by hand,
# :math:`\cos(x) + 0.2x` and :math:`\sigma(x)(1 - \sigma(x))`. The dashed lines lie on the solid
# ones.
import matplotlib.pyplot as plt

functions = {
    "f(x) = sin(x) + 0.1 x^2": (
        lambda t: torch.sin(t) + 0.1 * t**2,
        lambda t: torch.cos(t) + 0.2 * t,
    ),
    "sigmoid(x)": (torch.sigmoid, lambda t: torch.sigmoid(t) * (1 - torch.sigmoid(t))),
}
fig, axes = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
errors = []
for ax, (name, (fn, by_hand)) in zip(axes, functions.items(), strict=True):
    x = torch.linspace(-6, 6, 200, device=device, requires_grad=True)
    y = fn(x)
    (grad,) = torch.autograd.grad(y.sum(), x)
    error = (grad - by_hand(x.detach())).abs().max().item()
    errors.append(error)
    print(f"{name:<24} largest difference from the derivative by hand: {error:.1e}")
    xs = x.detach().cpu().numpy()
    ax.plot(xs, y.detach().cpu().numpy(), label=name)
    ax.plot(xs, grad.cpu().numpy(), label="autograd derivative")
    ax.plot(xs, by_hand(x.detach()).cpu().numpy(), "k--", lw=1, label="derivative by hand")
    ax.set(title=name, xlabel="x")
    ax.legend()

# sphinx_gallery_start_ignore
assert max(errors) < 1e-5
# sphinx_gallery_end_ignore

# %%
# Conclusion
# ----------
#
# ``torch.autograd.grad`` returns derivatives, ``backward()`` accumulates them in ``.grad`` (so zero
# them between steps), a non-scalar output needs a vector ``v``, and ``no_grad`` and ``detach`` stop
# tracking. The next example,
# :ref:`sphx_glr_auto_examples_autograd_plot_linear_regression_numpy.py`, writes gradient descent
# for a straight line by hand. More details are on the reference page :doc:`/autograd`.
