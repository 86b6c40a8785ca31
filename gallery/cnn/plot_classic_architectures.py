r"""
The classic CNN architectures
=============================

Between 2012 and 2018 a handful of networks changed how convolutional networks are built.
Each one added an idea that later networks kept: ReLU and dropout, stacks of small filters,
parallel branches, residual connections, dense connections, and cheap depthwise convolutions.
This example builds seven of them from ``torchvision.models``, counts their parameters,
measures how many floating-point operations (FLOPs) one forward pass takes, and finds the
building block that carries each idea.

The networks get random weights (``weights=None``), so nothing is downloaded. See :doc:`/cnn`
for convolutions and :doc:`/transfer_learning` for starting from pretrained weights.
"""

# %%
# Build the networks
# ------------------
#
# ``torchvision.models.get_model`` builds a network from its name. ``weights=None`` gives random
# weights. For GoogLeNet, ``aux_logits=False`` leaves out two extra classifiers that are only
# used during training, and ``init_weights=False`` keeps PyTorch's default initialization
# (without it, torchvision warns that its default will change). Every network is put in eval
# mode, because we only run it forward.
import torch
from torchvision import models

from deeplearn_notes import get_device, seed_everything

seed_everything(0)
device = get_device()
print(f"device: {device}")

architectures = {  # display name: (torchvision name, year of the paper)
    "AlexNet": ("alexnet", 2012),
    "VGG-16": ("vgg16", 2014),
    "GoogLeNet": ("googlenet", 2014),
    "ResNet-18": ("resnet18", 2015),
    "ResNet-50": ("resnet50", 2015),
    "DenseNet-121": ("densenet121", 2017),
    "MobileNetV2": ("mobilenet_v2", 2018),
}
options = {"googlenet": {"aux_logits": False, "init_weights": False}}
networks = {
    name: models.get_model(key, weights=None, **options.get(key, {})).eval().to(device)
    for name, (key, _) in architectures.items()
}

# %%
# Parameters, output and FLOPs
# ----------------------------
#
# Every network takes a batch of RGB images of 224×224 pixels and returns 1000 logits, one per
# ImageNet class. ``torch.utils.flop_counter.FlopCounterMode`` records the FLOPs of the
# operations that run inside it. It counts one multiply-add as two FLOPs; torchvision's
# documentation counts it as one, so it lists half these numbers. Only matrix products and
# convolutions are counted: they are almost all of the work. The last column is the ImageNet
# top-1 accuracy that torchvision reports for its first set of pretrained weights; the weights
# enum holds it, so nothing is downloaded.
from torch.utils.flop_counter import FlopCounterMode

from deeplearn_notes import count_parameters

images = torch.randn(1, 3, 224, 224, device=device)
millions, gflops, top1 = {}, {}, {}
print(f"{'network':12s} {'year':>4s} {'parameters':>11s} {'output':>10s} {'GFLOPs':>7s} top-1")
for name, model in networks.items():
    with torch.inference_mode(), FlopCounterMode(display=False) as counter:
        logits = model(images)
    millions[name] = count_parameters(model) / 1e6
    gflops[name] = counter.get_total_flops() / 1e9
    key, year = architectures[name]
    weights = models.get_model_weights(key).IMAGENET1K_V1
    top1[name] = weights.meta["_metrics"]["ImageNet-1K"]["acc@1"]
    shape = str(tuple(logits.shape))
    size, cost = f"{millions[name]:10.2f}M", f"{gflops[name]:7.2f}"
    print(f"{name:12s} {year:4d} {size} {shape:>10s} {cost} {top1[name]:.1f}%")

# sphinx_gallery_start_ignore
for name, (key, _) in architectures.items():
    meta = models.get_model_weights(key).IMAGENET1K_V1.meta
    assert round(millions[name] * 1e6) == meta["num_params"], (name, millions[name])
    assert abs(gflops[name] / 2 - meta["_ops"]) < 0.01, (name, gflops[name], meta["_ops"])
# sphinx_gallery_end_ignore

# %%
# Size is not cost
# ----------------
#
# The two panels do not rank the networks in the same order. Most of AlexNet's and VGG-16's
# parameters sit in their fully connected layers, which are large but run once per image. A
# convolution's weights are few but run at every position, so its cost grows with the size of
# the feature maps.
import matplotlib.pyplot as plt

names = list(networks)
fig, (ax_params, ax_flops) = plt.subplots(1, 2, figsize=(10, 3.8), sharey=True)
ax_params.barh(names, [millions[name] for name in names], color="C0")
ax_params.set_title("Parameters")
ax_params.set_xlabel("millions")
ax_flops.barh(names, [gflops[name] for name in names], color="C1")
ax_flops.set_title("One forward pass, 224×224 image")
ax_flops.set_xlabel("GFLOPs")
ax_params.invert_yaxis()  # oldest network at the top
fig.tight_layout()
plt.show()

