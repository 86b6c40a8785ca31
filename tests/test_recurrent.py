"""Tests for deeplearn_notes.recurrent: shapes, gradients, overfitting, determinism, errors."""

import re
import warnings

import pytest
import torch
from torch import nn
from torch.nn.utils.rnn import pad_sequence

from deeplearn_notes.recurrent import SequenceClassifier, SequenceRegressor

CELLS = ["rnn", "lstm", "gru"]

# (id, factory, input shape) for the checks every model must pass. Small sizes keep them fast.
MODELS = [
    ("classifier-lstm", lambda: SequenceClassifier(3, 5, 4), (2, 6, 3)),
    ("classifier-gru", lambda: SequenceClassifier(3, 5, 4, cell="gru"), (2, 6, 3)),
    ("classifier-rnn", lambda: SequenceClassifier(3, 5, 4, cell="rnn"), (2, 6, 3)),
    (
        "classifier-deep-bidirectional",
        lambda: SequenceClassifier(
            3, 5, 4, cell="lstm", num_layers=2, bidirectional=True, dropout=0.2
        ),
        (2, 6, 3),
    ),
    ("regressor-rnn", lambda: SequenceRegressor(2, 4, 3), (2, 7, 2)),
    ("regressor-lstm", lambda: SequenceRegressor(2, 4, 1, cell="lstm", num_layers=2), (2, 7, 2)),
]
MODEL_IDS = [name for name, _, _ in MODELS]


def _input(shape: tuple[int, ...], seed: int = 0) -> torch.Tensor:
    return torch.randn(shape, generator=torch.Generator().manual_seed(seed))


