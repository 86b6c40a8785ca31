r"""
Autograd internals: in-place errors, hooks, custom functions and backpropagation by hand
========================================================================================

This example looks inside the backward pass. It reproduces the error "one of the variables
needed for gradient computation has been modified by an inplace operation" and explains it with
version counters, and it shows when ``inplace=True`` is safe. It records activation and gradient
statistics of every layer with hooks, writes a custom ``torch.autograd.Function`` and checks it
with ``gradcheck``. Finally it writes the backward pass of a two-layer network by hand, compares
it with autograd, and trains the network with it on handwritten digits.

The reference page :doc:`/autograd` explains each idea with short snippets.
"""

# %%
# Setup
# -----
#
# Everything here runs in a second or two on a CPU; the models are small on purpose.
import torch

from deeplearn_notes import get_device, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

# %%
# Reproduce the in-place error
# ----------------------------
#
# The derivative of the sigmoid is computed from its output, :math:`\sigma'(a) = b(1 - b)` with
# :math:`b = \sigma(a)`, so autograd saves ``b`` for the backward pass together with its version
# counter. ``mul_`` changes ``b`` in place and increases the counter. ``backward()`` then finds a
# newer version than the one it saved and refuses to compute a wrong gradient.
a = torch.tensor([1.0, 2.0], device=device, requires_grad=True)
b = torch.sigmoid(a)
print(f"version of b after sigmoid: {b._version}")
b.mul_(2)
print(f"version of b after mul_:    {b._version}")
try:
    b.sum().backward()
except RuntimeError as error:
    print("RuntimeError:", str(error).split(" Hint:")[0])

# %%
# The fix: an out-of-place operation
# ------------------------------------
#
# The out-of-place form ``b = b * 2`` makes a new tensor and leaves the saved one unchanged. The
# gradient is then :math:`2\sigma(a)(1 - \sigma(a))`, which we can check by hand.
b = torch.sigmoid(a)
b = b * 2
b.sum().backward()
sig = torch.sigmoid(a.detach())
print(f"autograd: {a.grad[0].item():.4f} {a.grad[1].item():.4f}")
by_hand = 2 * sig * (1 - sig)
print(f"by hand:  {by_hand[0].item():.4f} {by_hand[1].item():.4f}")

# %%
# When is ``inplace=True`` safe?
# ------------------------------
#
# It depends on the layer before the in-place layer. Linear, convolution and batch-normalisation
# layers compute their gradients from their inputs, so the next layer may overwrite their output.
# Sigmoid, tanh and exp save their outputs, so an in-place layer after them breaks the backward
# pass. We build each stack, run a forward and a backward pass, and report what happens.
from torch import nn

stacks = {
    "Linear -> ReLU(inplace)": [nn.Linear(4, 4), nn.ReLU(inplace=True)],
    "Linear -> BatchNorm -> ReLU(inplace)": [
        nn.Linear(4, 4),
        nn.BatchNorm1d(4),
        nn.ReLU(inplace=True),
    ],
    "Linear -> Sigmoid -> ReLU(inplace)": [nn.Linear(4, 4), nn.Sigmoid(), nn.ReLU(inplace=True)],
    "Linear -> Tanh -> Dropout(inplace)": [nn.Linear(4, 4), nn.Tanh(), nn.Dropout(inplace=True)],
}
for name, layers in stacks.items():
    model = nn.Sequential(*layers, nn.Linear(4, 1)).to(device)
    try:
        model(torch.randn(8, 4, device=device)).sum().backward()
        result = "backward works"
    except RuntimeError:
        result = "RuntimeError"
    print(f"{name:38s} {result}")

# %%
# Tensor hooks: inspect and change a gradient
# -------------------------------------------
#
# ``register_hook`` calls a function with the gradient of an intermediate tensor while the
# backward pass runs. Here a hook records the gradient at the hidden activations of a small
# network; it equals what ``retain_grad()`` keeps. A second hook returns a changed gradient, which
# then flows on to the earlier layers: it clips every element to :math:`[-0.01, 0.01]`.
torch.manual_seed(0)
layer1, layer2 = nn.Linear(3, 5).to(device), nn.Linear(5, 2).to(device)
inputs = torch.randn(4, 3, device=device)
targets = torch.tensor([0, 1, 1, 0], device=device)

