import importlib
import sys

import pytest
import torch
from mmengine.logging import HistoryBuffer
from mmengine.runner.checkpoint import CheckpointLoader
from torch.ao.quantization import fuser_method_mappings as fmm

from mmkd_ext import compat


def test_fuser_helpers_have_torch113_semantics():
    f = lambda is_qat, *args: (is_qat, args)  # noqa: E731
    assert fmm.reverse2(f)(True, 'x', 'y') == (True, ('y', 'x'))
    assert fmm.reverse3(f)(False, 'x', ('y', 'z')) == (False, ('z', 'y', 'x'))
    seq = lambda *mods: mods  # noqa: E731
    assert fmm.reverse_sequential_wrapper2(seq)(True, 'a', 'b') == ('b', 'a')


def test_fuser_patch_is_idempotent_and_only_when_needed():
    assert compat.patch_fuser_method_mappings() is False
    saved = fmm.reverse2
    del fmm.reverse2
    try:
        assert compat.patch_fuser_method_mappings() is True
        assert callable(fmm.reverse2)
    finally:
        fmm.reverse2 = saved


def test_mmrazor_models_import_and_lazy_backend_table():
    importlib.import_module('mmrazor.models')
    mapping = sys.modules[compat._MAPPING_MODULE]
    table = mapping.BackendConfigs
    assert isinstance(table, compat.LazyBackendConfigs)
    assert sorted(table) == ['academic', 'native', 'openvino', 'tensorrt']
    assert compat.patch_mmrazor_backend_configs() is False  # already there
    try:
        table['native']
    except RuntimeError as e:  # this torch cannot build it: clear message
        assert 'Distillation does not need them' in str(e)


def _mmengine_checkpoint(path):
    torch.save(
        dict(
            state_dict=dict(w=torch.ones(2)),
            message_hub=dict(log_scalars=dict(loss=HistoryBuffer([1.0], [1]))),
            meta=dict(iter=3)), path)


def test_checkpoint_with_mmengine_objects_loads(tmp_path):
    path = str(tmp_path / 'iter_3.pth')
    _mmengine_checkpoint(path)
    ckpt = CheckpointLoader.load_checkpoint(path, map_location='cpu')
    assert torch.equal(ckpt['state_dict']['w'], torch.ones(2))
    assert isinstance(ckpt['message_hub']['log_scalars']['loss'], HistoryBuffer)
    assert compat.patch_checkpoint_loading() is False  # idempotent


@pytest.mark.skipif(
    compat.TORCH_VERSION < compat.digit_version('2.6.0'),
    reason='weights_only is the torch.load default only from torch 2.6')
def test_plain_torch_load_would_fail_without_the_patch(tmp_path):
    path = str(tmp_path / 'iter_3.pth')
    _mmengine_checkpoint(path)
    with pytest.raises(Exception, match='HistoryBuffer'):
        torch.load(path)


def test_local_loader_reports_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        compat.load_from_local(str(tmp_path / 'nope.pth'))


def test_cpu_process_group_and_ddp(monkeypatch):
    """mmengine would call torch.cuda.set_device and pass device_ids=[rank]."""
    import socket
    from datetime import timedelta

    import torch.distributed as dist
    from mmengine.dist import utils as dist_utils
    from mmengine.model import MMDistributedDataParallel
    from torch import nn
    assert compat.patch_cpu_distributed() is False  # applied on import, once
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: False)
    for attempt in range(2):  # a rendezvous on a just-freed port can stall once: retry
        with socket.socket() as s:
            s.bind(('127.0.0.1', 0))
            port = s.getsockname()[1]
        for key, value in dict(RANK='0', LOCAL_RANK='0', WORLD_SIZE='1',
                               MASTER_ADDR='127.0.0.1', MASTER_PORT=str(port)).items():
            monkeypatch.setenv(key, value)
        try:
            with pytest.warns(UserWarning, match='gloo'):
                dist_utils._init_dist_pytorch('nccl', timeout=timedelta(seconds=30))
            break
        except RuntimeError:
            if attempt:
                raise
    try:
        assert dist.get_backend() == 'gloo'
        ddp = MMDistributedDataParallel(module=nn.Linear(2, 2), device_ids=[0],
                                        broadcast_buffers=False)
        ddp(torch.ones(1, 2)).sum().backward()
        assert ddp.module.weight.grad is not None
    finally:
        dist.destroy_process_group()


def _sgd(model):
    return torch.optim.SGD(model.parameters(), lr=0.1)


@pytest.mark.skipif(compat.get_device() != 'cpu',
                    reason='the patch is for machines without an accelerator')
def test_amp_optim_wrapper_trains_on_cpu():
    from mmengine.optim import AmpOptimWrapper
    from mmengine.optim.optimizer import amp_optimizer_wrapper
    from torch import nn
    assert compat.patch_cpu_amp() is False  # applied on import, once
    model = nn.Linear(4, 2)
    with pytest.raises(AssertionError, match='only available'):  # mmengine's own __init__
        compat._mmengine_amp_init(AmpOptimWrapper.__new__(AmpOptimWrapper),
                                  optimizer=_sgd(model))
    wrapper = AmpOptimWrapper(optimizer=_sgd(model), dtype='bfloat16', loss_scale='dynamic')
    assert type(wrapper.loss_scaler) is torch.amp.GradScaler and wrapper.loss_scaler.is_enabled()
    assert wrapper.loss_scaler.get_scale() == 2.0**16 and wrapper.cast_dtype == torch.bfloat16
    assert amp_optimizer_wrapper.GradScaler is torch.cuda.amp.GradScaler  # swapped back
    with wrapper.optim_context(model):
        out = model(torch.ones(3, 4))
    assert out.dtype == torch.bfloat16
    before = model.weight.detach().clone()
    wrapper.update_params(out.float().sum())  # d/dw = 3 for every weight, once unscaled
    torch.testing.assert_close(model.weight.detach(), before - 0.1 * 3)
    assert 'loss_scaler' in wrapper.state_dict()
    static = AmpOptimWrapper(optimizer=_sgd(model), loss_scale=512.0)
    assert static.loss_scaler.get_scale() == 512.0 and static._scale_update_param == 512.0
    with pytest.raises(ValueError, match='use_fsdp'):
        AmpOptimWrapper(optimizer=_sgd(model), use_fsdp=True)


def test_cpu_amp_patch_only_without_accelerator(monkeypatch):
    from mmengine.optim import AmpOptimWrapper
    monkeypatch.setattr(AmpOptimWrapper, '__init__', compat._mmengine_amp_init)
    monkeypatch.setattr(compat, 'get_device', lambda: 'cuda')
    assert compat.patch_cpu_amp() is False
    assert AmpOptimWrapper.__init__ is compat._mmengine_amp_init
    monkeypatch.setattr(compat, 'get_device', lambda: 'cpu')
    assert compat.patch_cpu_amp() is (compat.TORCH_VERSION >= compat.digit_version('2.3.0'))
    assert compat.patch_cpu_amp() is False
