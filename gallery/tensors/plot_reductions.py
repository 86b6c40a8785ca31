r"""
Maths and statistics along a dimension
======================================

This example shows element-wise maths, matrix multiplication and the *reductions* that turn many
values into fewer: ``sum``, ``mean``, ``min``, ``max``, ``argmax``, ``topk`` and norms. The key idea
is the ``dim`` argument: it names the dimension that is reduced, and ``keepdim=True`` keeps it with
size 1.

The reference page :doc:`/tensor_math` lists the operations.
"""

# %%
# Setup
# -----
import torch

from deeplearn_notes import get_device, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

# %%
# Element-wise operations
# -----------------------
#
# ``+``, ``-``, ``*``, ``/`` and ``**`` act on each element (``torch.add`` and ``torch.mul`` are the
# same operations). A method with a trailing ``_`` such as ``add_`` changes the tensor in place.
# Functions such as ``sqrt``, ``exp``, ``log`` and ``clamp`` are also applied to each element.
t = torch.tensor([1.0, 2.0, 3.0], device=device)
print("t + 10:", t + 10, "| torch.add(t, 10):", torch.add(t, 10))
print("t * t: ", t * t, "| t ** 2:", t**2)
print("t / 2: ", t / 2)
print("sqrt:  ", t.sqrt(), "| exp:", t.exp())
print("clamp(min=1.5, max=2.5):", t.clamp(1.5, 2.5))

# %%
# Matrix multiplication
# ---------------------
#
# ``*`` multiplies element by element. ``@`` (or ``torch.matmul``) is the matrix product: for two
# vectors it gives their dot product, a 0-dimensional tensor. ``torch.mm`` accepts only
# 2-dimensional matrices. For a batch of matrices, ``@`` multiplies matrix by matrix and broadcasts
# the batch dimensions.
print("t @ t:", (t @ t).item(), "| torch.matmul(t, t):", torch.matmul(t, t).item())
A = torch.tensor([[1.0, 2.0], [3.0, 4.0]], device=device)
print("A * A (element-wise):")
print(A * A)
print("A @ A (matrix product), same as torch.mm(A, A):")
print(A @ A)
batch = torch.rand(8, 4, 5, device=device)
weights = torch.rand(5, 3, device=device)
print("(8, 4, 5) @ (5, 3) ->", tuple((batch @ weights).shape))

# %%
# Reducing along a dimension
# --------------------------
#
# Consider scores of 4 students (rows) in 3 subjects (columns). Without ``dim`` a reduction uses all
# the elements. With ``dim=0`` it reduces the rows: you get one value per column (per subject). With
# ``dim=1`` it reduces the columns: one value per row (per student). The reduced dimension
# disappears from the shape.
scores = torch.tensor(
    [[60.0, 75.0, 90.0], [80.0, 65.0, 70.0], [95.0, 85.0, 60.0], [50.0, 90.0, 85.0]], device=device
)
print("scores:", tuple(scores.shape))
print("sum():        ", scores.sum().item())
print("mean(dim=0):  ", scores.mean(dim=0), tuple(scores.mean(dim=0).shape))
print("mean(dim=1):  ", scores.mean(dim=1), tuple(scores.mean(dim=1).shape))
print("sum(dim=1, keepdim=True):", tuple(scores.sum(dim=1, keepdim=True).shape))

# %%
# ``keepdim=True`` makes the result broadcast back
# ------------------------------------------------
#
# With ``keepdim=True`` the row sums have the shape ``(4, 1)``, which broadcasts against ``(4, 3)``.
# This divides each row by its own sum, so each row sums to 1. Without ``keepdim`` the shape
# ``(4,)`` would be aligned with the *columns* and the division would fail.
shares = scores / scores.sum(dim=1, keepdim=True)
print("row sums after normalising:", [f"{v:.4f}" for v in shares.sum(dim=1).tolist()])
try:
    scores / scores.sum(dim=1)
except RuntimeError as err:
    print("without keepdim:", err)

# %%
# ``min``, ``max`` and ``argmax``
# -------------------------------
#
# Without ``dim``, ``max`` returns one value and ``argmax`` the position in the flattened tensor.
# With ``dim``, ``max`` returns both the values and their indices. For a classifier's output of
# shape ``(N, classes)``, ``argmax(dim=1)`` is the predicted class of each sample; it is clearer
# than the older ``torch.max(out, 1)[1]``.
print("max():", scores.max().item(), "| argmax():", scores.argmax().item())
values, indices = scores.max(dim=1)
print("max(dim=1): values", values.tolist(), "indices", indices.tolist())
print(
    "argmax(dim=1):",
    scores.argmax(dim=1).tolist(),
    "| argmin(dim=0):",
    scores.argmin(dim=0).tolist(),
)
logits = torch.randn(6, 10, device=device)  # 6 samples, 10 classes
labels = torch.tensor([3, 1, 4, 1, 5, 9], device=device)
predicted = logits.argmax(dim=1)
accuracy = (predicted == labels).float().mean().item()
print("predicted:", predicted.tolist(), f"| accuracy: {accuracy:.4f}")

