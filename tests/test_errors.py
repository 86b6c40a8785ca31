"""Bad input across the API: each raises the documented error, naming the bad value."""

import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

import deeplearn_notes as dn
from deeplearn_notes import scratch


def _fit(**kwargs):
    model = nn.Linear(1, 1)
    loader = DataLoader(TensorDataset(torch.zeros(4, 1), torch.zeros(4, 1)), batch_size=2)
    options = {
        "loss_fn": nn.MSELoss(),
        "optimizer": torch.optim.SGD(model.parameters(), lr=0.1),
        "epochs": 1,
    }
    options.update(kwargs)
    loader = options.pop("train_loader", loader)
    return dn.fit(model, loader, **options)


def _triples():
    x = torch.zeros(4, 1)
    return DataLoader(TensorDataset(x, x, x), batch_size=2)


def _empty():
    return DataLoader(TensorDataset(torch.zeros(0, 1), torch.zeros(0, 1)), batch_size=2)


def _points(n: int = 4, dims: int = 2) -> torch.Tensor:
    return torch.zeros(n, dims)


# (id, call, error type, regular expression the message must match)
BAD_INPUTS = [
    # utils
    ("device-gpu", lambda: dn.get_device("gpu"), ValueError, r"got 'gpu'"),
    ("device-tpu", lambda: dn.get_device("tpu"), ValueError, r"got 'tpu'"),
    ("device-cuda-x", lambda: dn.get_device("cuda:x"), ValueError, r"got 'cuda:x'"),
    ("seed-str", lambda: dn.seed_everything("1"), TypeError, r"str '1'"),
    ("seed-float", lambda: dn.seed_everything(1.0), TypeError, r"float 1\.0"),
    ("seed-bool", lambda: dn.seed_everything(True), TypeError, r"bool True"),
    ("seed-negative", lambda: dn.seed_everything(-1), ValueError, r"got -1"),
    ("seed-too-big", lambda: dn.seed_everything(2**32), ValueError, r"got 4294967296"),
    (
        "one-hot-float",
        lambda: dn.one_hot(torch.tensor([0.0, 1.0]), 2),
        TypeError,
        r"torch\.float32",
    ),
    ("one-hot-list", lambda: dn.one_hot([0, 1], 2), TypeError, r"got list"),
    ("one-hot-label", lambda: dn.one_hot(torch.tensor([0, 5]), 3), ValueError, r"got label 5"),
    ("one-hot-negative", lambda: dn.one_hot(torch.tensor([-2, 0]), 3), ValueError, r"got label -2"),
    ("one-hot-classes", lambda: dn.one_hot(torch.tensor([0]), 0), ValueError, r"got 0"),
    (
        "conv-size",
        lambda: dn.conv_output_size(0, 3),
        ValueError,
        r"size must be an int >= 1, got 0",
    ),
    ("conv-kernel", lambda: dn.conv_output_size(8, 1.5), ValueError, r"kernel_size .* got 1\.5"),
    (
        "conv-stride",
        lambda: dn.conv_output_size(8, 3, stride=True),
        ValueError,
        r"stride .* got True",
    ),
    (
        "conv-padding",
        lambda: dn.conv_output_size(8, 3, padding=-1),
        ValueError,
        r"padding .* got -1",
    ),
    (
        "conv-dilation",
        lambda: dn.conv_output_size(8, 3, dilation=0),
        ValueError,
        r"dilation .* got 0",
    ),
    (
        "conv-not-integer",
        lambda: dn.conv_output_size(28, 5, stride=2),
        ValueError,
        r"12\.5 is not an integer",
    ),
    (
        "conv-too-small",
        lambda: dn.conv_output_size(3, 5),
        ValueError,
        r"effective size 5.*3 \+ 2\*0 = 3",
    ),
    ("count-not-module", lambda: dn.count_parameters("model"), TypeError, r"got str"),
    # models
    ("linear-in", lambda: dn.LinearRegression(0), ValueError, r"in_features .* got 0"),
    ("linear-out", lambda: dn.LinearRegression(1, 2.0), ValueError, r"out_features .* got 2\.0"),
    ("softmax-classes", lambda: dn.SoftmaxRegression(64, -1), ValueError, r"num_classes .* got -1"),
    ("mlp-hidden-str", lambda: dn.MLP(2, "10", 2), TypeError, r"got '10'"),
    ("mlp-hidden-int", lambda: dn.MLP(2, 10, 2), TypeError, r"got 10"),
    ("mlp-hidden-zero", lambda: dn.MLP(2, (10, 0), 2), ValueError, r"hidden size .* got 0"),
    ("mlp-dropout-one", lambda: dn.MLP(2, (4,), 2, dropout=1.0), ValueError, r"got 1\.0"),
    ("mlp-dropout-str", lambda: dn.MLP(2, (4,), 2, dropout="0.5"), TypeError, r"got '0\.5'"),
    ("mlp-activation", lambda: dn.MLP(2, (4,), 2, activation="relu"), TypeError, r"got 'relu'"),
    ("lenet-channels", lambda: dn.LeNet5(in_channels=0), ValueError, r"in_channels .* got 0"),
    (
        "lenet-size",
        lambda: dn.LeNet5()(torch.zeros(1, 1, 30, 30)),
        ValueError,
        r"got \(1, 1, 30, 30\)",
    ),
    (
        "lenet-rgb",
        lambda: dn.LeNet5()(torch.zeros(1, 3, 28, 28)),
        ValueError,
        r"got \(1, 3, 28, 28\)",
    ),
    ("lenet-3d", lambda: dn.LeNet5()(torch.zeros(1, 28, 28)), ValueError, r"got \(1, 28, 28\)"),
    (
        "lenet-not-square",
        lambda: dn.LeNet5()(torch.zeros(1, 1, 28, 32)),
        ValueError,
        r"got \(1, 1, 28, 32\)",
    ),
    ("doubleconv-channels", lambda: dn.DoubleConv(0, 4), ValueError, r"in_channels .* got 0"),
    ("unet-empty", lambda: dn.UNet(features=()), ValueError, r"got \(\)"),
    ("unet-feature", lambda: dn.UNet(features=(4, -8)), ValueError, r"got -8"),
    ("unet-str", lambda: dn.UNet(features="64"), ValueError, r"got '64'"),
    (
        "unet-channels",
        lambda: dn.UNet(features=(4,))(torch.zeros(1, 1, 16, 16)),
        ValueError,
        r"got \(1, 1, 16, 16\)",
    ),
    (
        "unet-small",
        lambda: dn.UNet(features=(4, 8))(torch.zeros(1, 3, 3, 8)),
        ValueError,
        r"got \(3, 8\)",
    ),
    # training
    (
        "accuracy-shapes",
        lambda: dn.accuracy(torch.zeros(3, 2), torch.zeros(4).long()),
        ValueError,
        r"got \(3, 2\) and \(4,\)",
    ),
    (
        "accuracy-empty",
        lambda: dn.accuracy(torch.zeros(0, 2), torch.zeros(0).long()),
        ValueError,
        r"N = 0",
    ),
    ("fit-epochs", lambda: _fit(epochs=0), ValueError, r"epochs .* got 0"),
    ("fit-epochs-float", lambda: _fit(epochs=2.0), ValueError, r"epochs .* got 2\.0"),
    ("fit-max-steps", lambda: _fit(max_steps=-1), ValueError, r"max_steps .* got -1"),
    ("fit-empty-loader", lambda: _fit(train_loader=_empty()), ValueError, r"train_loader is empty"),
    ("fit-empty-val", lambda: _fit(val_loader=_empty()), ValueError, r"val_loader is empty"),
    ("fit-triples", lambda: _fit(train_loader=_triples()), TypeError, r"got a list of length 3"),
    (
        "evaluate-triples",
        lambda: dn.evaluate(nn.Linear(1, 1), _triples()),
        TypeError,
        r"got a list of length 3",
    ),
    (
        "evaluate-not-pairs",
        lambda: dn.evaluate(nn.Linear(1, 1), [torch.zeros(2, 1)]),
        TypeError,
        r"got a Tensor",
    ),
    (
        "train-empty-batches",
        lambda: dn.train_one_epoch(
            nn.Linear(1, 1),
            iter([]),
            nn.MSELoss(),
            torch.optim.SGD(nn.Linear(1, 1).parameters(), lr=0.1),
        ),
        ValueError,
        r"no samples",
    ),
    (
        "evaluate-empty-batches",
        lambda: dn.evaluate(nn.Linear(1, 1), iter([])),
        ValueError,
        r"no samples",
    ),
    # data
    ("regression-fn", lambda: dn.make_regression_1d(fn="cubic"), ValueError, r"got 'cubic'"),
    ("regression-n", lambda: dn.make_regression_1d(1), ValueError, r"n must be .* got 1"),
    ("regression-noise", lambda: dn.make_regression_1d(noise=-0.1), ValueError, r"got -0\.1"),
    ("blobs-n", lambda: dn.make_two_blobs(0), ValueError, r"n_per_class .* got 0"),
    ("blobs-spread", lambda: dn.make_two_blobs(spread=0), ValueError, r"spread .* got 0"),
    ("circles-factor", lambda: dn.make_circles(factor=1.5), ValueError, r"factor .* got 1\.5"),
    ("circles-noise", lambda: dn.make_circles(noise=-1), ValueError, r"noise .* got -1"),
    ("shapes-size", lambda: dn.make_segmentation_shapes(size=8), ValueError, r"size .* got 8"),
    (
        "split-none",
        lambda: dn.train_test_split(test_fraction=0.2, seed=0),
        ValueError,
        r"at least one tensor",
    ),
    (
        "split-lengths",
        lambda: dn.train_test_split(torch.arange(10), torch.arange(9), test_fraction=0.2, seed=0),
        ValueError,
        r"\[10, 9\]",
    ),
    (
        "split-fraction",
        lambda: dn.train_test_split(torch.arange(10), test_fraction=1.5, seed=0),
        ValueError,
        r"got 1\.5",
    ),
    (
        "split-empty-part",
        lambda: dn.train_test_split(torch.arange(10), test_fraction=0.01, seed=0),
        ValueError,
        r"test_fraction=0\.01 of 10 rows",
    ),
    ("digits-size", lambda: dn.load_digits(size=4), ValueError, r"size .* got 4"),
    (
        "loaders-batch",
        lambda: dn.make_loaders([], [], batch_size=0, seed=0),
        ValueError,
        r"batch_size .* got 0",
    ),
    # plotting
    ("curve-empty", lambda: dn.plot_curve([]), ValueError, r"shape \(0,\)"),
    (
        "curve-2d",
        lambda: dn.plot_curve({"loss": [[1.0, 2.0]]}),
        ValueError,
        r"shape \(1, 2\) for 'loss'",
    ),
    ("images-shape", lambda: dn.plot_images(torch.zeros(4, 4)), ValueError, r"got \(4, 4\)"),
    (
        "images-channels",
        lambda: dn.plot_images(torch.zeros(2, 2, 5, 5)),
        ValueError,
        r"got \(2, 2, 5, 5\)",
    ),
    ("images-none", lambda: dn.plot_images(torch.zeros(0, 5, 5)), ValueError, r"got \(0, 5, 5\)"),
    (
        "images-labels",
        lambda: dn.plot_images(torch.zeros(2, 5, 5), labels=[1]),
        ValueError,
        r"\(2\), got 1",
    ),
    (
        "images-ncols",
        lambda: dn.plot_images(torch.zeros(2, 5, 5), ncols=0),
        ValueError,
        r"ncols .* got 0",
    ),
    (
        "boundary-x",
        lambda: dn.plot_decision_boundary(nn.Linear(3, 2), _points(4, 3), torch.zeros(4)),
        ValueError,
        r"got \(4, 3\)",
    ),
    (
        "boundary-y",
        lambda: dn.plot_decision_boundary(nn.Linear(2, 2), _points(), torch.zeros(3)),
        ValueError,
        r"\(4,\), got \(3,\)",
    ),
    (
        "boundary-resolution",
        lambda: dn.plot_decision_boundary(nn.Linear(2, 2), _points(), torch.zeros(4), resolution=1),
        ValueError,
        r"got 1",
    ),
    (
        "regression-fit-lengths",
        lambda: dn.plot_regression_fit(torch.zeros(3), torch.zeros(4)),
        ValueError,
        r"got 3 and 4",
    ),
    (
        "regression-fit-predict",
        lambda: dn.plot_regression_fit(torch.zeros(3), torch.zeros(3), torch.zeros(5)),
        ValueError,
        r"\(3\), got 5",
    ),
    ("functions-empty", lambda: dn.plot_functions({}), ValueError, r"at least one function"),
    (
        "functions-x",
        lambda: dn.plot_functions({"relu": torch.relu}, torch.zeros(2, 2)),
        ValueError,
        r"got shape \(2, 2\)",
    ),
    # checkpoint
    ("save-model", lambda: dn.save_checkpoint("ckpt.pt", model="weights"), TypeError, r"got str"),
    (
        "save-reserved",
        lambda: dn.save_checkpoint("ckpt.pt", model=nn.Linear(1, 1), model_state=1),
        ValueError,
        r"'model_state' is reserved",
    ),
    (
        "save-object",
        lambda: dn.save_checkpoint("ckpt.pt", model=nn.Linear(1, 1), note=object()),
        TypeError,
        r"'note' holds a object",
    ),
    # scratch
    (
        "scratch-points",
        lambda: scratch.compute_error(0, 0, [1.0, 2.0, 3.0]),
        ValueError,
        r"got shape \(3,\)",
    ),
    ("scratch-no-points", lambda: scratch.compute_error(0, 0, []), ValueError, r"got shape \(0,\)"),
    ("scratch-lr", lambda: scratch.step_gradient(0, 0, [[0, 1]], 0), ValueError, r"got 0"),
    (
        "scratch-lr-nan",
        lambda: scratch.step_gradient(0, 0, [[0, 1]], float("nan")),
        ValueError,
        r"got nan",
    ),
    (
        "scratch-iterations",
        lambda: scratch.gradient_descent([[0, 1]], learning_rate=0.1, num_iterations=-1),
        ValueError,
        r"got -1",
    ),
    (
        "scratch-iterations-float",
        lambda: scratch.gradient_descent([[0, 1]], learning_rate=0.1, num_iterations=10.0),
        ValueError,
        r"got 10\.0",
    ),
]


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [case[1:] for case in BAD_INPUTS],
    ids=[case[0] for case in BAD_INPUTS],
)
def test_bad_input(call, error, pattern, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a checkpoint that slipped through would land here
    with pytest.raises(error, match=pattern):
        call()
    assert list(tmp_path.iterdir()) == []


def test_table_is_large_and_ids_are_unique():
    ids = [case[0] for case in BAD_INPUTS]
    assert len(ids) == len(set(ids)) >= 25
