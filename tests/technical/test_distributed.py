"""DDP through torchrun: 2 gloo processes give the single-process weights."""

from __future__ import annotations

import pytest
import torch

from technical.distributed import DDPConfig, launch_ddp, train_reference
from technical.errors import TechnicalUserError


def test_two_process_ddp_weights_equal_the_single_process_reference() -> None:
    # Tolerance 1e-5: the only difference is the order of float additions in the all-reduce
    # (mean of two half-batch gradients vs one full-batch mean), ~1e-7 per step.
    config = DDPConfig(samples=256, epochs=1, batch_size=32)
    model, info = launch_ddp(config, nproc=2)
    reference = train_reference(config)
    assert info["world_size"] == 2 and info["backend"] in ("gloo", "nccl")
    for k, v in reference.state_dict().items():
        torch.testing.assert_close(model.state_dict()[k], v, atol=1e-5, rtol=0)


def test_missing_torchrun_is_a_user_error() -> None:
    with pytest.raises(TechnicalUserError, match="torchrun not found"):
        launch_ddp(DDPConfig(), torchrun="/nonexistent/torchrun")
