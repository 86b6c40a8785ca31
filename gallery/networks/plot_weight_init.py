r"""
Weight initialization in a deep network
=======================================

Before training starts, every weight of a network holds a random number. How large those numbers
are decides whether a signal survives the trip through many layers. This example sends a batch
through a network of 20 layers, 256 units wide, and measures the standard deviation of the
activations after every layer, and of the gradients that come back. It compares four schemes:
PyTorch's default, a small normal distribution :math:`\mathcal{N}(0, 0.01^2)`, Xavier (Glorot)
initialization and Kaiming (He) initialization, once with tanh and once with ReLU.

A layer with :math:`n_\text{in}` inputs multiplies the variance of its input by about
:math:`n_\text{in} \operatorname{Var}(w)`. Over 20 layers a factor a little below 1 becomes
tiny and a factor a little above 1 becomes huge. The section :ref:`nn-basics-weight-init` of
:doc:`/nn_basics` derives the formulas.
"""

# %%
# A deep network
# --------------
#
# The network is 20 linear layers of width 256, each followed by the same activation function.
# The input is a batch of 512 random vectors whose entries have standard deviation 1, so every
# change of scale comes from the network itself.
import torch
from torch import nn

from deeplearn_notes import get_device, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

depth, width = 20, 256


def build(activation):
    """20 × (Linear(256, 256) → activation), with PyTorch's default initialization."""
    layers = []
    for _ in range(depth):
        layers += [nn.Linear(width, width), activation()]
    return nn.Sequential(*layers)


x = torch.randn(512, width, device=device)
print(f"input: {tuple(x.shape)}, std {x.std().item():.3f}")

# %%
# Four initialization schemes
# ---------------------------
#
# Each scheme is a function that re-initializes one module. ``model.apply(fn)`` calls it on every
# module of the network, so it checks the module's type first. The three explicit schemes set the
# biases to zero. ``xavier_uniform_`` draws from a uniform distribution with variance
# :math:`2 / (n_\text{in} + n_\text{out})`; ``kaiming_normal_`` draws from a normal distribution
# with variance :math:`2 / n_\text{in}` (the 2 makes up for ReLU, which zeroes half of its inputs).


def small_normal(module):
    if isinstance(module, nn.Linear):
        nn.init.normal_(module.weight, mean=0.0, std=0.01)
        nn.init.zeros_(module.bias)


def xavier(module):
    if isinstance(module, nn.Linear):
        nn.init.xavier_uniform_(module.weight)
        nn.init.zeros_(module.bias)


def kaiming(module):
    if isinstance(module, nn.Linear):
        nn.init.kaiming_normal_(module.weight, mode="fan_in", nonlinearity="relu")
        nn.init.zeros_(module.bias)


schemes = {
    "PyTorch default": None,
    "normal, std 0.01": small_normal,
    "Xavier uniform": xavier,
    "Kaiming normal": kaiming,
}
for name, init_fn in schemes.items():
    model = build(nn.ReLU)
    if init_fn is not None:
        model.apply(init_fn)
    print(f"{name:<17} std of the first layer's weights: {model[0].weight.std().item():.4f}")

# %%
# Measure activations and gradients
# ---------------------------------
#
# We run the layers one by one and record the standard deviation after each activation. For the
# backward pass, ``h.backward(g)`` sends a random gradient ``g`` (standard deviation 1) into the
# last layer, as a loss would, and autograd carries it back. The standard deviation of each
# layer's weight gradient shows how strongly that layer would be updated.


def measure(activation, init_fn):
    torch.manual_seed(0)  # the same random weights before re-initialization, in every run
    model = build(activation).to(device)
    if init_fn is not None:
        model.apply(init_fn)
    act_std, h = [], x
    for layer in model:
        h = layer(h)
        if not isinstance(layer, nn.Linear):
            act_std.append(h.std().item())
    h.backward(torch.randn(h.shape, generator=torch.Generator().manual_seed(1)).to(device))
    grad_std = [m.weight.grad.std().item() for m in model if isinstance(m, nn.Linear)]
    return act_std, grad_std


