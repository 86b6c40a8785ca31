"""How much ``deeplearn_notes.fit`` costs over a hand-written training loop.

Both train the same MLP on the same digits with the same optimiser, seed and epochs; they run
alternately, with the garbage collector paused. The result is the ratio of the two fastest
runs (fit / hand loop): a run can only be slowed down by the rest of the machine, never sped
up, so each side's minimum is its own cost. The median of the per-pair ratios, which moves with
the machine's load, is kept for comparison.
"""

from __future__ import annotations

import gc
import statistics
import time

import torch
from _results import machine, update
from torch import nn

from deeplearn_notes import MLP, fit, get_device, load_digits, make_loaders, seed_everything

EPOCHS = 3
PAIRS = 11


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
    ratios, hand_times, fit_times = [], [], []
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
        hand_times.append(hand)
        fit_times.append(fitted)
        gc.collect()
    gc.enable()
    ratio = min(fit_times) / min(hand_times)
    median = statistics.median(ratios)
    update(
        fit_overhead_ratio=round(ratio, 4),
        fit_ratio_median=round(median, 4),
        fit_ratios=[round(r, 4) for r in ratios],
        **machine(),
    )
    print(
        f"fit / hand-written loop: {ratio:.3f} (fastest runs), "
        f"median of {PAIRS} pair ratios {median:.3f}"
    )


if __name__ == "__main__":
    main()
