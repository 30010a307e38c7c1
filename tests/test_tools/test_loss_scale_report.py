"""tools/analysis_tools/loss_scale_report.py on one tiny config per method, and with 2 processes."""
import os
import os.path as osp
import socket
import subprocess
import sys

import pytest

from conftest import CWD, METHODS, REPO, TINY, load_analysis_tool


def load_tool():
    return load_analysis_tool('loss_scale_report')


def data_options(data_root):
    return ['--cfg-options', f'train_dataloader.dataset.data_root={data_root}',
            'train_dataloader.num_workers=0', 'train_dataloader.persistent_workers=False']


@pytest.mark.parametrize('method', sorted(METHODS))
def test_reports_every_term_of_each_method(method, offline_data, capsys):
    result = load_tool().main([METHODS[method], '--random-teacher', '--iters', '1',
                               '--batch-size', '2', *data_options(offline_data)])
    terms = result['terms']
    assert terms[0]['key'] == 'task' and terms[0]['ratio']['all'] == pytest.approx(1.0)
    assert len(terms) > 1 and all(t['key'].startswith('distill.') for t in terms[1:])
    # the task loss and at least one term reach the student (HeteroAKD's loss_proj_T
    # trains the teacher-side projector only: 0 on the student, as it should)
    assert terms[0]['norm']['all'] > 0 and any(t['norm']['all'] > 0 for t in terms[1:])
    assert {'all', 'backbone', 'decode_head'} <= set(terms[0]['norm'])
    out = capsys.readouterr().out
    assert terms[1]['key'] in out and 'ratio all' in out


def test_json_and_calibration(offline_data, capsys):
    result = load_tool().main([CWD, '--random-teacher', '--iters', '2', '--batch-size', '2',
                               '--json', '--calibrate-to', 'loss_cwd=1.0',
                               *data_options(offline_data)])
    cwd = result['terms'][1]
    assert result['batches'] == 2 and cwd['loss_weight'] == 5
    assert result['suggested_loss_weight']['distill.loss_cwd'] == pytest.approx(
        5 / cwd['ratio']['all'])
    assert '"suggested_loss_weight"' in capsys.readouterr().out


def test_refuses_a_plain_model_config():
    with pytest.raises(ValueError, match='no teacher'):
        load_tool().main([TINY['cnn_student']])


def test_hook_in_a_two_process_run(offline_data, tmp_path):
    config = tmp_path / 'cwd_gradscale.py'
    config.write_text(f"_base_ = ['{CWD}']\n"
                      "custom_hooks = [dict(type='mmrazor.DistillGradientScaleHook', "
                      "start=0, interval=1)]\n")
    opts = ['model.teacher_ckpt=None', 'train_cfg.max_iters=2', 'train_cfg.val_interval=2',
            'default_hooks.checkpoint.interval=2', 'train_dataloader.batch_size=2']
    for loader in ('train_dataloader', 'val_dataloader'):
        opts += [f'{loader}.num_workers=0', f'{loader}.persistent_workers=False',
                 f'{loader}.dataset.data_root={offline_data}']
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]
    env = dict(os.environ, PYTHON=sys.executable, PORT=str(port), OMP_NUM_THREADS='1')
    proc = subprocess.run(
        ['bash', osp.join(REPO, 'tools', 'dist_train.sh'), str(config), '2', '--work-dir',
         str(tmp_path / 'wd'), '--cfg-options', *opts],
        capture_output=True, text=True, env=env, timeout=600)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-3000:]
    assert out.count('Gradient scale on the student at iteration') == 2  # rank 0 only
    assert 'distill.loss_cwd' in out


def test_detector_measured_as_its_first_training_step(tmp_path):
    """On a detector the report measures the model Runner.train starts from: initialised
    (GFL's classifier bias prior set) with the teacher's checkpoint kept, and the task term
    is the sum of the detector's own losses."""
    import torch
    from mmengine.config import Config
    from mmengine.registry import init_default_scope
    from mmdet.registry import MODELS
    from mmkd_ext.datasets import generate_detection_dataset
    suffix = '1xb4-2000_offline-street-det-256x512.py'
    config = osp.join(REPO, 'configs', 'bckd', f'bckd_gfl-r18w32-tiny_gfl-r18w16-tiny_{suffix}')
    root = generate_detection_dataset(str(tmp_path / 'det'), 4, 0, height=64, width=128)
    init_default_scope('mmdet')
    teacher = MODELS.build(Config.fromfile(osp.join(
        REPO, 'configs', 'tiny', f'gfl_r18-w32-tiny_{suffix}')).model)
    torch.save(dict(state_dict=teacher.state_dict()), tmp_path / 'teacher.pth')
    tool = load_tool()
    args = tool.parse_args([config, '--checkpoint', str(tmp_path / 'teacher.pth'),
                            *data_options(root)])
    model, _ = tool.build(args, str(tmp_path / 'wd'))
    prior = -torch.log(torch.tensor((1 - 0.01) / 0.01))
    torch.testing.assert_close(model.architecture.bbox_head.gfl_cls.bias,
                               prior.expand_as(model.architecture.bbox_head.gfl_cls.bias))
    for name, value in teacher.state_dict().items():
        torch.testing.assert_close(model.teacher.state_dict()[name], value, msg=name)
    result = tool.main([config, '--checkpoint', str(tmp_path / 'teacher.pth'), '--iters', '1',
                        '--batch-size', '2', *data_options(root)])
    keys = [term['key'] for term in result['terms']]
    assert keys == ['task', 'distill.loss_bd', 'distill.loss_cd']
    # the task term is QFL + GIoU + DFL of an initialised GFL (about 2.5 here, not the ~60
    # of an uninitialised classifier bias)
    assert 0 < result['terms'][0]['value'] < 10
    assert {'backbone', 'neck', 'bbox_head'} <= set(result['terms'][0]['norm'])
