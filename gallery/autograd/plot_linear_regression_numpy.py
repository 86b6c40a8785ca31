r"""
Linear regression from scratch with NumPy
=========================================

Before we let PyTorch compute gradients, we fit a straight line with nothing but NumPy. We write
the loss (the mean squared error), compute its gradient by hand and take many small gradient
descent steps. Every later example does the same three things (a loss, its gradient, an update);
only the gradient will come from PyTorch.

The data and the settings repeat an experiment from the source notes: 100 noisy points of
:math:`y = 2x + 3`, written to a CSV file and read back, 80 points for training and 20 for
testing. The functions :func:`~deeplearn_notes.scratch.compute_error`,
:func:`~deeplearn_notes.scratch.step_gradient` and
:func:`~deeplearn_notes.scratch.gradient_descent` come from the module
``deeplearn_notes.scratch``, which uses NumPy only. The reference page :doc:`/linear_models`
explains the model and the maths.
"""

# %%
# Make the data
# -------------
#
# We follow the notes exactly: seed 0, then :math:`x` uniform in :math:`[0, 1)` and standard
# normal noise. The notes call ``np.random.seed(0)`` and ``np.random.rand``; a
# ``np.random.RandomState(0)`` object gives the same numbers without changing NumPy's global
# state. New code should prefer ``np.random.default_rng(0)``, but that generator gives different
# numbers, and here we want to reproduce the notes' results. NumPy always runs on the CPU.
import numpy as np

print("device: cpu (NumPy always runs on the CPU)")

rng = np.random.RandomState(0)  # the same stream as np.random.seed(0)
n = 100
x = rng.rand(n)
y = 2 * x + 3 + rng.randn(n)
data = np.stack((x, y), axis=1)  # one row per point: (x, y)
print(f"data: shape {data.shape}, dtype {data.dtype}")

# %%
# Write a CSV file and read it back
# ---------------------------------
#
# The notes save the points to a CSV file and load them again, as you would do with real data.
# We write the file into a temporary folder that is deleted at the end of the block. The default
# format of ``np.savetxt`` keeps 18 significant digits, so the values come back unchanged.
import tempfile
from pathlib import Path

with tempfile.TemporaryDirectory() as tmp:
    csv_path = Path(tmp) / "data_fake.csv"
    np.savetxt(csv_path, data, delimiter=",")
    print(csv_path.read_text().splitlines()[0])  # the first line of the file
    points = np.loadtxt(csv_path, delimiter=",")

print(f"points: shape {points.shape}")
for px, py in points[:3]:
    print(f"x = {px:.4f}, y = {py:.4f}")

# sphinx_gallery_start_ignore
assert np.array_equal(points, data)
# sphinx_gallery_end_ignore

# %%
# Split into training and test points
# -----------------------------------
#
# The first 80 points train the model and the last 20 test it. The points are in random order,
# so this split is fair. The model is the line :math:`\hat{y} = wx + b`, and we start at
# :math:`b = w = 0`.
train, test = points[:80], points[80:]
print(f"train: {train.shape}, test: {test.shape}")

from deeplearn_notes.scratch import compute_error

print(f"error at b = 0, w = 0: {compute_error(0.0, 0.0, train):.4f}")

# %%
# One gradient descent step
# -------------------------
#
# The error is the mean squared error over the :math:`N` training points:
#
# .. math::
#
#    E(b, w) = \frac{1}{N} \sum_{i=1}^{N} \left(y_i - (w x_i + b)\right)^2
#
# Its partial derivatives are
# :math:`\partial E / \partial b = -\frac{2}{N} \sum_i (y_i - (w x_i + b))` and
# :math:`\partial E / \partial w = -\frac{2}{N} \sum_i x_i (y_i - (w x_i + b))`.
# One step moves :math:`b` and :math:`w` a little against these derivatives:
# :math:`b \leftarrow b - \eta \, \partial E / \partial b`, where :math:`\eta` is the learning
# rate. :func:`~deeplearn_notes.scratch.step_gradient` does exactly this.
from deeplearn_notes.scratch import step_gradient

