"""Checks the train entry point runs before the Runner: labels, checkpoints, resume, launch."""
import glob
import os.path as osp

import numpy as np
import pytest
import torch
from mmengine.config import Config
from PIL import Image

from conftest import CWD, REPO, TINY, run_config
from mmkd_ext.cli.failure_hints import failure_hint
from mmkd_ext.cli.preflight import (check_checkpoint_file, check_labels, check_launch,
                                    check_resume, num_classes_of)


def labels(root):
    return sorted(glob.glob(osp.join(root, 'ann_dir', 'train', '*.png')))


def test_good_data_passes_and_num_classes_is_found(offline_data, tmp_path):
    check_labels(run_config(TINY['cnn_student'], offline_data, str(tmp_path)))
    cfg = run_config(CWD, offline_data, str(tmp_path))
    check_labels(cfg)
    assert num_classes_of(cfg) == ('model.architecture.decode_head.num_classes', 10)


def test_label_ids_above_num_classes(data_copy, tmp_path):
    path = labels(data_copy)[0]
    seg = np.array(Image.open(path))
    seg[:4, :4] = 12
    Image.fromarray(seg).save(path)
    with pytest.raises(ValueError, match=r'holds ids \[12\] .*decode_head.num_classes=10'):
        check_labels(run_config(TINY['cnn_student'], data_copy, str(tmp_path)))


def test_colour_label_png(data_copy, tmp_path):
    path = labels(data_copy)[-1]
    seg = np.array(Image.open(path))
    Image.fromarray(np.stack([seg] * 3, -1)).save(path)
    with pytest.raises(ValueError, match='3 channels .*colour-coded'):
        check_labels(run_config(TINY['cnn_student'], data_copy, str(tmp_path)))


def test_label_of_another_size(data_copy, tmp_path):
    path = labels(data_copy)[0]
    Image.open(path).resize((128, 64), Image.NEAREST).save(path)
    with pytest.raises(ValueError, match='is 128x64 .* is 256x128'):
        check_labels(run_config(TINY['cnn_student'], data_copy, str(tmp_path)))


def test_num_classes_against_the_dataset(offline_data, tmp_path):
    cfg = run_config(TINY['cnn_student'], offline_data, str(tmp_path))
    cfg.model.decode_head.num_classes = 19
    with pytest.raises(ValueError, match=r'model.decode_head.num_classes=19 but '
                       r'train_dataloader.dataset has 10 classes'):
        check_labels(cfg)