hidden = torch.relu(layer1(inputs))
hidden.retain_grad()
recorded = []
handle = hidden.register_hook(lambda grad: recorded.append(grad.clone()))
nn.functional.cross_entropy(layer2(hidden), targets).backward()
handle.remove()
print(f"hook saw a gradient of shape {tuple(recorded[0].shape)}")
print(f"same as retain_grad: {torch.equal(recorded[0], hidden.grad)}")
print(f"largest gradient element: {recorded[0].abs().max().item():.4f}")

layer1.zero_grad()
clipped = torch.relu(layer1(inputs))
clipped.register_hook(lambda grad: grad.clamp(-0.01, 0.01))
nn.functional.cross_entropy(layer2(clipped), targets).backward()
print(f"layer1 weight gradient norm with the clipping hook: {layer1.weight.grad.norm().item():.4f}")

# %%
# Module hooks: statistics of every layer
# ---------------------------------------
#
# A forward hook sees each layer's output; a full backward hook sees the gradient with respect to
# it. A hook should return ``None``: a value returned by a forward hook replaces the layer's output.
# We register both hooks on the activation layers of deep networks (eight hidden layers of 64
# units) and pass one batch of 256 digits (8×8 pixels) forward and backward. We hook the
# activations rather than the first ``Linear`` layer: its input, the batch, needs no gradient, and
# a full backward hook there would warn about it.
from deeplearn_notes import load_digits

train_set, test_set = load_digits(size=8, seed=0)
x_batch, y_batch = (t[:256].to(device) for t in train_set.tensors)


def deep_net(activation, init=None, depth=8, width=64):
    layers, size = [nn.Flatten()], 64
    for _ in range(depth):
        linear = nn.Linear(size, width)
        if init is not None:
            init(linear.weight)
            nn.init.zeros_(linear.bias)
        layers += [linear, activation()]
        size = width
    return nn.Sequential(*layers, nn.Linear(size, 10))


def layer_statistics(model):
    acts = [m for m in model if not isinstance(m, (nn.Linear, nn.Flatten))]
    stds, norms = {}, {}

    def forward_hook(module, inputs, output):
        stds[module] = output.std().item()

    def backward_hook(module, grad_input, grad_output):
        norms[module] = grad_output[0].norm().item()

    handles = [m.register_forward_hook(forward_hook) for m in acts]
    handles += [m.register_full_backward_hook(backward_hook) for m in acts]
    nn.functional.cross_entropy(model(x_batch), y_batch).backward()
    for handle in handles:
        handle.remove()
    return [stds[m] for m in acts], [norms[m] for m in acts]


# %%
# Vanishing gradients, layer by layer
# -----------------------------------
#
# The table shows the first and the last hidden layer. With PyTorch's default initialisation
# (see :doc:`/nn_basics`) the gradient shrinks on its way back to the first layer for every
# activation, by about a million times with the sigmoid: the **vanishing gradient** problem. The
# sigmoid's derivative is at most 0.25, and every layer multiplies by it. With a weight
# initialization made for ReLU (Kaiming, or He, initialisation: ``nn.init.kaiming_normal_``) both
# the activations and the gradients keep their size through all eight layers.
from functools import partial

kaiming = partial(nn.init.kaiming_normal_, nonlinearity="relu")
networks = {
    "Sigmoid": (nn.Sigmoid, None),
    "Tanh": (nn.Tanh, None),
    "ReLU": (nn.ReLU, None),
    "ReLU, Kaiming initialisation": (nn.ReLU, kaiming),
}
results = {}
for name, (activation, init) in networks.items():
    torch.manual_seed(0)
    results[name] = layer_statistics(deep_net(activation, init).to(device))
    stds, norms = results[name]
    print(
        f"{name:28s} activation std: layer 1 {stds[0]:.2f}, layer 8 {stds[-1]:.2f} | "
        f"gradient norm: layer 1 {norms[0]:.1e}, layer 8 {norms[-1]:.1e}"
    )

# %%
# Plot the statistics
# -------------------
#
# Each line is one network; the gradient axis is logarithmic.
import matplotlib.pyplot as plt

