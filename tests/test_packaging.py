"""A built wheel, installed into a fresh environment, works from any folder."""
import os
import os.path as osp
import shutil
import subprocess
import sys
import sysconfig

from mmengine.config import Config

from conftest import CWD, REPO, TINY

IGNORE = shutil.ignore_patterns('.venv', '.git', 'work_dirs', 'data', 'build', 'dist',
                                '*.egg-info', '__pycache__', '.pytest_cache')


def run(cmd, **kwargs):
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def test_wheel_in_fresh_env(tmp_path, offline_data, random_teacher_ckpt):
    src = tmp_path / 'src'
    shutil.copytree(REPO, src, symlinks=True, ignore=IGNORE)
    run([sys.executable, '-m', 'pip', 'wheel', '-q', '--no-deps', '--no-build-isolation',
         '-w', str(tmp_path / 'dist'), str(src)])
    wheel = next((tmp_path / 'dist').glob('mmkd_ext-*.whl'))

    venv = tmp_path / 'venv'
    run([sys.executable, '-m', 'venv', '--without-pip', str(venv)])
    py = str(venv / 'bin' / 'python')
    site = run([py, '-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])']).strip()
    # dependencies come from the test environment; mmkd_ext only from the wheel
    with open(osp.join(site, 'deps.pth'), 'w') as f:
        f.write(sysconfig.get_paths()['purelib'] + '\n')
    run([sys.executable, '-m', 'pip', '--python', py, 'install', '-q', '--no-deps',
         '--no-index', str(wheel)])

    outside = tmp_path / 'elsewhere'
    outside.mkdir()
    teacher = random_teacher_ckpt(Config.fromfile(TINY['cnn_teacher']).model)
    name = osp.basename(CWD)
    (outside / 'my_kd.py').write_text(
        f"_base_ = ['mmkd_ext::cwd/{name}']\n"
        "model = dict(distiller=dict(distill_losses=dict(loss_cwd=dict(loss_weight=3))))\n")
    env = dict(os.environ, PYTHONPATH='')
    where = run([py, '-c', 'import mmkd_ext; print(mmkd_ext.__file__)'], cwd=outside, env=env)
    assert where.startswith(str(venv))

    listing = run([str(venv / 'bin' / 'mmkd-configs')], cwd=outside, env=env)
    assert f'mmkd_ext::cwd/{name}' in listing
    opts = ['train_cfg.max_iters=2', 'train_cfg.val_interval=2',
            'default_hooks.checkpoint.interval=2', 'param_scheduler.0.end=2',
            'train_dataloader.batch_size=2', f'model.teacher_ckpt={teacher}',
            'default_hooks.logger.interval=1']
    for loader in ('train_dataloader', 'val_dataloader'):
        opts += [f'{loader}.num_workers=0', f'{loader}.persistent_workers=False',
                 f'{loader}.dataset.data_root={offline_data}']
    run([str(venv / 'bin' / 'mmkd-train'), 'my_kd.py', '--work-dir', 'wd',
         '--cfg-options', *opts], cwd=outside, env=env)
    assert (outside / 'wd' / 'iter_2.pth').exists()
    log = next((outside / 'wd').glob('*/*.log')).read_text()
    assert 'distill.loss_cwd' in log and 'mIoU' in log
    # `mim train mmkd_ext my_kd.py` runs the wheel's .mim/tools/train.py the same way
    script = osp.join(site, 'mmkd_ext', '.mim', 'tools', 'train.py')
    run([py, script, 'my_kd.py', '--work-dir', 'wd_mim', '--cfg-options', *opts],
        cwd=outside, env=env)
    assert (outside / 'wd_mim' / 'iter_2.pth').exists()
