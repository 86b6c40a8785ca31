r"""
Two ways to build the same network
==================================

PyTorch offers two common ways to define a network. You can write a subclass of
``torch.nn.Module`` with the layers in ``__init__`` and the computation in ``forward``, or you can
list the layers in a ``torch.nn.Sequential`` container. This example builds the same network
(2 inputs, 10 hidden ReLU units, 2 outputs) both ways and compares them.

You will see that the two models print differently and name their parameters differently, but
compute the same function once they hold the same weights. The reference page :doc:`/nn_basics`
explains modules, parameters and state dicts.
"""

# %%
# A subclass of ``nn.Module``
# ---------------------------
#
# The layers with parameters are attributes set in ``__init__``; ``forward`` says how the input
# flows through them. Always call ``super().__init__()`` first, so that PyTorch can register the
# layers. ReLU has no parameters, so we call the function ``torch.relu`` in ``forward``.
import torch
from torch import nn

from deeplearn_notes import get_device, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")


class Net(nn.Module):
    def __init__(self, n_feature: int, n_hidden: int, n_output: int) -> None:
        super().__init__()
        self.hidden = nn.Linear(n_feature, n_hidden)
        self.out = nn.Linear(n_hidden, n_output)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = torch.relu(self.hidden(x))  # (N, n_hidden)
        return self.out(x)  # (N, n_output)


net1 = Net(n_feature=2, n_hidden=10, n_output=2).to(device)

# %%
# The same network with ``nn.Sequential``
# ---------------------------------------
#
# ``nn.Sequential`` calls its layers one after the other, so we do not write ``forward``. Here
# ReLU must be a layer (``nn.ReLU()``), because there is no ``forward`` in which to call it.
net2 = nn.Sequential(
    nn.Linear(2, 10),
    nn.ReLU(),
    nn.Linear(10, 2),
).to(device)

# %%
# Print them side by side
# -----------------------
#
# The class shows the attribute names that we chose, ``hidden`` and ``out``. It does not show
# ReLU, because ReLU is a function call inside ``forward``. ``nn.Sequential`` numbers its layers
# 0, 1 and 2, and shows the ReLU layer.
left, right = str(net1).splitlines(), str(net2).splitlines()
width = max(len(line) for line in left) + 4
for i in range(max(len(left), len(right))):
    a = left[i] if i < len(left) else ""
    b = right[i] if i < len(right) else ""
    print(f"{a:<{width}}{b}")

# %%
# Different parameter names
# -------------------------
#
# Both models have the same number of parameters with the same shapes. Only the names in the
# *state dict* (the dictionary of all parameters and buffers) differ: they come from the
# attribute names or the positions in the ``nn.Sequential``.
from deeplearn_notes import count_parameters

print(f"parameters: net1 {count_parameters(net1)}, net2 {count_parameters(net2)}")
for name1, name2 in zip(net1.state_dict(), net2.state_dict(), strict=True):
    print(f"{name1:<15}{name2:<10}{tuple(net1.state_dict()[name1].shape)}")

# %%
# Copy the weights with a key mapping
# -----------------------------------
#
# The two models were initialised with different random numbers, so they compute different
# functions. ``load_state_dict`` copies weights, but the keys must match. We rename the keys of
# ``net1``'s state dict (``hidden.`` becomes ``0.``, ``out.`` becomes ``2.``) and load the result
# into ``net2``. By default ``load_state_dict`` is strict: a missing or unexpected key is an error.
x = torch.randn(5, 2, device=device)
with torch.no_grad():
    print(f"before: largest difference {(net1(x) - net2(x)).abs().max().item():.4f}")

rename = {"hidden.": "0.", "out.": "2."}
mapped = {}
for key, value in net1.state_dict().items():
    prefix, _, param = key.partition(".")
    mapped[rename[prefix + "."] + param] = value
result = net2.load_state_dict(mapped)
print(f"loaded keys: {list(mapped)}")
print(result)

# %%
# Same weights, same function
# ---------------------------
#
# Now both models give exactly the same outputs, because they perform the same operations with
# the same numbers.
with torch.no_grad():
    out1, out2 = net1(x), net2(x)
print(f"after: outputs equal: {torch.equal(out1, out2)}")
for row in out1.cpu().tolist()[:3]:
    print("  " + "  ".join(f"{v:+.4f}" for v in row))

# sphinx_gallery_start_ignore
assert torch.equal(out1, out2)
# sphinx_gallery_end_ignore

# %%
# Naming the layers of a ``nn.Sequential``
# ----------------------------------------
#
# ``nn.Sequential`` also accepts an ``OrderedDict`` of named layers. With the names ``hidden``
# and ``out`` its state dict has the same keys as ``net1``, so ``load_state_dict`` works without
# any mapping.
from collections import OrderedDict

net3 = nn.Sequential(OrderedDict(hidden=nn.Linear(2, 10), relu=nn.ReLU(), out=nn.Linear(10, 2))).to(
    device
)
net3.load_state_dict(net1.state_dict())
with torch.no_grad():
    print(f"net3 keys: {list(net3.state_dict())}")
    print(f"net3 outputs equal to net1: {torch.equal(net3(x), out1)}")

# %%
# Compare the two models in a figure
# ----------------------------------
#
# We evaluate both models on a grid of points and plot the first output of each. The two maps
# are identical, and so is their difference: zero everywhere.
import matplotlib.pyplot as plt

grid = torch.linspace(-3, 3, 101, device=device)
gx, gy = torch.meshgrid(grid, grid, indexing="xy")
points = torch.stack([gx.flatten(), gy.flatten()], dim=1)
with torch.no_grad():
    maps = [m(points)[:, 0].reshape(gx.shape).cpu().numpy() for m in (net1, net2)]

fig, axes = plt.subplots(1, 3, figsize=(12, 3.8))
titles = ["nn.Module subclass", "nn.Sequential", "difference"]
for ax, image, title in zip(axes, [*maps, maps[0] - maps[1]], titles, strict=True):
    shown = ax.imshow(image, origin="lower", extent=(-3, 3, -3, 3), cmap="viridis")
    fig.colorbar(shown, ax=ax)
    ax.set(title=title, xlabel="x1", ylabel="x2")
fig.tight_layout()

# %%
# Conclusion
# ----------
#
# Use ``nn.Sequential`` when the data simply flow through a list of layers; write a subclass of
# ``nn.Module`` when ``forward`` needs more, such as several inputs, skip connections or a
# reshape. :class:`deeplearn_notes.MLP` combines both: it is a subclass that keeps its layers in
# an ``nn.Sequential``. The state dict that we used here is also how a model is saved:
# :ref:`sphx_glr_auto_examples_networks_plot_save_and_load.py`.
