"""Tests for deeplearn_notes.training: the loops, the History and accuracy()."""

import matplotlib.pyplot as plt
import pytest
import torch
from matplotlib.axes import Axes
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from deeplearn_notes import MLP, History, accuracy, evaluate, fit, make_two_blobs, train_one_epoch


def _fixed_line() -> nn.Linear:
    """y = 2x, so the squared error of the point x against the target 0 is 4x^2."""
    model = nn.Linear(1, 1)
    with torch.no_grad():
        model.weight.fill_(2.0)
        model.bias.zero_()
    return model


def _line_loader(batch_size: int = 4) -> DataLoader:
    x = torch.arange(10.0).unsqueeze(1)  # batches of 4, 4 and 2 points
    return DataLoader(TensorDataset(x, torch.zeros(10, 1)), batch_size=batch_size)


def _blobs_loaders(batch_size: int = 8) -> tuple[DataLoader, DataLoader]:
    x, y = make_two_blobs(16, seed=0)
    x_val, y_val = make_two_blobs(8, seed=1)
    train = DataLoader(
        TensorDataset(x, y),
        batch_size=batch_size,
        shuffle=True,
        generator=torch.Generator().manual_seed(0),
    )
    return train, DataLoader(TensorDataset(x_val, y_val), batch_size=batch_size)


def _constant_loss(outputs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """A loss that never improves (zero gradients): a plateau by construction."""
    return outputs.sum() * 0 + 1.0


# ---------------------------------------------------------------------------------------------
# accuracy


@pytest.mark.parametrize(
    ("logits", "targets", "expected"),
    [
        ([[2.0, 1.0], [0.0, 3.0]], [0, 0], 0.5),
        ([[2.0, 1.0], [0.0, 3.0]], [0, 1], 1.0),
        ([[2.0, 1.0], [0.0, 3.0]], [1, 0], 0.0),
        ([[0.1, 0.5, 0.2], [0.9, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]], [1, 0, 0, 0], 0.5),
        ([[1.0, -1.0]], [0], 1.0),
    ],
)
def test_accuracy_values(logits, targets, expected):
    value = accuracy(torch.tensor(logits), torch.tensor(targets))
    assert isinstance(value, float)
    assert value == pytest.approx(expected)


# ---------------------------------------------------------------------------------------------
# train_one_epoch


@pytest.mark.parametrize("device", [None, "cpu"])
def test_train_one_epoch_weights_the_mean_by_batch_size(device):
    model = _fixed_line()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.0)  # the loss stays constant
    loss = train_one_epoch(model, _line_loader(), nn.MSELoss(), optimizer, device=device)
    squares = [4.0 * x**2 for x in range(10)]
    assert loss == pytest.approx(sum(squares) / 10)  # 114.0
    # The unweighted mean of the three batch means would be wrong (143.3):
    batch_means = [sum(squares[:4]) / 4, sum(squares[4:8]) / 4, sum(squares[8:]) / 2]
    assert loss != pytest.approx(sum(batch_means) / 3)
    assert model.training
    assert model.weight.item() == 2.0  # lr = 0 left the weights alone


def test_train_one_epoch_takes_one_step_per_batch():
    model = _fixed_line()
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-4)
    steps = []
    optimizer.register_step_post_hook(lambda *_: steps.append(1))
    train_one_epoch(model, _line_loader(), nn.MSELoss(), optimizer)
    assert len(steps) == 3
    assert model.weight.item() < 2.0  # it moved towards the target 0


# ---------------------------------------------------------------------------------------------
# evaluate


@pytest.mark.parametrize("was_training", [True, False])
def test_evaluate_restores_mode_and_tracks_no_gradients(was_training):
    model = MLP(2, (4,), 2, dropout=0.5)
    model.train(was_training)
    seen = []
    model.register_forward_hook(
        lambda *_: seen.append(
            (torch.is_grad_enabled(), torch.is_inference_mode_enabled(), model.training)
        )
    )
    _, val = _blobs_loaders()
    metrics = evaluate(model, val, loss_fn=nn.CrossEntropyLoss())
    assert seen
    assert all(mode == (False, True, False) for mode in seen)
    assert model.training is was_training
    assert all(p.grad is None for p in model.parameters())
    assert set(metrics) == {"loss", "accuracy"}


