"""Recurrent models for sequences: a classifier that reads a whole sequence, a per-step regressor.

Both wrap one of PyTorch's recurrent layers (``nn.RNN``, ``nn.LSTM`` or ``nn.GRU``) with
``batch_first=True``, so their inputs have shape ``(N, T, F)``: batch size, time steps, features.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

from .models import _check_positive_int

__all__ = ["SequenceClassifier", "SequenceRegressor"]

# Typed as factories: nn.RNNBase's own __init__ takes a mode string first.
_CELLS: dict[str, Callable[..., nn.RNNBase]] = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}

Hidden = torch.Tensor | tuple[torch.Tensor, torch.Tensor]


def _check_cell(cell: object) -> str:
    if not isinstance(cell, str) or cell not in _CELLS:
        raise ValueError(f"cell must be one of {sorted(_CELLS)}, got {cell!r}")
    return cell


def _check_dropout(dropout: object) -> float:
    if isinstance(dropout, bool) or not isinstance(dropout, (int, float)):
        raise TypeError(f"dropout must be a float in [0, 1), got {dropout!r}")
    if not 0.0 <= dropout < 1.0:
        raise ValueError(f"dropout must be in [0, 1), got {dropout!r}")
    return float(dropout)


def _check_input(model: str, x: object, input_size: int) -> torch.Tensor:
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{model} expects a tensor of shape (N, T, {input_size}), got {x!r}")
    if x.dim() != 3 or x.shape[-1] != input_size or x.shape[0] == 0 or x.shape[1] == 0:
        raise ValueError(
            f"{model} expects input of shape (N, T, {input_size}) with N, T >= 1 "
            f"(batch_first), got {tuple(x.shape)}"
        )
    return x


class SequenceClassifier(nn.Module):
    """Classify a whole sequence from the recurrent layer's final hidden state.

    A recurrent layer (``nn.RNN``, ``nn.LSTM`` or ``nn.GRU``) reads the sequence step by step;
    the last layer's final hidden state, after dropout, goes through a linear layer that gives one
    logit per class. For a bidirectional layer, the final states of both directions (the forward
    one after the last step, the backward one after the first step) are concatenated.

    Parameters
    ----------
    input_size : int
        Features per time step, the last dimension of the input.
    hidden_size : int
        Size of the hidden state.
    num_classes : int
        Number of classes.
    cell : {"lstm", "gru", "rnn"}, default "lstm"
        The recurrent layer: ``nn.LSTM``, ``nn.GRU`` or the plain tanh ``nn.RNN``.
    num_layers : int, default 1
        Number of stacked recurrent layers.
    bidirectional : bool, default False
        Also read each sequence from its end to its start.
    dropout : float, default 0.0
        Dropout probability between stacked layers and before the linear layer.

    Raises
    ------
    ValueError
        In ``forward``, for an input whose shape is not ``(N, T, input_size)``, or lengths that
        do not fit it.

    Examples
    --------
    >>> import torch
    >>> from deeplearn_notes.recurrent import SequenceClassifier
    >>> model = SequenceClassifier(8, 16, 10)
    >>> model(torch.zeros(4, 8, 8)).shape   # 4 sequences of 8 steps with 8 features
    torch.Size([4, 10])
    >>> model = SequenceClassifier(3, 5, 2, cell="gru", num_layers=2, bidirectional=True)
    >>> model(torch.zeros(6, 20, 3)).shape
    torch.Size([6, 2])
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_classes: int,
        *,
        cell: str = "lstm",
        num_layers: int = 1,
        bidirectional: bool = False,
        dropout: float = 0.0,
    ) -> None:
        super().__init__()
        self.input_size = _check_positive_int("input_size", input_size)
        self.hidden_size = _check_positive_int("hidden_size", hidden_size)
        _check_positive_int("num_classes", num_classes)
        self.cell = _check_cell(cell)
        self.num_layers = _check_positive_int("num_layers", num_layers)
        if not isinstance(bidirectional, bool):
            raise TypeError(f"bidirectional must be True or False, got {bidirectional!r}")
        dropout = _check_dropout(dropout)
        self.num_directions = 2 if bidirectional else 1

        # nn.RNN's own dropout acts only between stacked layers (it warns when num_layers == 1).
        self.rnn = _CELLS[cell](
            input_size,
            hidden_size,
            num_layers=num_layers,
            batch_first=True,
            bidirectional=bidirectional,
            dropout=dropout if num_layers > 1 else 0.0,
        )
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(self.num_directions * hidden_size, num_classes)

    def forward(self, x: torch.Tensor, lengths: torch.Tensor | None = None) -> torch.Tensor:
        """Return the logits of a batch of sequences.

        Parameters
        ----------
        x : torch.Tensor
            Shape ``(N, T, input_size)``.
        lengths : torch.Tensor, optional
            Shape ``(N,)``: the true length of each sequence when shorter ones are padded at the
            end. The sequences are then packed, so that each one's final state is taken after its
            own last step and the padding is never read.

        Returns
        -------
        torch.Tensor
            Logits of shape ``(N, num_classes)``.
        """
        x = _check_input(type(self).__name__, x, self.input_size)  # (N, T, F)
        n, t = x.shape[:2]
        if lengths is not None:
            lengths = torch.as_tensor(lengths)
            if (
                lengths.shape != (n,)
                or lengths.is_floating_point()
                or lengths.min() < 1
                or lengths.max() > t
            ):
                raise ValueError(
                    f"lengths must hold {n} integers between 1 and {t} (one per sequence), "
                    f"got {lengths.tolist()}"
                )
            # pack_padded_sequence wants the lengths on the CPU, whatever the device of x.
            packed = pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
            _, hidden = self.rnn(packed)
        else:
            _, hidden = self.rnn(x)
        h_n = hidden[0] if isinstance(hidden, tuple) else hidden  # LSTM: (h_n, c_n)
        # h_n: (num_layers * num_directions, N, H); the last layer's states come last.
        last = h_n[-self.num_directions :]  # (D, N, H)
        last = last.transpose(0, 1).reshape(n, -1)  # (N, D * H): forward state, backward state
        return self.head(self.dropout(last))  # (N, num_classes)


