"""End to end through the tools: teacher -> CWD distillation -> test -> export -> test."""
import json

from conftest import CWD, TINY
from mmkd_ext.cli import export_student, test, train


def opts(data_root, iters=2):
    return [
        f'train_cfg.max_iters={iters}', f'train_cfg.val_interval={iters}',
        f'default_hooks.checkpoint.interval={iters}', f'param_scheduler.0.end={iters}',
        'train_dataloader.batch_size=2', 'train_dataloader.num_workers=0',
        'train_dataloader.persistent_workers=False', 'val_dataloader.num_workers=0',
        'val_dataloader.persistent_workers=False', 'test_dataloader.num_workers=0',
        'test_dataloader.persistent_workers=False',
        f'train_dataloader.dataset.data_root={data_root}',
        f'val_dataloader.dataset.data_root={data_root}',
        f'test_dataloader.dataset.data_root={data_root}',
    ]


def test_distill_evaluate_export_and_test_plain(offline_data, tmp_path):
    wd = tmp_path / 'wd'
    train.main([TINY['cnn_teacher'], '--work-dir', str(wd / 'teacher'),
                '--cfg-options', *opts(offline_data)])
    teacher_ckpt = str(wd / 'teacher' / 'iter_2.pth')
    train.main([CWD, '--work-dir', str(wd / 'cwd'), '--cfg-options',
                *opts(offline_data), f'model.teacher_ckpt={teacher_ckpt}'])
    kd_ckpt = str(wd / 'cwd' / 'iter_2.pth')
    m_kd = test.main([CWD, kd_ckpt, '--work-dir', str(wd / 'test'),
                      '--json-out', str(wd / 'kd.json'), '--cfg-options',
                      *opts(offline_data)])
    exported = export_student.main([kd_ckpt])
    m_plain = test.main([TINY['cnn_student'], exported, '--work-dir',
                         str(wd / 'test'), '--cfg-options', *opts(offline_data)])
    assert set(m_kd) >= {'mIoU', 'mAcc', 'aAcc'}
    assert 0.0 <= m_kd['mIoU'] <= 100.0
    assert m_kd == m_plain  # the exported student is the student
    assert json.load(open(wd / 'kd.json'))['mIoU'] == m_kd['mIoU']
