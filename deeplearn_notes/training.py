"""Training and evaluation loops: ``train_one_epoch``, ``evaluate``, ``fit`` and its ``History``.

The loops keep running sums on the device and read them back once per epoch: a ``loss.item()``
per step would wait for the GPU to finish every step and slow training down.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sized
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import torch
from torch import nn

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["History", "accuracy", "evaluate", "fit", "train_one_epoch"]

LossFn = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
Batch = tuple[torch.Tensor, torch.Tensor]

# Schedulers whose schedule is defined per optimiser step rather than per epoch.
_PER_STEP_SCHEDULERS = (torch.optim.lr_scheduler.OneCycleLR, torch.optim.lr_scheduler.CyclicLR)


@dataclass
class History:
    """What :func:`fit` measured, one entry per epoch.

    Attributes
    ----------
    train_loss : list of float
        Mean training loss of each epoch (weighted by batch size).
    val_loss : list of float
        Validation loss after each epoch (empty without a validation loader).
    val_accuracy : list of float
        Validation accuracy in ``[0, 1]`` after each epoch (classification only).
    lr : list of float
        Learning rate of the first parameter group during each epoch.
    """

    train_loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)

    @property
    def epochs(self) -> int:
        """Number of epochs recorded."""
        return len(self.train_loss)

    def plot(self, ax: Axes | None = None) -> Axes:
        """Plot the loss curves (and validation accuracy on a second axis).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Where to draw; a new figure is made when omitted.

        Returns
        -------
        matplotlib.axes.Axes
            The axes holding the loss curves.
        """
        import matplotlib.pyplot as plt
        from matplotlib.ticker import MaxNLocator

        if ax is None:
            _, ax = plt.subplots()
        epochs = range(1, self.epochs + 1)
        ax.plot(epochs, self.train_loss, marker="o", label="train loss")
        if self.val_loss:
            ax.plot(epochs, self.val_loss, marker="o", label="validation loss")
        ax.set_xlabel("epoch")
        ax.set_ylabel("loss")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        handles, labels = ax.get_legend_handles_labels()
        if self.val_accuracy:
            acc_ax = ax.twinx()
            acc_ax.plot(epochs, self.val_accuracy, color="C2", marker="s", label="val accuracy")
            acc_ax.set_ylabel("accuracy")
            h, lab = acc_ax.get_legend_handles_labels()
            handles, labels = handles + h, labels + lab
        ax.legend(handles, labels, loc="best")
        return ax


def accuracy(logits: torch.Tensor, targets: torch.Tensor) -> float:
    """Fraction of rows whose highest logit is the target class.

    Parameters
    ----------
    logits : torch.Tensor
        Shape ``(N, num_classes)``.
    targets : torch.Tensor
        Integer class indices of shape ``(N,)``.

    Returns
    -------
    float
        Accuracy in ``[0, 1]``.

    Raises
    ------
    ValueError
        If the shapes do not match or the batch is empty.

    Examples
    --------
    >>> import torch
    >>> from deeplearn_notes import accuracy
    >>> accuracy(torch.tensor([[2.0, 1.0], [0.0, 3.0]]), torch.tensor([0, 0]))
    0.5
    """
    if logits.dim() != 2 or targets.dim() != 1 or logits.shape[0] != targets.shape[0]:
        raise ValueError(
            "accuracy expects logits of shape (N, num_classes) and targets of shape (N,), "
            f"got {tuple(logits.shape)} and {tuple(targets.shape)}"
        )
    if targets.numel() == 0:
        raise ValueError("accuracy of an empty batch is undefined (got N = 0)")
    return (logits.argmax(dim=1) == targets).float().mean().item()


def _resolve_device(model: nn.Module, device: str | torch.device | None) -> torch.device:
    if device is None:
        param = next(model.parameters(), None)
        return param.device if param is not None else torch.device("cpu")
    device = torch.device(device)
    model.to(device)
    return device


def _unpack(batch: Any) -> Batch:
    if not isinstance(batch, (tuple, list)) or len(batch) != 2:
        length = f" of length {len(batch)}" if isinstance(batch, (tuple, list)) else ""
        raise TypeError(
            f"the loader must yield (inputs, targets) pairs, got a {type(batch).__name__}{length}"
        )
    return batch[0], batch[1]


def _check_loader(name: str, loader: Iterable[Any]) -> None:
    if isinstance(loader, Sized) and len(loader) == 0:
        raise ValueError(f"{name} is empty: it yields no batches")


def _run_epoch(
    model: nn.Module,
    loader: Iterable[Any],
    loss_fn: LossFn,
    optimizer: torch.optim.Optimizer,
    device: torch.device,
    *,
    max_steps: int | None = None,
    scheduler: Any = None,
) -> tuple[float, int]:
    """Train for one pass (or ``max_steps`` steps); return (mean loss, steps taken)."""
    model.train()
    total = torch.zeros((), device=device)
    count = 0
    steps = 0
    for batch in loader:
        if max_steps is not None and steps >= max_steps:
            break
        inputs, targets = _unpack(batch)
        inputs = inputs.to(device, non_blocking=True)
        targets = targets.to(device, non_blocking=True)
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(inputs), targets)
        loss.backward()
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        n = inputs.shape[0]
        total += loss.detach() * n
        count += n
        steps += 1
    if count == 0:
        raise ValueError("the training loader yielded no samples")
    return (total / count).item(), steps


def train_one_epoch(
    model: nn.Module,
    loader: Iterable[Any],
    loss_fn: LossFn,
    optimizer: torch.optim.Optimizer,
    *,
    device: str | torch.device | None = None,
) -> float:
    """Train ``model`` for one pass over ``loader``.

    Parameters
    ----------
    model : torch.nn.Module
    loader : iterable of (inputs, targets)
        Usually a ``torch.utils.data.DataLoader``.
    loss_fn : callable
        ``loss_fn(outputs, targets)`` returning the mean loss of a batch.
    optimizer : torch.optim.Optimizer
    device : str or torch.device, optional
        Where to train; the model is moved there. By default, the device of the model's
        parameters.

    Returns
    -------
    float
        The epoch's mean loss, weighted by batch size.

    Raises
    ------
    ValueError
        If the loader is empty.
    TypeError
        If the loader does not yield ``(inputs, targets)`` pairs.
    """
    _check_loader("loader", loader)
    device = _resolve_device(model, device)
    mean_loss, _ = _run_epoch(model, loader, loss_fn, optimizer, device)
    return mean_loss


def evaluate(
    model: nn.Module,
    loader: Iterable[Any],
    *,
    loss_fn: LossFn | None = None,
    device: str | torch.device | None = None,
) -> dict[str, float]:
    """Evaluate ``model`` on ``loader`` in eval mode without tracking gradients.

    Parameters
    ----------
    model : torch.nn.Module
    loader : iterable of (inputs, targets)
    loss_fn : callable, optional
        When given, the mean loss (weighted by batch size) is reported as ``"loss"``.
    device : str or torch.device, optional
        Where to evaluate; by default the device of the model's parameters.

    Returns
    -------
    dict of str to float
        ``"loss"`` when ``loss_fn`` is given; ``"accuracy"`` (in ``[0, 1]``) when the model
        outputs ``(N, C)`` logits with ``C > 1`` and the targets are integer class indices.

    Raises
    ------
    ValueError
        If the loader is empty.

    Examples
    --------
    >>> import torch
    >>> from torch import nn
    >>> from torch.utils.data import DataLoader, TensorDataset
    >>> from deeplearn_notes import evaluate
    >>> model = nn.Linear(2, 2)
    >>> loader = DataLoader(TensorDataset(torch.randn(8, 2), torch.zeros(8, dtype=torch.long)))
    >>> sorted(evaluate(model, loader, loss_fn=nn.CrossEntropyLoss()))
    ['accuracy', 'loss']
    """
    _check_loader("loader", loader)
    device = _resolve_device(model, device)
    was_training = model.training
    model.eval()
    loss_sum = torch.zeros((), device=device)
    correct = torch.zeros((), device=device, dtype=torch.long)
    count = 0
    classification = True
    try:
        with torch.inference_mode():
            for batch in loader:
                inputs, targets = _unpack(batch)
                inputs = inputs.to(device, non_blocking=True)
                targets = targets.to(device, non_blocking=True)
                outputs = model(inputs)
                n = inputs.shape[0]
                if loss_fn is not None:
                    loss_sum += loss_fn(outputs, targets) * n
                is_cls = (
                    outputs.dim() == 2
                    and outputs.shape[1] > 1
                    and targets.dim() == 1
                    and not targets.is_floating_point()
                )
                classification = classification and is_cls
                if is_cls:
                    correct += (outputs.argmax(dim=1) == targets).sum()
                count += n
    finally:
        model.train(was_training)
    if count == 0:
        raise ValueError("the loader yielded no samples")
    metrics: dict[str, float] = {}
    if loss_fn is not None:
        metrics["loss"] = (loss_sum / count).item()
    if classification:
        metrics["accuracy"] = correct.item() / count
    return metrics


def fit(
    model: nn.Module,
    train_loader: Iterable[Any],
    *,
    loss_fn: LossFn,
    optimizer: torch.optim.Optimizer,
    epochs: int,
    val_loader: Iterable[Any] | None = None,
    scheduler: Any = None,
    device: str | torch.device | None = None,
    max_steps: int | None = None,
    progress: bool = False,
) -> History:
    """Train ``model`` for ``epochs`` epochs, evaluating after each one.

    Parameters
    ----------
    model : torch.nn.Module
    train_loader : iterable of (inputs, targets)
    loss_fn : callable
        ``loss_fn(outputs, targets)`` returning the mean loss of a batch.
    optimizer : torch.optim.Optimizer
    epochs : int
        Number of passes over ``train_loader``.
    val_loader : iterable of (inputs, targets), optional
        Evaluated after every epoch with :func:`evaluate`.
    scheduler : torch.optim.lr_scheduler.LRScheduler, optional
        Stepped once per epoch; ``OneCycleLR`` and ``CyclicLR``, whose schedules count optimiser
        steps, are stepped after every batch; ``ReduceLROnPlateau`` receives the validation loss
        (or, without a validation loader, the training loss).
    device : str or torch.device, optional
        Where to train; the model is moved there. By default the device of its parameters.
    max_steps : int, optional
        Stop after this many optimiser steps in total, even mid-epoch (for quick runs).
    progress : bool, default False
        Show a tqdm progress bar over the epochs.

    Returns
    -------
    History
        Per-epoch training loss, validation loss and accuracy, and learning rate.

    Raises
    ------
    ValueError
        If ``epochs`` or ``max_steps`` is not a positive int, or a loader is empty.

    Examples
    --------
    >>> import torch
    >>> from torch import nn
    >>> from torch.utils.data import DataLoader, TensorDataset
    >>> from deeplearn_notes import fit
    >>> _ = torch.manual_seed(0)
    >>> x = torch.randn(64, 1)
    >>> loader = DataLoader(TensorDataset(x, 3 * x), batch_size=16)
    >>> model = nn.Linear(1, 1)
    >>> history = fit(model, loader, loss_fn=nn.MSELoss(), epochs=20,
    ...               optimizer=torch.optim.SGD(model.parameters(), lr=0.1))
    >>> history.train_loss[-1] < history.train_loss[0]
    True
    """
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"epochs must be a positive int, got {epochs!r}")
    if max_steps is not None and (
        isinstance(max_steps, bool) or not isinstance(max_steps, int) or max_steps < 1
    ):
        raise ValueError(f"max_steps must be a positive int or None, got {max_steps!r}")
    _check_loader("train_loader", train_loader)
    if val_loader is not None:
        _check_loader("val_loader", val_loader)
    device = _resolve_device(model, device)
    per_step = isinstance(scheduler, _PER_STEP_SCHEDULERS)
    plateau = isinstance(scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau)

    history = History()
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=epochs, unit="epoch")
    steps_left = max_steps
    try:
        for _ in range(epochs):
            history.lr.append(float(optimizer.param_groups[0]["lr"]))
            train_loss, steps = _run_epoch(
                model,
                train_loader,
                loss_fn,
                optimizer,
                device,
                max_steps=steps_left,
                scheduler=scheduler if per_step else None,
            )
            history.train_loss.append(train_loss)
            postfix = {"train_loss": f"{train_loss:.4f}"}
            if val_loader is not None:
                metrics = evaluate(model, val_loader, loss_fn=loss_fn, device=device)
                history.val_loss.append(metrics["loss"])
                postfix["val_loss"] = f"{metrics['loss']:.4f}"
                if "accuracy" in metrics:
                    history.val_accuracy.append(metrics["accuracy"])
                    postfix["val_acc"] = f"{metrics['accuracy']:.4f}"
            if scheduler is not None and not per_step:
                if plateau:
                    scheduler.step(history.val_loss[-1] if history.val_loss else train_loss)
                else:
                    scheduler.step()
            if bar is not None:
                bar.set_postfix(postfix)
                bar.update()
            if steps_left is not None:
                steps_left -= steps
                if steps_left <= 0:
                    break
    finally:
        if bar is not None:
            bar.close()
    return history