class SequenceRegressor(nn.Module):
    """Predict an output vector at every time step of a sequence.

    A recurrent layer reads the sequence; a linear layer maps its hidden state at each step to
    ``output_size`` values. Like PyTorch's recurrent layers, ``forward`` takes an optional initial
    hidden state and returns the final one, so that a long sequence can be processed in
    consecutive windows.

    Parameters
    ----------
    input_size : int
        Features per time step, the last dimension of the input.
    hidden_size : int
        Size of the hidden state.
    output_size : int, default 1
        Values predicted at each step.
    cell : {"rnn", "lstm", "gru"}, default "rnn"
        The recurrent layer.
    num_layers : int, default 1
        Number of stacked recurrent layers.

    Raises
    ------
    ValueError
        In ``forward``, for an input whose shape is not ``(N, T, input_size)``.

    Examples
    --------
    >>> import torch
    >>> from deeplearn_notes.recurrent import SequenceRegressor
    >>> model = SequenceRegressor(1, 32)
    >>> y, h_n = model(torch.zeros(5, 40, 1))
    >>> y.shape, h_n.shape      # one prediction per step; h_n: (num_layers, N, hidden_size)
    (torch.Size([5, 40, 1]), torch.Size([1, 5, 32]))
    >>> y, h_n = model(torch.zeros(5, 40, 1), h_n.detach())   # continue where it stopped
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        output_size: int = 1,
        *,
        cell: str = "rnn",
        num_layers: int = 1,
    ) -> None:
        super().__init__()
        self.input_size = _check_positive_int("input_size", input_size)
        self.hidden_size = _check_positive_int("hidden_size", hidden_size)
        _check_positive_int("output_size", output_size)
        self.cell = _check_cell(cell)
        self.num_layers = _check_positive_int("num_layers", num_layers)
        self.rnn = _CELLS[cell](input_size, hidden_size, num_layers=num_layers, batch_first=True)
        self.head = nn.Linear(hidden_size, output_size)

    def forward(self, x: torch.Tensor, hidden: Hidden | None = None) -> tuple[torch.Tensor, Hidden]:
        """Return the predictions at every step and the final hidden state.

        Parameters
        ----------
        x : torch.Tensor
            Shape ``(N, T, input_size)``.
        hidden : torch.Tensor or (torch.Tensor, torch.Tensor), optional
            Initial hidden state of shape ``(num_layers, N, hidden_size)`` (for an LSTM, the pair
            ``(h_0, c_0)``); zeros when omitted.

        Returns
        -------
        outputs : torch.Tensor
            Shape ``(N, T, output_size)``.
        hidden : torch.Tensor or (torch.Tensor, torch.Tensor)
            The final hidden state, in the same form as ``hidden``.
        """
        x = _check_input(type(self).__name__, x, self.input_size)  # (N, T, F)
        states, hidden = self.rnn(x, hidden)  # states: (N, T, H)
        return self.head(states), hidden  # (N, T, output_size)