def test_missing_and_truncated_checkpoints(tmp_path):
    check_checkpoint_file(None, 'load_from')
    check_checkpoint_file('https://example.org/x.pth', 'load_from')   # left to the loader
    with pytest.raises(ValueError, match=r"model.teacher_ckpt='nope.pth': no such file"):
        check_checkpoint_file('nope.pth', 'model.teacher_ckpt')
    good = str(tmp_path / 'good.pth')
    torch.save(dict(state_dict={'w': torch.randn(64, 64)}), good)
    check_checkpoint_file(good, 'load_from')
    data = open(good, 'rb').read()
    cut = str(tmp_path / 'cut.pth')
    with open(cut, 'wb') as f:
        f.write(data[:len(data) // 2])
    with pytest.raises(ValueError, match='load_from=.*not a readable PyTorch checkpoint'):
        check_checkpoint_file(cut, 'load_from')
    flipped = bytearray(data)
    start = data.index(b'data/0') + 200        # inside the tensor's stored bytes
    flipped[start:start + 16] = bytes(16)
    bad = str(tmp_path / 'bad.pth')
    with open(bad, 'wb') as f:
        f.write(bytes(flipped))
    with pytest.raises(ValueError, match='damaged'):
        check_checkpoint_file(bad, 'load_from')


def test_resume_with_another_optimizer(tmp_path):
    cfg = Config.fromfile(TINY['cnn_student'])
    cfg.work_dir = str(tmp_path)
    assert check_resume(cfg) is None                       # nothing to resume
    param = torch.nn.Parameter(torch.zeros(2))
    ckpt = str(tmp_path / 'iter_2.pth')
    torch.save(dict(optimizer=torch.optim.SGD([param], lr=0.1, momentum=0.9).state_dict()),
               ckpt)
    with open(tmp_path / 'last_checkpoint', 'w') as f:
        f.write(ckpt)
    cfg.optim_wrapper.optimizer = dict(type='SGD', lr=0.01, momentum=0.9)
    assert check_resume(cfg) == ckpt
    cfg.optim_wrapper.optimizer = dict(type='AdamW', lr=0.001)
    with pytest.raises(ValueError, match=r"optimizer.type='AdamW' .*lacks \['amsgrad', "
                       r"'betas'"):
        check_resume(cfg)


def test_launcher_none_under_torchrun(monkeypatch):
    cfg = Config(dict(launcher='none'))
    check_launch(cfg)
    monkeypatch.setenv('WORLD_SIZE', '2')
    with pytest.raises(ValueError, match='WORLD_SIZE=2 .* --launcher pytorch'):
        check_launch(cfg)
    if not torch.cuda.is_available():
        cfg = Config(dict(launcher='pytorch', env_cfg=dict(dist_cfg=dict(backend='nccl'))))
        with pytest.raises(ValueError, match='backend=nccl needs CUDA.*backend=gloo'):
            check_launch(cfg)


@pytest.mark.parametrize('message,expected', [
    ('Expected more than 1 value per channel when training, got input size [1, 8, 1, 1]',
     'train_dataloader.batch_size=1 per process'),
    ('Target 12 is out of bounds.', 'model.decode_head.num_classes=10): convert the labels '
     'to train ids 0..9'),
    ('loaded state dict has a different number of parameter groups', '--resume'),
    ('<urlopen error [Errno -3] Temporary failure in name resolution>', 'local file'),
])
def test_hints_for_deep_errors(message, expected):
    cfg = Config.fromfile(TINY['cnn_student'])
    cfg.train_dataloader.batch_size = 1
    assert expected in failure_hint(ValueError(message), cfg)
    assert failure_hint(ValueError('something else'), cfg) is None


@pytest.mark.parametrize('script,args,word', [
    ('dist_train.sh', [TINY['cnn_student']], 'NPROC'),
    ('dist_test.sh', [TINY['cnn_student'], 'x.pth'], 'NPROC'),
    ('dist_train.sh', ['missing.py', '2'], 'NPROC'),
    ('slurm_train.sh', ['partition', 'job', 'missing.py'], 'PARTITION JOB_NAME CONFIG')])
def test_launch_scripts_check_their_arguments(script, args, word):
    import subprocess
    proc = subprocess.run(['bash', osp.join(REPO, 'tools', script), *args],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and 'usage: bash' in proc.stderr and word in proc.stderr


def test_cfg_options_typo_is_refused_new_keys_are_not():
    from mmkd_ext.cli.common import check_override_keys
    cfg = Config.fromfile(CWD)
    with pytest.raises(ValueError, match=r'model.teacher_ckpnt: .* did you mean '
                       r'model.teacher_ckpt=...\?'):
        check_override_keys(cfg, {'model.teacher_ckpnt': 'x.pth'})
    with pytest.raises(ValueError, match='train_cfg.max_iters'):
        check_override_keys(cfg, {'train_cfg.max_iter': 10})
    check_override_keys(cfg, {'train_cfg.max_iters': 10, 'param_scheduler.0.end': 10,
                              'model.shape_probe_size': None, 'new_key.below': 1})


def test_train_entry_point_stops_before_training(tmp_path):
    from mmkd_ext.cli.train import main
    with pytest.raises(SystemExit, match="error: load_from='missing.pth': no such file"):
        main([TINY['cnn_student'], '--work-dir', str(tmp_path), '--cfg-options',
              'load_from=missing.pth'])
    with pytest.raises(SystemExit, match='did you mean train_cfg.max_iters'):
        main([TINY['cnn_student'], '--work-dir', str(tmp_path), '--cfg-options',
              'train_cfg.max_iter=2'])
    assert not list(tmp_path.iterdir())                   # nothing written