learning_rate = 0.01
b, w = step_gradient(0.0, 0.0, train, learning_rate)
print(f"after one step: b = {b:.4f}, w = {w:.4f}, error = {compute_error(b, w, train):.4f}")

# %%
# Train for 1000 iterations
# -------------------------
#
# :func:`~deeplearn_notes.scratch.gradient_descent` repeats the step ``num_iterations`` times.
# We also run the same loop ourselves to record the training error after every step for the
# figure below.
from deeplearn_notes.scratch import gradient_descent

num_iterations = 1000
b, w = gradient_descent(
    train, b=0.0, w=0.0, learning_rate=learning_rate, num_iterations=num_iterations
)
print(f"final b = {b:.4f}, w = {w:.4f}")

errors = [compute_error(0.0, 0.0, train)]
b_loop, w_loop = 0.0, 0.0
for _ in range(num_iterations):
    b_loop, w_loop = step_gradient(b_loop, w_loop, train, learning_rate)
    errors.append(compute_error(b_loop, w_loop, train))
print(f"training error: {errors[0]:.4f} at the start, {errors[-1]:.4f} at the end")

# sphinx_gallery_start_ignore
assert np.isclose(b_loop, b) and np.isclose(w_loop, w)
assert abs(b - 3.2941) < 1e-3 and abs(w - 1.8882) < 1e-3  # the notes' result
# sphinx_gallery_end_ignore

# %%
# Evaluate on the test points
# ---------------------------
#
# The test error is close to 1, the variance of the noise that we added. No straight line can do
# better on new points, because the noise cannot be predicted. The exact least squares line
# (``np.polyfit``) shows how far gradient descent still is from the best line after 1000 steps:
# with this small learning rate it has not fully converged yet.
test_error = compute_error(b, w, test)
print(f"test error: {test_error:.4f}")

w_exact, b_exact = np.polyfit(train[:, 0], train[:, 1], deg=1)
print(
    f"least squares: b = {b_exact:.4f}, w = {w_exact:.4f}, "
    f"test error = {compute_error(b_exact, w_exact, test):.4f}"
)

# sphinx_gallery_start_ignore
assert abs(test_error - 0.9015) < 1e-3  # the notes' result
# sphinx_gallery_end_ignore

# %%
# Plot the fit and the error curve
# --------------------------------
#
# The left panel shows the points and the learned line next to the true line :math:`y = 2x + 3`.
# The right panel shows that the training error falls quickly in the first 100 steps and then
# only slowly.
import matplotlib.pyplot as plt

fig, (ax_fit, ax_err) = plt.subplots(1, 2, figsize=(10, 4))
ax_fit.scatter(train[:, 0], train[:, 1], s=15, label="training points")
ax_fit.scatter(test[:, 0], test[:, 1], s=15, marker="x", label="test points")
line_x = np.linspace(0, 1, 2)
ax_fit.plot(line_x, w * line_x + b, color="C3", label=f"learned: y = {w:.2f}x + {b:.2f}")
ax_fit.plot(line_x, 2 * line_x + 3, color="black", linestyle="--", label="true: y = 2x + 3")
ax_fit.set(xlabel="x", ylabel="y", title="Gradient descent fit")
ax_fit.legend()

ax_err.plot(errors)
ax_err.set(xlabel="iteration", ylabel="mean squared error", yscale="log", title="Training error")
fig.tight_layout()

# %%
# Conclusion
# ----------
#
# Gradient descent found :math:`b \approx 3.29` and :math:`w \approx 1.89`, close to the true
# values 3 and 2. They are not equal, because 80 noisy points do not pin the line down exactly and
# because 1000 steps with a learning rate of 0.01 have not reached the least squares line.
# Writing the derivatives by hand works for a line, but not for a network with millions of
# parameters. The next example lets PyTorch compute them:
# :ref:`sphx_glr_auto_examples_autograd_plot_linear_regression_torch.py`.
