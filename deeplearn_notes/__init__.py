"""deeplearn_notes: the models, loops and helpers behind the deeplearn-notes examples."""

from . import checkpoint, data, models, plotting, scratch, training, utils
from .checkpoint import load_checkpoint, save_checkpoint
from .data import (
    load_digits,
    load_mnist,
    make_circles,
    make_loaders,
    make_regression_1d,
    make_segmentation_shapes,
    make_two_blobs,
    train_test_split,
)
from .models import MLP, DoubleConv, LeNet5, LinearRegression, SoftmaxRegression, UNet
from .plotting import (
    plot_curve,
    plot_decision_boundary,
    plot_functions,
    plot_images,
    plot_regression_fit,
)
from .scratch import compute_error, gradient_descent, step_gradient
from .training import History, accuracy, evaluate, fit, train_one_epoch
from .utils import conv_output_size, count_parameters, get_device, one_hot, seed_everything

__version__ = "0.1.0"

__all__ = [
    "MLP",
    "DoubleConv",
    "History",
    "LeNet5",
    "LinearRegression",
    "SoftmaxRegression",
    "UNet",
    "accuracy",
    "checkpoint",
    "compute_error",
    "conv_output_size",
    "count_parameters",
    "data",
    "evaluate",
    "fit",
    "get_device",
    "gradient_descent",
    "load_checkpoint",
    "load_digits",
    "load_mnist",
    "make_circles",
    "make_loaders",
    "make_regression_1d",
    "make_segmentation_shapes",
    "make_two_blobs",
    "models",
    "one_hot",
    "plot_curve",
    "plot_decision_boundary",
    "plot_functions",
    "plot_images",
    "plot_regression_fit",
    "plotting",
    "save_checkpoint",
    "scratch",
    "seed_everything",
    "step_gradient",
    "train_one_epoch",
    "train_test_split",
    "training",
    "utils",
]
