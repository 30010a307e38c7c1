"""BCKD on mmdet detectors end to end: shrunk RetinaNet and Cascade Mask R-CNN configs on a
tiny fake COCO written here, and the tiny GFL BCKD+PKD config on generated scenes
(2 iterations, CPU)."""
import json
import os.path as osp

import mmcv
import numpy as np
import pytest
from mmengine.config import Config
from mmengine.hooks import Hook
from mmdet.datasets import CocoDataset
from mmengine.runner import Runner

from conftest import CONFIGS
from mmkd_ext.datasets import generate_detection_dataset
from mmkd_ext.utils import merge_cfg_path

DET = dict(
    retinanet=f'{CONFIGS}/bckd/bckd_retinanet-r101_retinanet-r50_8xb2-1x_coco-1333x800.py',
    gfl=f'{CONFIGS}/bckd/bckd_gfl-r101_gfl-r50_8xb2-2x_coco-1333x800.py',
    cascade=(f'{CONFIGS}/bckd/'
             'bckd_cascade-mask-rcnn-r101_cascade-mask-rcnn-r50_8xb2-1x_coco-1333x800.py'))
SIZE = 64
# ResNet-18 instead of R101 / R50, no pretrained weights
SHRINK = dict(backbone=dict(depth=18, init_cfg=None),
              neck=dict(in_channels=[64, 128, 256, 512]))
# Cascade Mask R-CNN student: few proposals and RoIs, one mask conv (the teacher stops at its
# neck, its heads never run)
FEW_ROIS = {'model.architecture.train_cfg.rpn_proposal.max_per_img': 50,
            'model.architecture.roi_head.mask_head.num_convs': 1,
            'model.architecture.test_cfg.rpn.max_per_img': 20,
            'model.architecture.test_cfg.rcnn.max_per_img': 10,
            **{f'model.architecture.train_cfg.rcnn.{i}.sampler.num': 16 for i in range(3)}}


@pytest.fixture(scope='module')
def fake_coco(tmp_path_factory) -> str:
    """Four 64x64 images with one box + polygon mask of class 1 or 3 each."""
    root = tmp_path_factory.mktemp('fake_coco')
    rng = np.random.default_rng(0)
    images, annotations = [], []
    for i in range(4):
        img = rng.integers(0, 255, (SIZE, SIZE, 3), dtype=np.uint8)
        x0, y0 = 8 + 4 * i, 10 + 2 * i
        w, h = 30, 28
        img[y0:y0 + h, x0:x0 + w] = (200, 40 * i, 30)
        mmcv.imwrite(img, str(root / f'{i}.jpg'))
        images.append(dict(id=i + 1, file_name=f'{i}.jpg', height=SIZE, width=SIZE))
        annotations.append(dict(
            id=i + 1, image_id=i + 1, category_id=1 + 2 * (i % 2), iscrowd=0, area=w * h,
            bbox=[x0, y0, w, h],
            segmentation=[[x0, y0, x0 + w, y0, x0 + w, y0 + h, x0, y0 + h]]))
    # all 80 classes (the random teacher predicts any of them)
    categories = [dict(id=i + 1, name=c) for i, c in enumerate(CocoDataset.METAINFO['classes'])]
    with open(root / 'ann.json', 'w') as f:
        json.dump(dict(images=images, annotations=annotations, categories=categories), f)
    return str(root)


def tiny_det_config(path: str, data_root: str, work_dir: str) -> Config:
    """The shipped config with ResNet-18 models, 64x64 images and one 2-iteration epoch."""
    cfg = Config.fromfile(path)
    cfg.work_dir = work_dir
    cfg.merge_from_dict(dict(model=dict(architecture=SHRINK)))
    cfg.model.teacher.update(SHRINK)
    for name in ('train_dataloader', 'val_dataloader'):
        loader = cfg[name]
        loader.update(batch_size=2, num_workers=0, persistent_workers=False)
        loader.dataset.update(data_root=data_root, ann_file='ann.json', data_prefix=dict(img=''))
        for step in loader.dataset.pipeline:
            if step.type == 'Resize':
                step.scale = (SIZE, SIZE)
            elif step.type == 'RandomResize':  # GFL 2x: multi-scale training
                step.scale = [(SIZE, SIZE), (SIZE, SIZE)]
    cfg.val_evaluator.ann_file = osp.join(data_root, 'ann.json')
    cfg.train_cfg.update(max_epochs=1, val_interval=1)
    cfg.default_hooks.logger.interval = 1
    cfg.test_dataloader = cfg.test_evaluator = cfg.test_cfg = None
    return cfg


