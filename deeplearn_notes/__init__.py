"""deeplearn_notes: the models, loops and helpers behind the deeplearn-notes examples."""

from . import checkpoint, data, generative, models, plotting, recurrent, scratch, training, utils
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
from .generative import (
    VAE,
    Autoencoder,
    Discriminator,
    Generator,
    discriminator_loss,
    generator_loss,
    kl_standard_normal,
    vae_loss,
)
from .models import (
    MLP,
    DoubleConv,
    LeNet5,
    LinearRegression,
    ResidualBlock,
    SmallResNet,
    SoftmaxRegression,
    UNet,
)
from .plotting import (
    plot_curve,
    plot_decision_boundary,
    plot_functions,
    plot_images,
    plot_regression_fit,
)
from .recurrent import SequenceClassifier, SequenceRegressor
from .scratch import compute_error, gradient_descent, step_gradient
from .training import History, accuracy, evaluate, fit, train_one_epoch
from .utils import conv_output_size, count_parameters, get_device, one_hot, seed_everything

__version__ = "0.1.0"

__all__ = [
    "MLP",
    "VAE",
    "Autoencoder",
    "Discriminator",
    "DoubleConv",
    "Generator",
    "History",
    "LeNet5",
    "LinearRegression",
    "ResidualBlock",
    "SequenceClassifier",
    "SequenceRegressor",
    "SmallResNet",
    "SoftmaxRegression",
    "UNet",
    "accuracy",
    "checkpoint",
    "compute_error",
    "conv_output_size",
    "count_parameters",
    "data",
    "discriminator_loss",
    "evaluate",
    "fit",
    "generative",
    "generator_loss",
    "get_device",
    "gradient_descent",
    "kl_standard_normal",
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
    "recurrent",
    "save_checkpoint",
    "scratch",
    "seed_everything",
    "step_gradient",
    "train_one_epoch",
    "train_test_split",
    "training",
    "utils",
    "vae_loss",
]
