"""Channel and stride mismatches fail when the model is built, naming the key."""
import pytest
import torch
from mmengine.config import Config

from conftest import CONFIGS, CWD, build_model

LIX = (f'{CONFIGS}/lix/lix_deeplabv3-r18w32-rgbd-tiny_pspnet-r18w16-tiny_1xb8-300_'
       'offline-street-128x256.py')
BCKD = (f'{CONFIGS}/bckd/bckd_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_1xb8-300_'
        'offline-street-128x256.py')


def config(path: str) -> Config:
    cfg = Config.fromfile(path)
    cfg.model.teacher_ckpt = None
    return cfg


def fitnet_cfg(student_source: str, in_channels: int) -> Config:
    """CWD pair with a FitNet-style L2 loss on backbone stages."""
    cfg = config(CWD)
    distiller = cfg.model.distiller
    distiller.student_recorders = dict(
        feat=dict(type='ModuleOutputs', source=student_source))
    distiller.teacher_recorders = dict(
        feat=dict(type='ModuleOutputs', source='backbone.layer2'))
    distiller.connectors = dict(hint=dict(
        type='ConvModuleConnector', in_channel=in_channels, out_channel=64,
        norm_cfg=None, act_cfg=None))
    distiller.distill_losses = dict(loss_fitnet=dict(type='L2Loss', normalize=False))
    distiller.loss_forward_mappings = dict(loss_fitnet=dict(
        s_feature=dict(from_student=True, recorder='feat', connector='hint'),
        t_feature=dict(from_student=False, recorder='feat')))
    return cfg


def test_matching_fitnet_pair_builds():
    # student layer2: 32 channels at stride 8, teacher layer2: 64 channels at stride 8
    build_model(fitnet_cfg('backbone.layer2', in_channels=32).model)


def test_connector_channel_mismatch_names_the_connector():
    cfg = fitnet_cfg('backbone.layer2', in_channels=48)
    with pytest.raises(ValueError, match=r'model\.distiller\.connectors\.hint fails on the '
                       r"student record 'feat' of shape \(2, 32, 8, 8\)"):
        build_model(cfg.model)


def test_stride_mismatch_names_the_loss():
    # student layer1 has stride 4: the right channels after the connector, twice the size
    cfg = fitnet_cfg('backbone.layer1', in_channels=16)
    with pytest.raises(ValueError, match=r'model\.distiller\.distill_losses\.loss_fitnet '
                       r'\(L2Loss\) fails on its inputs s_feature=\(2, 64, 16, 16\), '
                       r't_feature=\(2, 64, 8, 8\)'):
        build_model(cfg.model)


def test_cross_modal_aligner_mismatch():
    cfg = config(LIX)
    cfg.model.distiller.connectors.align_s4.in_channels = 64
    with pytest.raises(ValueError, match=r'connectors\.align_s4 fails on the student record '
                       r"'s4'"):
        build_model(cfg.model)


def test_probe_can_be_switched_off():
    cfg = fitnet_cfg('backbone.layer1', in_channels=16)
    cfg.model.shape_probe_size = None
    build_model(cfg.model)


def test_probe_leaves_no_trace():
    model = build_model(config(BCKD).model)
    assert model.training and model.student.training and not model.teacher.training
    for name, loss in model.distiller.distill_losses.items():
        for buffer_name, buffer in loss.named_buffers():
            fresh = type(loss)(**_init_args(config(BCKD), name))
            assert torch.equal(buffer, dict(fresh.named_buffers())[buffer_name])
    for manager in (model.distiller.student_recorders, model.distiller.teacher_recorders):
        assert all(not r.data_buffer for r in manager.recorders.values())
    bn = next(m for m in model.student.modules() if isinstance(m, torch.nn.BatchNorm2d))
    assert bn.num_batches_tracked.item() == 0


def _init_args(cfg: Config, loss_name: str) -> dict:
    args = dict(cfg.model.distiller.distill_losses[loss_name])
    args.pop('type')
    return args