def test_evaluate_loss_and_accuracy_values():
    model = nn.Linear(2, 2)
    with torch.no_grad():
        model.weight.copy_(torch.tensor([[1.0, 0.0], [0.0, 1.0]]))
        model.bias.zero_()
    x = torch.tensor([[1.0, 0.0], [0.0, 1.0], [2.0, 1.0], [0.0, 3.0], [1.0, 2.0]])
    y = torch.tensor([0, 1, 1, 1, 0])  # predicted 0, 1, 0, 1, 1: 2 wrong out of 5
    metrics = evaluate(
        model, DataLoader(TensorDataset(x, y), batch_size=2), loss_fn=nn.CrossEntropyLoss()
    )
    assert metrics["accuracy"] == pytest.approx(3 / 5)
    assert metrics["loss"] == pytest.approx(nn.functional.cross_entropy(x, y).item(), rel=1e-6)


def test_evaluate_regression_reports_no_accuracy():
    metrics = evaluate(_fixed_line(), _line_loader(), loss_fn=nn.MSELoss(), device="cpu")
    assert metrics == {"loss": pytest.approx(114.0)}


def test_evaluate_without_loss_fn_and_without_parameters():
    x = torch.tensor([[3.0, 1.0], [0.0, 1.0], [5.0, 4.0]])
    loader = DataLoader(TensorDataset(x, torch.tensor([0, 1, 1])), batch_size=2)
    assert evaluate(nn.Identity(), loader) == {"accuracy": pytest.approx(2 / 3)}


# ---------------------------------------------------------------------------------------------
# fit


def test_fit_history_lengths_and_learning():
    torch.manual_seed(0)
    train, val = _blobs_loaders()
    model = MLP(2, (8,), 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    history = fit(
        model,
        train,
        loss_fn=nn.CrossEntropyLoss(),
        optimizer=optimizer,
        epochs=6,
        val_loader=val,
    )
    assert isinstance(history, History)
    assert history.epochs == 6
    for values in (history.train_loss, history.val_loss, history.val_accuracy, history.lr):
        assert len(values) == 6
        assert all(isinstance(v, float) for v in values)
    assert history.lr == [0.1] * 6
    assert history.train_loss[-1] < history.train_loss[0]
    assert history.val_loss[-1] < history.val_loss[0]
    assert history.val_accuracy[-1] == 1.0  # the blobs are 4 standard deviations apart


def test_fit_without_validation():
    model = _fixed_line()
    history = fit(
        model,
        _line_loader(),
        loss_fn=nn.MSELoss(),
        optimizer=torch.optim.SGD(model.parameters(), lr=0.0),
        epochs=2,
        device="cpu",
    )
    assert history.train_loss == [pytest.approx(114.0)] * 2
    assert history.val_loss == []
    assert history.val_accuracy == []


def test_fit_regression_records_no_accuracy():
    x = torch.linspace(-1, 1, 16).unsqueeze(1)
    loader = DataLoader(TensorDataset(x, 3 * x), batch_size=4)
    model = nn.Linear(1, 1)
    history = fit(
        model,
        loader,
        loss_fn=nn.MSELoss(),
        optimizer=torch.optim.SGD(model.parameters(), lr=0.1),
        epochs=3,
        val_loader=loader,
    )
    assert len(history.val_loss) == 3
    assert history.val_accuracy == []


def test_fit_step_lr_changes_per_epoch():
    model = _fixed_line()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.4)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.5)
    history = fit(
        model,
        _line_loader(),
        loss_fn=_constant_loss,
        optimizer=optimizer,
        epochs=3,
        scheduler=scheduler,
    )
    assert history.lr == pytest.approx([0.4, 0.2, 0.1])
    assert optimizer.param_groups[0]["lr"] == pytest.approx(0.05)


def test_fit_one_cycle_steps_per_batch():
    model = MLP(2, (4,), 2)
    train, _ = _blobs_loaders()  # 4 batches per epoch
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    epochs = 3
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=0.1, total_steps=epochs * len(train)
    )
    history = fit(
        model,
        train,
        loss_fn=nn.CrossEntropyLoss(),
        optimizer=optimizer,
        epochs=epochs,
        scheduler=scheduler,
    )
    # Stepped after every batch (a per-epoch step would leave last_epoch at 3); one step too many
    # would raise. Warnings are errors here, so the step order is right too.
    assert scheduler.last_epoch == epochs * len(train)
    assert history.lr[0] == pytest.approx(0.1 / 25)  # OneCycleLR starts at max_lr / div_factor
    assert len(set(history.lr)) == epochs


