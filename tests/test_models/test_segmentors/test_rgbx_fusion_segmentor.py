"""RGB-X fusion segmentor, its data preprocessor and the cross-modal algorithm."""
import os.path as osp

import pytest
import torch
from conftest import CONFIGS, build_model, fake_batch
from mmengine.config import Config

TEACHER = f'{CONFIGS}/lix/deeplabv3_r18w32-rgbd-tiny_1xb8-300_offline-street-128x256.py'
LIX = (f'{CONFIGS}/lix/lix_deeplabv3-r18w32-rgbd-tiny_pspnet-r18w16-tiny_1xb8-300_'
       'offline-street-128x256.py')


def rgbd_batch(batch_size=2):
    batch = fake_batch(batch_size)
    batch['inputs'] = [torch.cat([img.float(), torch.rand(1, *img.shape[1:]) * 60])
                       for img in batch['inputs']]
    return batch


def test_intermediate_fusion_adds_x_stream_stage_by_stage():
    model = build_model(Config.fromfile(TEACHER).model).eval()
    x = torch.randn(1, 4, 64, 64)
    feats = model.extract_feat(x)
    net, xnet = model.backbone, model.x_backbone
    from mmkd_ext.models.segmentors.rgbx_fusion_segmentor import _stem
    r, d = _stem(net, x[:, :3]), _stem(xnet, x[:, 3:])
    r = r + d
    for i, (a, b) in enumerate(zip(net.res_layers, xnet.res_layers)):
        d = getattr(xnet, b)(d)
        r = getattr(net, a)(r) + d
        assert torch.allclose(feats[i], r)
    with pytest.raises(ValueError, match='input channels'):
        model.extract_feat(x[:, :3])


def test_late_fusion_concatenates_levels():
    cfg = Config.fromfile(TEACHER).model
    cfg.fusion = 'late'
    cfg.decode_head.in_channels = 512
    cfg.auxiliary_head.in_channels = 256
    model = build_model(cfg).eval()
    feats = model.extract_feat(torch.randn(1, 4, 64, 64))
    assert [f.shape[1] for f in feats] == [64, 128, 256, 512]
    cfg.fusion = 'early'
    with pytest.raises(ValueError, match='model.fusion'):
        build_model(cfg)


def test_data_preprocessor_normalises_each_modality():
    from mmseg.registry import MODELS
    pre = MODELS.build(dict(type='RGBXDataPreProcessor', mean=[1., 2., 3.], std=[1., 1., 2.],
                            x_mean=[10.], x_std=[5.], bgr_to_rgb=True))
    img = torch.arange(4 * 2 * 2, dtype=torch.float32).reshape(4, 2, 2)
    out = pre(dict(inputs=[img], data_samples=None))['inputs'][0]
    assert torch.allclose(out[0], img[2] - 1) and torch.allclose(out[2], (img[0] - 3) / 2)
    assert torch.allclose(out[3], (img[3] - 10) / 5)
    with pytest.raises(ValueError, match='ConcatXModality'):
        pre(dict(inputs=[img[:3]], data_samples=None))


def test_cross_modal_algorithm_routes_modalities():
    cfg = Config.fromfile(LIX)
    cfg.model.teacher_ckpt = None
    model = build_model(cfg.model)
    seen = {}

    def spy(name):
        def hook(module, args):
            seen[name] = args[0].shape[1]
        return hook
    model.teacher.register_forward_pre_hook(spy('teacher'))
    model.architecture.backbone.register_forward_pre_hook(spy('student'))
    data = model.data_preprocessor(rgbd_batch(), True)
    losses = model(**data, mode='loss')
    assert seen == dict(teacher=4, student=3)
    assert {'distill.loss_dwld', 'distill.loss_arfd_s3', 'distill.loss_arfd_s4'} <= set(losses)
    assert all(torch.isfinite(v).all() for v in losses.values())
    model.eval()
    preds = model(**model.data_preprocessor(rgbd_batch(), False), mode='predict')
    assert preds[0].pred_sem_seg.data.shape == (1, 128, 256)
    with pytest.raises(ValueError, match='X must go to the teacher only'):
        model.architecture(data['inputs'], data['data_samples'], mode='tensor')
    with pytest.raises(ValueError, match='teacher needs image'):
        model(data['inputs'][:, :3], data['data_samples'], mode='loss')


def test_lix_configs_exist():
    assert osp.exists(LIX) and osp.exists(TEACHER)
