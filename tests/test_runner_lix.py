"""End-to-end Runner run of LIX (DWLD + ARFD) on the offline data, RGB-D teacher -> RGB."""
import torch
from conftest import CONFIGS, build_model, run_config
from mmengine.config import Config
from mmengine.runner import Runner

TEACHER = f'{CONFIGS}/lix/deeplabv3_r18w32-rgbd-tiny_1xb8-300_offline-street-128x256.py'
LIX = (f'{CONFIGS}/lix/lix_deeplabv3-r18w32-rgbd-tiny_pspnet-r18w16-tiny_1xb8-300_'
       'offline-street-128x256.py')


def test_lix_runs_and_validates_student_and_teacher(offline_data, tmp_path):
    teacher = build_model(Config.fromfile(TEACHER).model)
    ckpt = str(tmp_path / 'teacher.pth')
    torch.save(dict(state_dict=teacher.state_dict()), ckpt)
    cfg = run_config(LIX, offline_data, str(tmp_path / 'run'), iters=2)
    cfg.model.teacher_ckpt = ckpt
    runner = Runner.from_cfg(cfg)
    runner.train()
    logs = runner.message_hub.log_scalars
    for name in ('loss_dwld', 'loss_arfd_s3', 'loss_arfd_s4'):
        assert f'train/distill.{name}' in logs
    assert 'val/teacher.mIoU' in logs and 'val/mIoU' in logs
    for name in ('mFsc', 'fwFsc', 'fwIoU'):  # FrequencyWeightedFscoreMetric
        assert f'val/{name}' in logs and f'val/teacher.{name}' in logs