class WeightHook(Hook):
    """Records the weights of the named distillation losses before each iteration (one
    value per iteration for one name, a tuple for several)."""
    priority = 'LOW'   # after the weight schedule

    def __init__(self, names=('loss_bd',)):
        self.names = names
        self.weights = []

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        losses = runner.model.distiller.distill_losses
        values = tuple(getattr(losses, name).loss_weight for name in self.names)
        self.weights.append(values if len(values) > 1 else values[0])


@pytest.mark.parametrize('name', ['retinanet', 'gfl', 'cascade'])
def test_bckd_detector_trains_and_validates(name, fake_coco, random_teacher_ckpt, tmp_path):
    cfg = tiny_det_config(DET[name], fake_coco, str(tmp_path / name))
    if name == 'cascade':   # few proposals and RoIs on CPU
        cfg.merge_from_dict(FEW_ROIS)
    cfg.model.teacher_ckpt = random_teacher_ckpt(merge_cfg_path(cfg.model.teacher))
    runner = Runner.from_cfg(cfg)
    hook = WeightHook()
    runner.register_hook(hook)
    runner.train()
    scalars = runner.message_hub.log_scalars
    student_loss = {'retinanet': 'loss_cls', 'gfl': 'loss_dfl', 'cascade': 's0.loss_mask'}[name]
    for key in ('train/distill.loss_bd', 'train/distill.loss_cd', f'train/student.{student_loss}'):
        assert key in scalars and np.isfinite(scalars[key].current())
    assert scalars['train/distill.loss_cd'].current() > 0
    # r(t) = 1 - (t - 1) / t_max over the 2 iterations of the epoch, the config's alpha
    alpha = cfg.model.distiller.distill_losses.loss_bd.loss_weight
    assert hook.weights == [pytest.approx(alpha), pytest.approx(alpha / 2)]
    # the teacher side is a parameter-free normalised fusion, the student side trained
    fusion = runner.model.distiller.connectors
    assert len(list(fusion.fusion_T.parameters())) == 0
    assert all(p.requires_grad for p in fusion.fusion_S.parameters())
    # one fused map on the stride-8 FPN level (P3) of the 64x64 inputs, teacher and student alike
    for side, recorders in (('S', runner.model.distiller.student_recorders),
                            ('T', runner.model.distiller.teacher_recorders)):
        levels = recorders.get_recorder('stages').get_record_data()
        assert len(levels) == 5
        out = getattr(fusion, f'fusion_{side}')(levels)
        if side == 'S':
            fused, embed = out
            assert fused.shape[-3:] == (256, SIZE // 8, SIZE // 8) and embed.shape[1] == 1
        else:   # the five 256-channel levels, each normalised, on P3's grid
            assert out.shape[-3:] == (5 * 256, SIZE // 8, SIZE // 8)


def test_bckd_composed_with_pkd_decays_bckd_only(random_teacher_ckpt, tmp_path):
    """The tiny GFL BCKD+PKD config, 2 iterations on generated scenes: every term is finite
    and r(t) scales L_BD and L_CD while PKD keeps its weight."""
    root = generate_detection_dataset(str(tmp_path / 'data'), num_train=4, num_val=2)
    cfg = Config.fromfile(f'{CONFIGS}/bckd/bckd-pkd_gfl-r18w32-tiny_gfl-r18w16-tiny_'
                          '1xb4-2000_offline-street-det-256x512.py')
    cfg.work_dir = str(tmp_path / 'wd')
    cfg.train_dataloader.update(batch_size=2, num_workers=0, persistent_workers=False)
    cfg.train_dataloader.dataset.data_root = root
    cfg.train_cfg.update(max_iters=2, val_interval=10)
    cfg.param_scheduler = None
    cfg.val_dataloader = cfg.val_evaluator = cfg.val_cfg = None
    cfg.test_dataloader = cfg.test_evaluator = cfg.test_cfg = None
    cfg.model.teacher_ckpt = random_teacher_ckpt(merge_cfg_path(cfg.model.teacher))
    runner = Runner.from_cfg(cfg)
    hook = WeightHook(('loss_bd', 'loss_cd', 'loss_pkd_fpn0'))
    runner.register_hook(hook)
    runner.train()
    scalars = runner.message_hub.log_scalars
    for key in ['loss_bd', 'loss_cd'] + [f'loss_pkd_fpn{i}' for i in range(4)]:
        assert np.isfinite(scalars[f'train/distill.{key}'].current()), key
    losses = cfg.model.distiller.distill_losses
    alpha, beta = losses.loss_bd.loss_weight, losses.loss_cd.loss_weight
    assert hook.weights == [(pytest.approx(alpha), pytest.approx(beta), 6),
                            (pytest.approx(alpha / 2), pytest.approx(beta / 2), 6)]
