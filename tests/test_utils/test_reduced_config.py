"""The reductions the paper-config checker applies: only data root, sizes, weights and
schedule change."""
import os.path as osp

from mmengine.config import Config

from conftest import CONFIGS
from mmkd_ext.utils.reduced_config import (datasets, drop_pretrained, pretrained_weights,
                                           reduce_config, replace_data_root, scale_sizes)

CITYSCAPES = osp.join(CONFIGS, 'bckd', 'bckd_pspnet-r101_pspnet-r18_4xb2-80k_cityscapes-'
                      '512x1024.py')
COCO = osp.join(CONFIGS, 'bckd', 'bckd_gfl-r101_gfl-r50_8xb2-2x_coco-1333x800.py')
VOC = osp.join(CONFIGS, 'heteroakd', 'heteroakd_deeplabv3-r101_segformer-mitb0_4xb4-40k_'
               'voc12aug-512x512.py')


def transform(cfg, name):
    return next(t for t in cfg.train_dataloader.dataset.pipeline if t['type'] == name)


def test_scale_sizes_crops_resizes_and_every_preprocessor():
    cfg = Config.fromfile(CITYSCAPES)
    scale_sizes(cfg, 0.125)
    assert transform(cfg, 'RandomCrop')['crop_size'] == (64, 128)
    assert transform(cfg, 'RandomResize')['scale'] == (256, 128)
    assert transform(cfg, 'RandomResize')['ratio_range'] == (0.5, 2.0)  # ratios stay
    # the Runner merges the top-level preprocessor into the algorithm: both scaled
    assert tuple(cfg.data_preprocessor['size']) == (64, 128)
    assert tuple(cfg.model.architecture.data_preprocessor['size']) == (64, 128)
    assert cfg.model.architecture.backbone.strides == (1, 2, 1, 1)


def test_scale_sizes_reaches_detection_multi_scale_lists():
    cfg = Config.fromfile(COCO)
    before = transform(cfg, 'RandomResize')['scale'] if any(
        t['type'] == 'RandomResize' for t in cfg.train_dataloader.dataset.pipeline) else None
    scale_sizes(cfg, 0.5)
    if before is not None:
        after = transform(cfg, 'RandomResize')['scale']
        assert after == type(before)(type(s)(round(v * 0.5) for v in s) for s in before)
    resize = next(t for t in cfg.test_dataloader.dataset.pipeline if t['type'] == 'Resize')
    assert tuple(resize['scale']) == (666, 400) or tuple(resize['scale']) == (667, 400)


def test_replace_data_root_reaches_concat_datasets_and_evaluators():
    cfg = Config.fromfile(VOC)
    replace_data_root(cfg, '/data/sample')
    assert {ds['data_root'] for ds in datasets(cfg)} == {'/data/sample'}
    cfg = Config.fromfile(COCO)
    replace_data_root(cfg, '/data/coco-sample')
    assert cfg.val_evaluator.ann_file == '/data/coco-sample/annotations/instances_val2017.json'


def test_drop_pretrained_leaves_no_download():
    cfg = Config.fromfile(COCO)
    assert pretrained_weights(cfg) == [('ResNet', 'torchvision://resnet50')]
    drop_pretrained(cfg)
    assert pretrained_weights(cfg) == []


def test_reduce_config_short_schedule():
    cfg = reduce_config(Config.fromfile(COCO), '/data/x', 0.125, iters=4, val_interval=2)
    assert cfg.train_cfg == dict(type='IterBasedTrainLoop', max_iters=4, val_interval=2)
    assert cfg.default_hooks.checkpoint.interval == 2
    assert all(not s.get('by_epoch') for s in cfg.param_scheduler)
    assert cfg.model.architecture.test_cfg.score_thr == 0.0


def test_scale_sizes_reaches_pad_inside_concat_datasets():
    cfg = Config.fromfile(osp.join(CONFIGS, 'bckd', 'bckd_pspnet-r101_pspnet-r18_4xb4-20k_'
                                   'voc12aug-512x512.py'))
    scale_sizes(cfg, 0.125)
    for ds in cfg.train_dataloader.dataset.datasets:
        pads = [t for t in ds.pipeline if t['type'] == 'Pad']
        assert pads and all(tuple(t['size']) == (64, 64) for t in pads)


def test_short_schedule_shrinks_hook_iterations_in_proportion():
    cfg = Config.fromfile(osp.join(CONFIGS, 'heteroakd', 'heteroakd_deeplabv3-r101_segformer-'
                                   'mitb0_8xb2-160k_ade20k-512x512.py'))
    hook = next(h for h in cfg.custom_hooks if 'DistillWeightSchedule' in h['type'])
    assert hook['warmup_iters'] == 2000
    reduce_config(cfg, None, 1.0, iters=4, val_interval=2)
    assert hook['warmup_iters'] == 0  # 2000 of 160k iterations -> 0 of 4