results = {}
for act_name, activation in [("tanh", nn.Tanh), ("ReLU", nn.ReLU)]:
    for name, init_fn in schemes.items():
        results[act_name, name] = measure(activation, init_fn)

# %%
# The numbers
# -----------
#
# The table shows the activations' standard deviation after layers 1, 10 and 20, and the
# standard deviation of the weight gradient of layers 1 and 20. A good scheme keeps both about
# constant from layer to layer.
print(f"{'':23}{'activation std':^30}{'weight-gradient std':^20}")
columns = ["layer 1", "layer 10", "layer 20", "layer 1", "layer 20"]
print(f"{'network, scheme':23}" + "".join(f"{c:>10}" for c in columns))
for (act_name, name), (act_std, grad_std) in results.items():
    print(
        f"{act_name + ', ' + name:23}{act_std[0]:10.2e}{act_std[9]:10.2e}{act_std[19]:10.2e}"
        f"{grad_std[0]:10.2e}{grad_std[19]:10.2e}"
    )

# sphinx_gallery_start_ignore
relu_kaiming, relu_default = results["ReLU", "Kaiming normal"], results["ReLU", "PyTorch default"]
assert 0.3 < relu_kaiming[0][19] < 3, relu_kaiming
assert relu_default[1][0] < 1e-3 * relu_default[1][19], relu_default
assert results["tanh", "normal, std 0.01"][0][19] < 1e-10
# sphinx_gallery_end_ignore

# %%
# Activations layer by layer
# --------------------------
#
# The vertical axis is logarithmic, so a constant factor per layer gives a straight line. With
# the small normal distribution the signal shrinks by the same factor in every layer (about 6
# with tanh, 9 with ReLU) and is gone after a few layers. With PyTorch's default it shrinks
# until only the random biases are left. Only Kaiming keeps the ReLU network's activations
# level.
import matplotlib.pyplot as plt


