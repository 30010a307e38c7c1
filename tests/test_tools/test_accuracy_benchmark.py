import importlib.util
import os.path as osp

from conftest import CWD, REPO

SCRIPT = osp.join(REPO, 'tools', 'analysis_tools', 'accuracy_benchmark.py')


def load_tool():
    spec = importlib.util.spec_from_file_location('accuracy_benchmark', SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_teacher_once_students_per_seed(offline_data, tmp_path, capsys):
    tool = load_tool()
    assert tool.teacher_config(CWD).endswith(
        'configs/tiny/deeplabv3_r18-w32-tiny_1xb8-300_offline-street-128x256.py')
    opts = ['train_dataloader.batch_size=2', 'default_hooks.logger.interval=1']
    for loader in ('train_dataloader', 'val_dataloader'):
        opts += [f'{loader}.num_workers=0', f'{loader}.persistent_workers=False',
                 f'{loader}.dataset.data_root={offline_data}']
    results = tool.main(['--distill', CWD, '--seeds', '0', '1', '--iters', '2',
                         '--work-dir', str(tmp_path), '--cfg-options', *opts])
    kd = osp.splitext(osp.basename(CWD))[0]
    assert len(results[kd]) == 2
    assert len(results['teacher deeplabv3_r18-w32-tiny_1xb8-300_offline-street-128x256']) == 1
    assert all(0 <= v <= 100 for values in results.values() for v in values)
    assert f'| {kd} |' in capsys.readouterr().out