def test_fit_cyclic_lr_steps_per_batch():
    model = nn.Linear(2, 2)
    train, _ = _blobs_loaders()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    scheduler = torch.optim.lr_scheduler.CyclicLR(
        optimizer, base_lr=0.01, max_lr=0.1, step_size_up=2
    )
    fit(
        model,
        train,
        loss_fn=nn.CrossEntropyLoss(),
        optimizer=optimizer,
        epochs=2,
        scheduler=scheduler,
    )
    assert scheduler.last_epoch == 2 * len(train)


@pytest.mark.parametrize("with_validation", [False, True])
def test_fit_reduce_lr_on_plateau(with_validation):
    model = nn.Linear(2, 2)
    train, val = _blobs_loaders()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, factor=0.5, patience=0)
    history = fit(
        model,
        train,
        loss_fn=_constant_loss,
        optimizer=optimizer,
        epochs=3,
        val_loader=val if with_validation else None,
        scheduler=scheduler,
    )
    # The first epoch sets the best loss; each later one fails to improve and halves the lr.
    assert history.lr == pytest.approx([0.1, 0.1, 0.05])
    assert optimizer.param_groups[0]["lr"] == pytest.approx(0.025)


@pytest.mark.parametrize(
    ("max_steps", "epochs_run", "steps_taken"), [(3, 1, 3), (5, 1, 5), (7, 2, 7), (100, 3, 15)]
)
def test_fit_max_steps_stops_mid_epoch(max_steps, epochs_run, steps_taken):
    x = torch.randn(10, 1, generator=torch.Generator().manual_seed(0))
    loader = DataLoader(TensorDataset(x, 2 * x), batch_size=2)  # 5 steps per epoch
    model = nn.Linear(1, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    steps = []
    optimizer.register_step_post_hook(lambda *_: steps.append(1))
    history = fit(
        model,
        loader,
        loss_fn=nn.MSELoss(),
        optimizer=optimizer,
        epochs=3,
        val_loader=loader,
        max_steps=max_steps,
    )
    assert len(steps) == steps_taken
    assert history.epochs == epochs_run
    assert len(history.lr) == len(history.val_loss) == epochs_run


def test_fit_progress_bar(capsys):
    train, val = _blobs_loaders()
    model = MLP(2, (4,), 2)
    fit(
        model,
        train,
        loss_fn=nn.CrossEntropyLoss(),
        optimizer=torch.optim.SGD(model.parameters(), lr=0.1),
        epochs=2,
        val_loader=val,
        progress=True,
    )
    err = capsys.readouterr().err
    assert "2/2" in err
    assert "val_acc" in err


def test_fit_without_progress_is_silent(capsys):
    model = _fixed_line()
    fit(
        model,
        _line_loader(),
        loss_fn=nn.MSELoss(),
        optimizer=torch.optim.SGD(model.parameters(), lr=0.0),
        epochs=1,
    )
    captured = capsys.readouterr()
    assert captured.out == captured.err == ""


# ---------------------------------------------------------------------------------------------
# History


def test_history_plot_returns_axes():
    history = History(train_loss=[1.0, 0.5, 0.25], val_loss=[1.1, 0.6, 0.4])
    ax = history.plot()
    assert isinstance(ax, Axes)
    assert [line.get_label() for line in ax.get_lines()] == ["train loss", "validation loss"]
    assert list(ax.get_lines()[0].get_xdata()) == [1, 2, 3]
    assert len(ax.figure.axes) == 1  # no accuracy axis without accuracies


def test_history_plot_accuracy_on_a_second_axis():
    _, ax = plt.subplots()
    history = History(train_loss=[1.0, 0.5], val_loss=[1.1, 0.6], val_accuracy=[0.5, 0.9])
    assert history.plot(ax=ax) is ax
    assert len(ax.figure.axes) == 2
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["train loss", "validation loss", "val accuracy"]


def test_history_starts_empty():
    history = History()
    assert history.epochs == 0
    assert history.train_loss == history.val_loss == history.val_accuracy == history.lr == []