def plot_per_layer(index, titles):
    """Plot results[...][index] against the layer number, one panel per network."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
    for ax, act_name, title in zip(axes, ["tanh", "ReLU"], titles, strict=True):
        for name in schemes:
            values = results[act_name, name][index]
            ax.plot(range(1, depth + 1), values, marker="o", markersize=3, label=name)
        ax.set_yscale("log")
        ax.set_xticks([1, 5, 10, 15, 20])
        ax.set_xlabel("layer")
        ax.set_title(title)
        ax.grid(True, alpha=0.3)
    axes[0].set_ylabel("standard deviation")
    axes[1].legend()
    fig.tight_layout()


plot_per_layer(0, ["Tanh network: activation std", "ReLU network: activation std"])
plt.show()

# %%
# Gradients layer by layer
# ------------------------
#
# The gradient tells the same story backwards. With the default initialization, the first layer
# gets a gradient thousands of times smaller than the last layer in the tanh network, and about
# a million times smaller in the ReLU network, so the first layers would barely learn. With a
# small normal distribution the gradient is tiny everywhere. Xavier keeps the tanh network's
# gradients level, and Kaiming the ReLU network's. Xavier on the ReLU network gives level
# gradients too, but hundreds of times smaller than Kaiming's.
plot_per_layer(1, ["Tanh network: weight-gradient std", "ReLU network: weight-gradient std"])
plt.show()

# %%
# Xavier on ReLU, Kaiming on tanh
# -------------------------------
#
# Xavier's formula assumes an activation that passes its input through unchanged near zero, as
# tanh does. ReLU sets half of its inputs to zero, which halves the variance in every layer:
# from layer 1 to layer 20 the ReLU network's activations with Xavier shrink by a factor of
# several hundred (:math:`\sqrt{2}^{19} \approx 724` in theory). Kaiming's factor 2 undoes
# exactly this. On the tanh network Kaiming's weights are a little too large; tanh's saturation
# keeps the activations bounded, but the gradients grow towards the first layer.
for act_name in ["tanh", "ReLU"]:
    for name in ["Xavier uniform", "Kaiming normal"]:
        act_std = results[act_name, name][0]
        print(
            f"{act_name:5} {name:15} activation std: layer 1 {act_std[0]:.3f}, "
            f"layer 20 {act_std[19]:.2e}, ratio {act_std[0] / act_std[19]:.1f}"
        )

# %%
# The gain
# --------
#
# ``nn.init.calculate_gain`` returns the factor by which an activation function should scale the
# standard deviation: :math:`\sqrt{2}` for ReLU, :math:`5/3` for tanh. Passing it as ``gain`` to
# ``xavier_uniform_`` keeps even tanh's activations level: tanh shrinks values away from zero,
# and the gain makes up for it. PyTorch's default for ``nn.Linear`` is Kaiming uniform with
# ``a=sqrt(5)``, a gain of :math:`\sqrt{1/3}`, which gives the bound :math:`1/\sqrt{n_\text{in}}`.
import math

for nonlinearity in ["linear", "sigmoid", "tanh", "relu"]:
    print(f"calculate_gain({nonlinearity!r}) = {nn.init.calculate_gain(nonlinearity):.4f}")
gain_default = nn.init.calculate_gain("leaky_relu", math.sqrt(5))
print(f"PyTorch default: gain {gain_default:.4f}, bound {gain_default * math.sqrt(3 / width):.4f}")
print(f"1 / sqrt(256) = {1 / math.sqrt(width):.4f}")


def xavier_tanh(module):
    if isinstance(module, nn.Linear):
        nn.init.xavier_uniform_(module.weight, gain=nn.init.calculate_gain("tanh"))
        nn.init.zeros_(module.bias)


act_std, grad_std = measure(nn.Tanh, xavier_tanh)
print(
    f"tanh, Xavier with gain 5/3: activation std layer 1 {act_std[0]:.3f}, "
    f"layer 20 {act_std[19]:.3f}"
)

# %%
# Does it matter for training?
# ----------------------------
#
# We train the tanh network on the 8×8 digits (with a 64-input first layer and a 10-class output
# layer) for three epochs with SGD, once per scheme. Three epochs are enough to see the
# difference; a network whose signal has vanished does not learn at all.
from deeplearn_notes import fit, load_digits, make_loaders

train_set, test_set = load_digits(size=8, seed=0)


def digits_network(init_fn):
    torch.manual_seed(0)
    layers = [nn.Flatten(), nn.Linear(64, width), nn.Tanh()]
    for _ in range(depth - 1):
        layers += [nn.Linear(width, width), nn.Tanh()]
    model = nn.Sequential(*layers, nn.Linear(width, 10))
    if init_fn is not None:
        model.apply(init_fn)
    return model.to(device)


final = {}
for name, init_fn in schemes.items():
    model = digits_network(init_fn)
    train_loader, test_loader = make_loaders(train_set, test_set, batch_size=64, seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    history = fit(
        model,
        train_loader,
        loss_fn=nn.CrossEntropyLoss(),
        optimizer=optimizer,
        epochs=3,
        val_loader=test_loader,
        device=device,
    )
    final[name] = history.val_accuracy[-1]
    print(
        f"{name:<17} train loss {history.train_loss[-1]:.3f}, "
        f"test accuracy {100 * history.val_accuracy[-1]:.1f}%"
    )

# sphinx_gallery_start_ignore
assert final["Xavier uniform"] > 0.85, final
assert final["PyTorch default"] < 0.3, final
# sphinx_gallery_end_ignore

# %%
# Conclusion
# ----------
#
# The scale of the initial weights decides whether a deep network can learn at all. A layer
# multiplies the variance by :math:`n_\text{in} \operatorname{Var}(w)` (times a factor for the
# activation), so choose :math:`\operatorname{Var}(w)` to make that product 1: Xavier for tanh and
# sigmoid, Kaiming for ReLU. PyTorch's default is safe for a few layers but shrinks the signal
# in deep stacks. Batch normalization and skip connections, in
# :ref:`sphx_glr_auto_examples_cnn_plot_batchnorm_residual.py`, make deep networks far less
# sensitive to the initial scale. The activation functions themselves are compared in
# :ref:`sphx_glr_auto_examples_networks_plot_activation_functions.py`.