# %%
# ``topk``: the k largest values
# ------------------------------
#
# ``topk(k, dim)`` returns the ``k`` largest values along ``dim`` and their indices, largest first.
# With ``largest=False`` it returns the smallest. "Top-5 accuracy" counts a prediction as correct
# when the label is among the 5 classes with the highest scores.
top_values, top_indices = scores.topk(2, dim=1)
print("two best subjects of each student:", top_indices.tolist())
top5 = logits.topk(5, dim=1).indices
top5_accuracy = (top5 == labels.unsqueeze(1)).any(dim=1).float().mean().item()
print(f"top-5 accuracy: {top5_accuracy:.4f}")

# %%
# Integer tensors and statistics
# ------------------------------
#
# ``mean``, ``std`` and ``var`` need a floating point tensor: convert integers with ``.float()``.
# ``std`` divides by :math:`n - 1` by default (the sample standard deviation); pass ``correction=0``
# to divide by :math:`n`. ``median`` and ``prod`` are other reductions that take ``dim``.
x = torch.arange(0, 100, 10, device=device)
print("x.dtype:", x.dtype, "| x.float().mean():", x.float().mean().item())
xf = x.float()
print(f"std: {xf.std().item():.4f} | std(correction=0): {xf.std(correction=0).item():.4f}")
print("median:", x.median().item(), "| prod of 1..5:", torch.arange(1, 6).prod().item())

# %%
# Norms
# -----
#
# A norm measures the size of a vector. ``torch.linalg.vector_norm`` computes the L2 norm by default
# (the length), the L1 norm with ``ord=1`` (the sum of absolute values) and the maximum norm with
# ``ord=float("inf")``. With ``dim=1`` you get one norm per row, for example the length of each
# sample.
v = torch.tensor([3.0, -4.0], device=device)
for order in (1, 2, float("inf")):
    print(f"ord={order}: {torch.linalg.vector_norm(v, ord=order).item():.4f}")
print(
    "one norm per student:", [f"{n:.2f}" for n in torch.linalg.vector_norm(scores, dim=1).tolist()]
)
print(f"matrix (Frobenius) norm of A: {torch.linalg.matrix_norm(A).item():.4f}")

# sphinx_gallery_start_ignore
assert torch.allclose(shares.sum(dim=1), torch.ones(4, device=device))
assert torch.linalg.vector_norm(v).item() == 5.0
# sphinx_gallery_end_ignore

# %%
# Plot the reductions
# -------------------
#
# The left panel shows the score table. The two bar charts show the means along ``dim=0`` (one bar
# per subject) and along ``dim=1`` (one bar per student). The last panel shows all the 2-dimensional
# vectors whose L1, L2 and maximum norms equal 1.
import matplotlib.pyplot as plt

fig, axes = plt.subplots(1, 4, figsize=(14, 3.6), layout="constrained")
image = axes[0].imshow(scores.cpu().numpy(), cmap="viridis")
axes[0].set(
    title="scores (4, 3)",
    xlabel="dim=1: subject",
    ylabel="dim=0: student",
    xticks=range(3),
    yticks=range(4),
)
fig.colorbar(image, ax=axes[0])
axes[1].bar(range(3), scores.mean(dim=0).cpu().numpy(), color="tab:orange")
axes[1].set(title="scores.mean(dim=0) (3,)", xlabel="subject", ylabel="mean score", xticks=range(3))
axes[2].bar(range(4), scores.mean(dim=1).cpu().numpy(), color="tab:green")
axes[2].set(title="scores.mean(dim=1) (4,)", xlabel="student", ylabel="mean score", xticks=range(4))
angles = torch.linspace(0, 2 * torch.pi, 400)
directions = torch.stack([angles.cos(), angles.sin()], dim=1)  # (400, 2) unit-length directions
for order, label in [(1, "L1"), (2, "L2"), (float("inf"), "max")]:
    unit = directions / torch.linalg.vector_norm(directions, ord=order, dim=1, keepdim=True)
    axes[3].plot(unit[:, 0].numpy(), unit[:, 1].numpy(), label=f"{label} norm = 1")
axes[3].set(title="vectors of norm 1", xlabel="x[0]", ylabel="x[1]", aspect="equal")
axes[3].legend(fontsize="small", loc="upper right")

# %%
# Conclusion
# ----------
#
# ``dim`` names the dimension that a reduction removes, and ``keepdim=True`` keeps it with size 1 so
# that the result broadcasts back. Use ``argmax(dim=1)`` for predicted classes and convert integer
# tensors to floating point before ``mean``. Automatic differentiation, the next topic, starts in
# :ref:`sphx_glr_auto_examples_autograd_plot_autograd_by_hand.py`.
