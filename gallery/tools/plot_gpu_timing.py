r"""
Timing a matrix multiplication on the CPU and the GPU
=====================================================

GPUs run large tensor operations much faster than CPUs, but measuring *how much* faster is easy
to get wrong. The source notes timed one matrix multiplication with ``time.time()`` and found
7 seconds for the first call on the GPU and 0.001 seconds for the second. Both numbers are
misleading. This example explains why and times the operation correctly with
warm-up runs, synchronisation and repeated measurements, on the CPU and, when one is present,
on the GPU.

This is the only example that prints timings: they depend on the machine that built this page,
so your numbers will differ. See :doc:`/gpu` for moving models and data to the GPU.
"""

# %%
# Which devices are there?
# ------------------------
#
# :func:`deeplearn_notes.get_device` picks CUDA when PyTorch can use a GPU and the CPU
# otherwise. ``torch.get_num_threads()`` is the number of CPU threads that PyTorch uses for
# one operation.
import torch

from deeplearn_notes import get_device, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")
print(f"PyTorch {torch.__version__}, CPU threads: {torch.get_num_threads()}")
if device.type == "cuda":
    print(f"GPU: {torch.cuda.get_device_name(device)}")
else:
    print("No GPU is available: this page shows CPU timings only.")

# %%
# Why the notes' numbers were wrong
# ---------------------------------
#
# Two effects spoil a naive measurement with ``time.time()``:
#
# * **One-time start-up cost.** The first CUDA operation in a program creates the CUDA context
#   (in the notes, ``a.to(device)`` did this before the clock started). The first matrix
#   multiplication then initialises cuBLAS, the GPU's linear algebra library, and loads its GPU
#   code (kernels): with CUDA 11.7 and later, kernels are loaded lazily, when first used, and
#   they must even be compiled when the PyTorch build has no code for that GPU model. This cost
#   (from a fraction of a second to several seconds) is paid once, so the notes' 7 seconds
#   measured the start-up, not the multiplication.
# * **Asynchronous execution.** A CUDA operation only *queues* the work on the GPU and returns
#   at once. The notes' second measurement (0.001 s) timed the queueing; the GPU finished the
#   work later, while ``c.norm(2)`` in the ``print`` waited for it.
#
# A correct measurement therefore runs the operation a few times first (warm-up) and waits for
# the GPU with ``torch.cuda.synchronize()`` before reading the clock.
import time


def naive_time(a, b):
    start = time.perf_counter()
    torch.matmul(a, b)
    return time.perf_counter() - start


def synchronized_time(a, b):
    if a.is_cuda:
        torch.cuda.synchronize()
    start = time.perf_counter()
    torch.matmul(a, b)
    if a.is_cuda:
        torch.cuda.synchronize()  # wait until the GPU has finished
    return time.perf_counter() - start


# %%
# First call against later calls
# ------------------------------
#
# We multiply a :math:`2000 \times 1000` matrix by a :math:`1000 \times 2000` matrix (the notes'
# first matrix had 10,000 rows) three times in a row, with and without synchronisation. On the
# CPU the two agree, because CPU operations finish before they return. On a GPU the synchronised
# times are the real ones; the naive times of later calls are only the time to queue the work.
# The first GPU call is slow only if nothing in the program has used cuBLAS before; when this page
# is built after other examples that used the GPU, the start-up cost is already paid.
a = torch.randn(2000, 1000)
b = torch.randn(1000, 2000)
devices = [torch.device("cpu")] + ([device] if device.type == "cuda" else [])
for dev in devices:
    a_dev, b_dev = a.to(dev), b.to(dev)
    synced = [synchronized_time(a_dev, b_dev) for _ in range(3)]
    naive = [naive_time(a_dev, b_dev) for _ in range(3)]
    print(f"{dev}: synchronised (s)", "  ".join(f"{t:.5f}" for t in synced))
    print(f"{dev}: naive        (s)", "  ".join(f"{t:.5f}" for t in naive))

# %%
# A careful timer
# ---------------
#
# The function below applies the rules: it runs the operation a few times without measuring
# (warm-up), synchronises before and after the measured calls, repeats the measurement and keeps
# the median, which ignores rare slow runs. ``torch.utils.benchmark.Timer`` (with
# ``blocked_autorange``) follows the same rules and adds more statistics; use it for serious
# benchmarks.
import statistics


def median_time(fn, dev, *, warmup=2, repeats=5):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        if dev.type == "cuda":
            torch.cuda.synchronize(dev)
        start = time.perf_counter()
        fn()
        if dev.type == "cuda":
            torch.cuda.synchronize(dev)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(n, dev):
    x = torch.randn(n, n, device=dev)
    y = torch.randn(n, n, device=dev)
    return median_time(lambda: torch.matmul(x, y), dev)


sizes = [128, 256, 512, 1024]
results = {dev.type: [measure(n, dev) for n in sizes] for dev in devices}
for dev_type, times in results.items():
    for n, seconds in zip(sizes, times, strict=True):
        gflops = 2 * n**3 / seconds / 1e9  # an n x n matmul takes about 2 n^3 operations
        print(f"{dev_type:4s} n={n:5d}: {1e3 * seconds:8.3f} ms  ({gflops:7.1f} GFLOP/s)")

# %%
# Plot the results
# ----------------
#
# The throughput in GFLOP/s (billions of floating-point operations per second) grows with the
# matrix size: small operations cannot keep all the cores busy, and on a GPU the fixed cost of
# launching a kernel dominates. A GPU pays off for large tensors.
import matplotlib.pyplot as plt

fig, (ax_time, ax_rate) = plt.subplots(1, 2, figsize=(10, 4))
for dev_type, times in results.items():
    ax_time.plot(sizes, [1e3 * t for t in times], marker="o", label=dev_type)
    rates = [2 * n**3 / t / 1e9 for n, t in zip(sizes, times, strict=True)]
    ax_rate.plot(sizes, rates, marker="o", label=dev_type)
ax_time.set_yscale("log")
ax_time.set_ylabel("median time (ms)")
ax_time.set_title("Time of one n × n matrix multiplication")
ax_rate.set_ylabel("GFLOP/s")
ax_rate.set_title("Throughput")
for ax in (ax_time, ax_rate):
    ax.set_xscale("log", base=2)
    ax.set_xlabel("n")
    ax.grid(True, alpha=0.3)
    ax.legend()
fig.tight_layout()
plt.show()

# %%
# Conclusion
# ----------
#
# To time GPU code: warm up first, call ``torch.cuda.synchronize()`` before reading the clock,
# and repeat the measurement (``torch.utils.benchmark.Timer`` does all three). The same
# asynchronous execution explains why calling ``loss.item()`` at every training step slows
# training on a GPU: each call waits for the GPU. See :doc:`/gpu` for more, and
# :ref:`sphx_glr_auto_examples_tools_plot_reproducibility.py` for the other side of GPU speed:
# some fast GPU operations are not deterministic.