def _output(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    out = model(x)
    return out[0] if isinstance(out, tuple) else out


# ---------------------------------------------------------------------------------------------
# Output shapes


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("batch", [1, 5])
@pytest.mark.parametrize("steps", [1, 9])
@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("num_layers", [1, 2])
def test_classifier_shape(cell, batch, steps, bidirectional, num_layers):
    model = SequenceClassifier(
        4, 6, 3, cell=cell, num_layers=num_layers, bidirectional=bidirectional
    )
    assert model(torch.zeros(batch, steps, 4)).shape == (batch, 3)
    assert model.head.in_features == (2 if bidirectional else 1) * 6


@pytest.mark.parametrize("cell", CELLS)
def test_classifier_uses_the_right_layer(cell):
    model = SequenceClassifier(4, 6, 3, cell=cell)
    assert type(model.rnn) is {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[cell]
    assert model.rnn.batch_first


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("bidirectional", [False, True])
def test_classifier_reads_the_final_states(cell, bidirectional):
    # The logits must come from h_n of the last layer: forward state after the last step,
    # backward state after the first step.
    torch.manual_seed(0)
    model = SequenceClassifier(3, 4, 2, cell=cell, num_layers=2, bidirectional=bidirectional)
    model.eval()
    x = _input((5, 7, 3))
    output, hidden = model.rnn(x)
    h_n = hidden[0] if cell == "lstm" else hidden
    if bidirectional:
        last = torch.cat((output[:, -1, :4], output[:, 0, 4:]), dim=1)
        assert torch.allclose(last, torch.cat((h_n[-2], h_n[-1]), dim=1))
    else:
        last = output[:, -1]
        assert torch.allclose(last, h_n[-1])
    assert torch.allclose(model(x), model.head(last))


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("bidirectional", [False, True])
def test_classifier_lengths_ignore_the_padding(cell, bidirectional):
    torch.manual_seed(0)
    model = SequenceClassifier(3, 4, 2, cell=cell, bidirectional=bidirectional).eval()
    sequences = [_input((n, 3), seed=n) for n in (5, 2, 7)]
    padded = pad_sequence(sequences, batch_first=True)  # (3, 7, 3)
    logits = model(padded, torch.tensor([5, 2, 7]))
    for i, seq in enumerate(sequences):
        assert torch.allclose(logits[i], model(seq.unsqueeze(0))[0], atol=1e-6)
    # Without the lengths, the padding zeros are read as data.
    assert not torch.allclose(model(padded)[1], logits[1], atol=1e-6)


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("batch", [1, 4])
@pytest.mark.parametrize("steps", [1, 11])
@pytest.mark.parametrize("num_layers", [1, 3])
def test_regressor_shapes(cell, batch, steps, num_layers):
    model = SequenceRegressor(2, 5, 3, cell=cell, num_layers=num_layers)
    outputs, hidden = model(torch.zeros(batch, steps, 2))
    assert outputs.shape == (batch, steps, 3)
    states = hidden if cell == "lstm" else (hidden,)
    for state in states:
        assert state.shape == (num_layers, batch, 5)


@pytest.mark.parametrize("cell", CELLS)
def test_regressor_carried_state_equals_one_long_pass(cell):
    torch.manual_seed(0)
    model = SequenceRegressor(1, 6, cell=cell).eval()
    x = _input((2, 12, 1))
    whole, _ = model(x)
    first, hidden = model(x[:, :5])
    second, _ = model(x[:, 5:], hidden)
    assert torch.allclose(torch.cat((first, second), dim=1), whole, atol=1e-6)
    fresh, _ = model(x[:, 5:])
    assert not torch.allclose(fresh, second)


def test_lstm_and_gru_parameter_counts():
    # 4 (LSTM) or 3 (GRU) blocks of h * (in + h) weights and 2h biases, plus the linear head.
    i, h, c = 7, 5, 3
    for cell, blocks in [("lstm", 4), ("gru", 3), ("rnn", 1)]:
        model = SequenceClassifier(i, h, c, cell=cell)
        expected = blocks * (h * (i + h) + 2 * h) + (h + 1) * c
        assert sum(p.numel() for p in model.parameters()) == expected


# ---------------------------------------------------------------------------------------------
# Gradients, overfitting, determinism


@pytest.mark.parametrize(("factory", "shape"), [m[1:] for m in MODELS], ids=MODEL_IDS)
def test_every_parameter_gets_a_finite_gradient(factory, shape):
    torch.manual_seed(0)
    model = factory().train()
    loss = _output(model, _input(shape)).pow(2).mean()
    loss.backward()
    params = [(name, p) for name, p in model.named_parameters() if p.requires_grad]
    assert params
    for name, p in params:
        assert p.grad is not None, name
        assert torch.isfinite(p.grad).all(), name
        assert p.grad.abs().sum() > 0, name


@pytest.mark.parametrize("cell", CELLS)
def test_classifier_overfits_eight_sequences(cell):
    torch.manual_seed(0)
    x = torch.randn(8, 5, 3)
    y = torch.tensor([0, 1, 2, 3, 0, 1, 2, 3])  # arbitrary labels: only memorising fits them
    model = SequenceClassifier(3, 16, 4, cell=cell)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
    for _ in range(150):
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
    assert loss.item() < 0.05
    assert torch.equal(model.eval()(x).argmax(1), y)


def test_regressor_fits_a_tiny_batch():
    torch.manual_seed(0)
    x = torch.randn(4, 6, 1)
    y = torch.cumsum(x, dim=1)  # a running sum needs memory
    model = SequenceRegressor(1, 16)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
    losses = []
    for _ in range(150):
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(x)[0], y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    assert losses[-1] < 0.02 * losses[0]


@pytest.mark.parametrize(("factory", "shape"), [m[1:] for m in MODELS], ids=MODEL_IDS)
def test_same_seed_gives_identical_outputs(factory, shape):
    outputs = []
    for _ in range(2):
        torch.manual_seed(123)
        model = factory()
        outputs.append(_output(model, _input(shape)))  # train mode: dropout masks are seeded
    assert torch.equal(outputs[0], outputs[1])
    torch.manual_seed(124)
    assert not torch.equal(_output(factory(), _input(shape)), outputs[0])


def test_classifier_dropout_differs_between_train_and_eval():
    torch.manual_seed(0)
    model = SequenceClassifier(3, 32, 4, dropout=0.5)
    x = torch.randn(6, 5, 3)
    model.train()
    assert not torch.equal(model(x), model(x))
    model.eval()
    assert torch.equal(model(x), model(x))


def test_single_layer_dropout_does_not_warn():
    # nn.LSTM warns about dropout with num_layers=1; the classifier applies it before the head.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = SequenceClassifier(3, 4, 2, dropout=0.3)
    assert model.rnn.dropout == 0.0
    assert model.dropout.p == 0.3


# ---------------------------------------------------------------------------------------------
# Errors


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"input_size": 0}, ValueError, r"input_size must be a positive int, got 0"),
        ({"hidden_size": 2.5}, ValueError, r"hidden_size must be a positive int, got 2\.5"),
        ({"num_classes": True}, ValueError, r"num_classes must be a positive int, got True"),
        ({"cell": "transformer"}, ValueError, r"cell must be one of .*'lstm'.*got 'transformer'"),
        ({"cell": "LSTM"}, ValueError, r"got 'LSTM'"),
        ({"num_layers": 0}, ValueError, r"num_layers must be a positive int, got 0"),
        ({"bidirectional": 1}, TypeError, r"bidirectional must be True or False, got 1"),
        ({"dropout": 1.0}, ValueError, r"dropout must be in \[0, 1\), got 1\.0"),
        ({"dropout": "0.1"}, TypeError, r"dropout must be a float in \[0, 1\), got '0\.1'"),
    ],
)
def test_classifier_rejects_bad_arguments(kwargs, error, match):
    args = {"input_size": 3, "hidden_size": 4, "num_classes": 2, **kwargs}
    with pytest.raises(error, match=match):
        SequenceClassifier(
            args.pop("input_size"), args.pop("hidden_size"), args.pop("num_classes"), **args
        )


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"input_size": -1}, r"input_size must be a positive int, got -1"),
        ({"output_size": 0}, r"output_size must be a positive int, got 0"),
        ({"cell": "cnn"}, r"cell must be one of \['gru', 'lstm', 'rnn'\], got 'cnn'"),
        ({"num_layers": 1.0}, r"num_layers must be a positive int, got 1\.0"),
    ],
)
def test_regressor_rejects_bad_arguments(kwargs, match):
    args = {"input_size": 1, "hidden_size": 4, **kwargs}
    with pytest.raises(ValueError, match=match):
        SequenceRegressor(args.pop("input_size"), args.pop("hidden_size"), **args)


