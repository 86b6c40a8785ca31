"""GPU checks: results on CUDA agree with the CPU. Skipped (by conftest.py) without a GPU."""

import copy

import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from deeplearn_notes import MLP, LeNet5, UNet, evaluate, fit, get_device, make_two_blobs

pytestmark = pytest.mark.cuda


def test_get_device_prefers_cuda():
    assert get_device().type == "cuda"
    assert get_device("cuda:0") == torch.device("cuda", 0)


@pytest.mark.parametrize(
    ("factory", "shape"),
    [
        (lambda: MLP(6, (16,), 3), (4, 6)),
        (lambda: LeNet5(), (2, 1, 28, 28)),
        (lambda: UNet(features=(4, 8)), (2, 3, 17, 23)),
    ],
)
def test_forward_matches_cpu(factory, shape):
    torch.manual_seed(0)
    model = factory().eval()
    x = torch.randn(shape)
    expected = model(x)
    result = copy.deepcopy(model).to("cuda")(x.to("cuda"))
    assert result.device.type == "cuda"
    torch.testing.assert_close(result.cpu(), expected, rtol=1e-4, atol=1e-4)


def test_fit_matches_cpu():
    x, y = make_two_blobs(16, seed=0)
    loader = DataLoader(TensorDataset(x, y), batch_size=8)  # no shuffling: same batches

    def run(device: str):
        torch.manual_seed(0)
        model = MLP(2, (8,), 2)
        history = fit(
            model,
            loader,
            loss_fn=nn.CrossEntropyLoss(),
            optimizer=torch.optim.SGD(model.parameters(), lr=0.1),
            epochs=3,
            val_loader=loader,
            device=device,
        )
        return model, history

    cpu_model, cpu_history = run("cpu")
    gpu_model, gpu_history = run("cuda")
    assert next(gpu_model.parameters()).device.type == "cuda"
    assert gpu_history.train_loss == pytest.approx(cpu_history.train_loss, rel=1e-4)
    assert gpu_history.val_accuracy == cpu_history.val_accuracy
    for p, q in zip(cpu_model.parameters(), gpu_model.parameters(), strict=True):
        torch.testing.assert_close(q.cpu(), p, rtol=1e-4, atol=1e-5)
    metrics = evaluate(gpu_model, loader, loss_fn=nn.CrossEntropyLoss())
    assert metrics["loss"] == pytest.approx(gpu_history.val_loss[-1], rel=1e-5)