# %%
# Accuracy against cost
# ---------------------
#
# Each point is one network: its FLOPs on a logarithmic axis, and the ImageNet accuracy of its
# pretrained weights. The area of a point grows with the number of parameters. Networks further
# up and to the left do more with less.
fig, ax = plt.subplots(figsize=(6.5, 4.5))
offsets = {"GoogLeNet": (-8, 6), "ResNet-18": (8, -12)}  # keep two labels apart
for name in names:
    ax.scatter(gflops[name], top1[name], s=3 * millions[name] + 20, alpha=0.6)
    dx, dy = offsets.get(name, (8, 4))
    ha = "right" if dx < 0 else "left"
    ax.annotate(
        name, (gflops[name], top1[name]), xytext=(dx, dy), textcoords="offset points", ha=ha
    )
ax.set_xscale("log")
ax.set_xticks([0.5, 1, 2, 5, 10, 20, 50], labels=["0.5", "1", "2", "5", "10", "20", "50"])
ax.set_xlim(0.3, 80)
ax.set_xlabel("GFLOPs of one forward pass")
ax.set_ylabel("ImageNet top-1 accuracy (%)")
ax.set_title("Accuracy against cost")
plt.show()

# %%
# Counting without computing
# --------------------------
#
# FLOPs depend only on the shapes, not on the values. On the ``meta`` device, tensors have a
# shape but no data: building the network allocates no memory and the forward pass computes
# nothing, yet ``FlopCounterMode`` counts the same FLOPs. This is how to measure networks too
# large for your machine; here the real forward passes were fast enough.
with torch.device("meta"):
    meta_model = models.vgg16(weights=None).eval()
    with torch.inference_mode(), FlopCounterMode(display=False) as counter:
        meta_model(torch.randn(1, 3, 224, 224))
print(f"VGG-16 on the meta device: {counter.get_total_flops() / 1e9:.2f} GFLOPs")

# sphinx_gallery_start_ignore
assert counter.get_total_flops() / 1e9 == gflops["VGG-16"]
# sphinx_gallery_end_ignore

# %%
# The idea of each network
# ------------------------
#
# Each network introduced an idea, and most of them live in a block that repeats:
#
# - **AlexNet** (2012): a deeper, wider LeNet trained on GPUs, with ReLU activations instead of
#   tanh and dropout in the fully connected layers.
# - **VGG-16** (2014): only 3×3 convolutions, stacked two or three at a time. Two 3×3 layers
#   see a 5×5 window with fewer weights and one more non-linearity.
# - **GoogLeNet** (2014): ``Inception`` blocks run 1×1, 3×3 and 5×5 convolutions and pooling in
#   parallel and concatenate the results; 1×1 convolutions first reduce the channels.
#   (torchvision's version adds batch normalization.)
# - **ResNet-18** (2015): ``BasicBlock`` adds its input to its output, a residual connection,
#   so that very deep networks still train.
# - **ResNet-50** (2015): ``Bottleneck`` blocks squeeze the channels with a 1×1 convolution,
#   apply the 3×3 convolution, and expand them again with another 1×1 convolution.
# - **DenseNet-121** (2017): each ``_DenseLayer`` receives the feature maps of all the layers
#   before it in its dense block (dense connections).
# - **MobileNetV2** (2018): ``InvertedResidual`` blocks use depthwise-separable convolutions
#   (one 3×3 filter per channel, then a 1×1 convolution that mixes channels) and put the
#   residual connection between thin layers.
#
# Counting the modules by class shows how often each block repeats.
from collections import Counter

blocks = ["Inception", "BasicBlock", "Bottleneck", "_DenseLayer", "InvertedResidual"]
for name, model in networks.items():
    counts = Counter(type(module).__name__ for module in model.modules())
    repeated = [f"{counts[block]} × {block}" for block in blocks if counts[block]]
    print(f"{name:12s} {counts['Conv2d']:3d} convolutions", *repeated)

# %%
# Conclusion
# ----------
#
# Parameters measure memory, FLOPs measure computation, and the two are different: VGG-16 has
# about 20 times more parameters than GoogLeNet and needs about 10 times more FLOPs, for a
# similar accuracy. ResNet-50, DenseNet-121 and MobileNetV2 are more accurate than VGG-16 with
# a fraction of its parameters and FLOPs, thanks to bottleneck blocks, residual and dense
# connections, and depthwise convolutions. Any of these networks can be the starting point for
# a new task: :doc:`/transfer_learning` shows how to load pretrained weights, and
# :ref:`sphx_glr_auto_examples_cnn_plot_transfer_learning.py` shows why it helps when labels
# are few.