@pytest.mark.parametrize(
    "shape",
    [(5, 3), (2, 5, 4), (2, 5, 3, 1), (0, 5, 3), (2, 0, 3)],
)
@pytest.mark.parametrize("model_cls", [SequenceClassifier, SequenceRegressor])
def test_bad_input_shape_is_rejected(model_cls, shape):
    model = model_cls(3, 4, 2)
    name = model_cls.__name__
    message = re.escape(f"{name} expects input of shape (N, T, 3)") + ".*"
    message += re.escape(f"got {tuple(shape)}")
    with pytest.raises(ValueError, match=message):
        model(torch.zeros(shape))


def test_non_tensor_input_is_rejected():
    with pytest.raises(TypeError, match=r"SequenceClassifier expects a tensor of shape"):
        SequenceClassifier(3, 4, 2)([[0.0, 1.0, 2.0]])


@pytest.mark.parametrize(
    "lengths",
    [
        torch.tensor([3, 2]),  # one length for three sequences
        torch.tensor([3, 0, 2]),  # an empty sequence
        torch.tensor([3, 6, 2]),  # longer than the padded batch
        torch.tensor([3.0, 2.0, 1.0]),  # not integers
    ],
)
def test_bad_lengths_are_rejected(lengths):
    model = SequenceClassifier(3, 4, 2)
    with pytest.raises(ValueError, match=r"lengths must hold 3 integers between 1 and 5"):
        model(torch.zeros(3, 5, 3), lengths)
