"""End-to-end Runner runs of LIX (DWLD + ARFD) and its RGB-D teacher on the offline data."""
import glob
import os.path as osp

import mmcv
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from conftest import CONFIGS, REPO, TINY, run_config
from mmengine.config import Config
from mmengine.runner import Runner

from mmkd_ext.datasets import OfflineStreetDataset, generate_dataset

TEACHER = f'{CONFIGS}/lix/deeplabv3_r18w32-rgbd-tiny_1xb8-300_offline-street-128x256.py'
LIX = (f'{CONFIGS}/lix/lix_deeplabv3-r18w32-rgbd-tiny_pspnet-r18w16-tiny_1xb8-300_'
       'offline-street-128x256.py')


@pytest.fixture
def teacher_ckpt(random_teacher_ckpt):
    return random_teacher_ckpt(Config.fromfile(TEACHER).model)


def test_lix_runs_and_validates_student_and_teacher(offline_data, teacher_ckpt, tmp_path):
    cfg = run_config(LIX, offline_data, str(tmp_path / 'run'), iters=2)
    cfg.model.teacher_ckpt = teacher_ckpt
    runner = Runner.from_cfg(cfg)
    runner.train()
    logs = runner.message_hub.log_scalars
    for name in ('loss_dwld', 'loss_arfd_s3', 'loss_arfd_s4'):
        assert f'train/distill.{name}' in logs
    assert 'val/teacher.mIoU' in logs and 'val/mIoU' in logs
    for name in ('mFsc', 'fwFsc', 'fwIoU'):  # FrequencyWeightedFscoreMetric
        assert f'val/{name}' in logs and f'val/teacher.{name}' in logs
    for name in ('dwld_beta_mean', 'dwld_beta_p05', 'dwld_beta_p95', 'arfd_cka_s3',
                 'arfd_cka_s4'):  # the controller's weights and each stage's CKA
        assert f'train/{name}' in logs


def test_arfd_teacher_aligner_learns_in_the_runner(offline_data, teacher_ckpt, tmp_path):
    # the config of this option is a development config of the benchmark project
    learned = osp.join(REPO, 'projects', 'offline_benchmark', 'configs', 'lix',
                       osp.basename(LIX).replace('lix_', 'arfd-learned_', 1))
    cfg = run_config(learned, offline_data, str(tmp_path / 'run'), iters=2)
    cfg.model.teacher_ckpt = teacher_ckpt
    runner = Runner.from_cfg(cfg)
    aligner = runner.model.distiller.connectors['align_t3']
    start = [p.detach().clone() for p in aligner.parameters()]
    runner.train()
    assert any(not torch.equal(a, p) for a, p in zip(start, aligner.parameters()))
    assert 'train/distill.loss_arfd_s3' in runner.message_hub.log_scalars


def test_fusion_teacher_separates_depth_only_classes(tmp_path):
    """The RGB-D teacher tells obstacle from poster, the RGB-only model cannot.

    The two classes share colour, texture and placement and differ in depth only. Both
    models train 40 iterations on labels restricted to these two classes (the rest is
    ignore_index), then the val pixels of either class are scored by which of the two
    logits is larger.
    """
    root = generate_dataset(str(tmp_path / 'data'), num_train=16, num_val=12, seed=0)
    obstacle, poster = (OfflineStreetDataset.METAINFO['classes'].index(c)
                        for c in ('obstacle', 'poster'))
    for path in glob.glob(osp.join(root, 'ann_dir', '*', '*.png')):
        label = mmcv.imread(path, flag='unchanged')
        mmcv.imwrite(np.where(np.isin(label, (obstacle, poster)), label, 255).astype(np.uint8),
                     path)
    accuracy = {}
    for name, path in (('rgbd', TEACHER), ('rgb', TINY['cnn_teacher'])):
        cfg = run_config(path, root, str(tmp_path / name), iters=40, batch_size=4)
        cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None
        runner = Runner.from_cfg(cfg)
        runner.train()
        model = runner.model.eval()
        hits = total = 0
        with torch.no_grad():
            for batch in runner.build_dataloader(dict(cfg.test_dataloader, batch_size=4)):
                data = model.data_preprocessor(batch, False)
                logits = model(data['inputs'], mode='tensor')
                gt = torch.stack([s.gt_sem_seg.data[0] for s in data['data_samples']])
                logits = F.interpolate(logits, gt.shape[-2:], mode='bilinear')
                scored = gt != 255
                said_obstacle = logits[:, obstacle] > logits[:, poster]
                hits += (said_obstacle == (gt == obstacle))[scored].sum().item()
                total += scored.sum().item()
        accuracy[name] = hits / total
    assert total > 1000
    assert accuracy['rgbd'] > 0.65 and accuracy['rgbd'] > accuracy['rgb'] + 0.1, accuracy
