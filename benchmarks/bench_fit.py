"""How much ``deeplearn_notes.fit`` costs over a hand-written training loop.

Both train the same MLP on the same digits with the same optimiser, seed and one epoch; they
run alternately, many times, with the garbage collector paused. This machine's speed drifts by
tens of percent within seconds, so two long runs far apart in time compare the machine more
than the code: each short fit run is compared with the hand-written run next to it, and the
result is the median of those ratios (with its quartiles). ``fit`` is called once per epoch,
so its per-call setup counts in full.
"""

from __future__ import annotations

import gc
import statistics
import time

import torch
from _results import machine, update
from torch import nn

from deeplearn_notes import MLP, fit, get_device, load_digits, make_loaders, seed_everything

EPOCHS = 1
PAIRS = 201  # about 20 s; the median moves by about 1% between runs


def setup():
    seed_everything(0)
    device = get_device()
    train, test = load_digits(size=8)
    train_loader, _ = make_loaders(train, test, batch_size=32, seed=0)
    model = MLP(64, (128, 64), 10).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    return model, optimizer, train_loader, device


def hand_loop() -> float:
    model, optimizer, loader, device = setup()
    loss_fn = nn.CrossEntropyLoss()
    start = time.perf_counter()
    for _ in range(EPOCHS):
        model.train()
        total, count = torch.zeros((), device=device), 0
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.detach() * x.shape[0]
            count += x.shape[0]
        (total / count).item()
    return time.perf_counter() - start


def with_fit() -> float:
    model, optimizer, loader, device = setup()
    start = time.perf_counter()
    fit(
        model,
        loader,
        loss_fn=nn.CrossEntropyLoss(),
        optimizer=optimizer,
        epochs=EPOCHS,
        device=device,
    )
    return time.perf_counter() - start


def main() -> None:
    torch.set_num_threads(1)  # small model: threads only add noise on a shared machine
    hand_loop(), with_fit()  # warm-up: first calls pay for lazy initialisation
    ratios = []
    gc.disable()
    for i in range(PAIRS):
        # Alternate the order so neither side always runs on a warmer machine.
        if i % 2 == 0:
            hand = hand_loop()
            fitted = with_fit()
        else:
            fitted = with_fit()
            hand = hand_loop()
        ratios.append(fitted / hand)
    gc.enable()
    ratio = statistics.median(ratios)
    low, _, high = statistics.quantiles(ratios, n=4)
    update(
        fit_overhead_ratio=round(ratio, 4),
        fit_ratio_quartiles=[round(low, 4), round(high, 4)],
        **machine(),
    )
    print(
        f"fit / hand-written loop: {ratio:.3f} (median of {PAIRS} neighbouring pairs; "
        f"quartiles {low:.3f} and {high:.3f})"
    )


if __name__ == "__main__":
    main()