fig, (ax_act, ax_grad) = plt.subplots(1, 2, figsize=(10, 4))
for name, (stds, norms) in results.items():
    layers = range(1, len(stds) + 1)
    ax_act.plot(layers, stds, marker="o", label=name)
    ax_grad.plot(layers, norms, marker="o", label=name)
ax_act.set_title("Activation standard deviation")
ax_grad.set_title("Gradient norm at each activation")
ax_grad.set_yscale("log")
for ax in (ax_act, ax_grad):
    ax.set_xlabel("hidden layer")
    ax.legend()
fig.tight_layout()
plt.show()

# %%
# A custom autograd function
# --------------------------
#
# A ``torch.autograd.Function`` defines both passes. ``forward`` saves what ``backward`` needs with
# ``ctx.save_for_backward``; ``backward`` receives the gradient of the loss with respect to the
# output and returns the gradient with respect to each input. Softplus,
# :math:`\log(1 + e^x)`, has the sigmoid as its derivative. ``gradcheck`` compares ``backward``
# with finite differences; it needs ``float64`` inputs.


class Softplus(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.log1p(torch.exp(x))

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * torch.sigmoid(x)


x = torch.randn(6, dtype=torch.float64, device=device, requires_grad=True)
print(f"gradcheck(Softplus): {torch.autograd.gradcheck(Softplus.apply, (x,))}")
same = torch.allclose(Softplus.apply(x), nn.functional.softplus(x))
print(f"same values as torch.nn.functional.softplus: {same}")

# %%
# A straight-through estimator
# ----------------------------
#
# A straight-through estimator clamps in the forward pass but passes the gradient through
# unchanged, as if the function were the identity. Networks with quantised weights are trained
# this way. ``gradcheck`` correctly reports that this is not the derivative of a clamp.


class ClampStraightThrough(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x.clamp(-1.0, 1.0)

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output


x = torch.tensor([-2.0, 0.5, 3.0], dtype=torch.float64, device=device, requires_grad=True)
ClampStraightThrough.apply(x).sum().backward()
print(f"straight-through gradient: {x.grad.tolist()}")
x.grad = None
x.clamp(-1.0, 1.0).sum().backward()
print(f"true gradient of clamp:    {x.grad.tolist()}")
check = torch.autograd.gradcheck(ClampStraightThrough.apply, (x,), raise_exception=False)
print(f"gradcheck(ClampStraightThrough): {check}")

# %%
# The backward pass of a two-layer network by hand
# ------------------------------------------------
#
# The network is :math:`Z_1 = X W_1^\top + b_1`, :math:`A_1 = \tanh(Z_1)`,
# :math:`Z_2 = A_1 W_2^\top + b_2`, followed by the mean cross-entropy. Going backwards:
# :math:`G_2 = (\mathrm{softmax}(Z_2) - Y)/N`, :math:`\partial L/\partial W_2 = G_2^\top A_1`,
# :math:`G_1 = (G_2 W_2) \odot (1 - A_1^2)`, :math:`\partial L/\partial W_1 = G_1^\top X`, and each
# bias gradient is the column sum of its :math:`G`. We compare with autograd in ``float64`` on
# 256 digits.
import torch.nn.functional as F


def forward(params, X):
    W1, b1, W2, b2 = params
    A1 = torch.tanh(X @ W1.T + b1)  # (N, H)
    return A1, A1 @ W2.T + b2  # (N, H), (N, C) logits


def backward_by_hand(params, X, y, A1, logits):
    W2 = params[2]  # of the parameters, only W2 is needed
    G2 = (logits.softmax(dim=1) - F.one_hot(y, logits.shape[1])) / len(X)  # (N, C)
    G1 = (G2 @ W2) * (1 - A1**2)  # (N, H)
    return [G1.T @ X, G1.sum(dim=0), G2.T @ A1, G2.sum(dim=0)]


def init_params(hidden=32, dtype=torch.float32):
    gen = torch.Generator().manual_seed(0)
    shapes = [(hidden, 64), (hidden,), (10, hidden), (10,)]
    scales = [64**-0.5, 0.0, hidden**-0.5, 0.0]
    return [
        (torch.randn(s, generator=gen) * c).to(device, dtype)
        for s, c in zip(shapes, scales, strict=True)
    ]


params = [p.requires_grad_() for p in init_params(dtype=torch.float64)]
X64 = x_batch.flatten(start_dim=1).double()
A1, logits = forward(params, X64)
F.cross_entropy(logits, y_batch).backward()
with torch.no_grad():
    by_hand = backward_by_hand(params, X64, y_batch, A1, logits)
for name, g, p in zip(["W1", "b1", "W2", "b2"], by_hand, params, strict=True):
    diff = (g - p.grad).abs().max().item()
    print(f"{name}: shape {tuple(g.shape)!s:9s} max |by hand - autograd| = {diff:.1e}")

# sphinx_gallery_start_ignore
for g, p in zip(by_hand, params, strict=True):
    assert torch.allclose(g, p.grad, rtol=1e-10, atol=1e-12)
# sphinx_gallery_end_ignore

# %%
# Train with the hand-written backward pass
# -----------------------------------------
#
# The gradients are right, so we can train with them. Two copies of the network start from the
# same weights: one is updated with our gradients, the other with autograd's, both by plain
# mini-batch gradient descent with learning rate 0.5. Their losses should agree up to rounding.
from torch.utils.data import DataLoader

generator = torch.Generator().manual_seed(0)
loader = DataLoader(train_set, batch_size=64, shuffle=True, generator=generator)
mine = init_params()
auto = [p.clone().requires_grad_() for p in mine]
loss_mine, loss_auto = [], []
for _ in range(15):  # epochs
    for images, labels in loader:
        X, y = images.flatten(start_dim=1).to(device), labels.to(device)
        A1, logits = forward(mine, X)
        loss_mine.append(F.cross_entropy(logits, y).item())
        grads = backward_by_hand(mine, X, y, A1, logits)
        loss = F.cross_entropy(forward(auto, X)[1], y)
        loss_auto.append(loss.item())
        auto_grads = torch.autograd.grad(loss, auto)
        with torch.no_grad():
            for p, g, q, h in zip(mine, grads, auto, auto_grads, strict=True):
                p -= 0.5 * g
                q -= 0.5 * h
print(f"steps: {len(loss_mine)}")
print(f"final loss: by hand {loss_mine[-1]:.4f}, autograd {loss_auto[-1]:.4f}")

# %%
# Test accuracy and loss curves
# -----------------------------
#
# The test set is used once, to measure the trained network. The two loss curves lie on top of
# each other.
X_test, y_test = (t.to(device) for t in test_set.tensors)
with torch.no_grad():
    predictions = forward(mine, X_test.flatten(start_dim=1))[1].argmax(dim=1)
test_acc = (predictions == y_test).float().mean()
print(f"test accuracy of the hand-trained network: {test_acc.item():.2%}")

# sphinx_gallery_start_ignore
assert test_acc.item() > 0.9, test_acc
assert abs(loss_mine[-1] - loss_auto[-1]) < 1e-3
# sphinx_gallery_end_ignore

fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(loss_mine, label="backward pass by hand")
ax.plot(loss_auto, linestyle="--", label="autograd")
ax.set_xlabel("step")
ax.set_ylabel("training loss")
ax.set_title("Two-layer network trained with hand-written gradients")
ax.legend()
fig.tight_layout()
plt.show()

# %%
# Conclusion
# ----------
#
# Autograd saves tensors from the forward pass and checks their version counters before it uses
# them, so an in-place change of a saved tensor gives an error rather than a wrong gradient;
# ``inplace=True`` is safe after linear, convolution and normalisation layers. Hooks read or change
# gradients and activations without touching the model's code, which makes vanishing gradients
# visible. A ``torch.autograd.Function`` lets you write a backward pass yourself, and
# ``gradcheck`` in ``float64`` tells you whether it is the true derivative. The hand-written
# backward pass of a two-layer network matches autograd to rounding error. Next, see
# :doc:`/optimization` for what the optimiser does with these gradients, and
# :ref:`sphx_glr_auto_examples_optimization_plot_training_controls.py` for gradient clipping and
# other controls of training.
