"""Shared test configuration: a headless matplotlib backend and the ``cuda`` marker's skip."""

from collections.abc import Iterator

import matplotlib
import pytest
import torch

matplotlib.use("Agg")  # before pyplot is imported anywhere: never open a window
# The tests use tiny tensors, where intra-op threads only add overhead; on a busy machine their
# spinning makes each step up to 100x slower.
torch.set_num_threads(1)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip tests marked ``cuda`` on machines without a CUDA GPU, so the marker alone is enough."""
    if torch.cuda.is_available():
        return
    skip = pytest.mark.skip(reason="needs a CUDA GPU (torch.cuda.is_available() is False)")
    for item in items:
        if item.get_closest_marker("cuda") is not None:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _headless_matplotlib() -> Iterator[None]:
    """Draw with the Agg backend and close every figure a test opened."""
    import matplotlib.pyplot as plt

    matplotlib.use("Agg")
    yield
    plt.close("all")
