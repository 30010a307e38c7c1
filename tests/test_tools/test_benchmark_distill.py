import importlib.util
import os.path as osp

import pytest

from conftest import CWD, METHODS, REPO, TINY

SCRIPT = osp.join(REPO, 'tools', 'analysis_tools', 'benchmark_distill.py')


def load_tool():
    spec = importlib.util.spec_from_file_location('benchmark_distill', SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_reports_ratio_memory_and_breakdown(capsys):
    result = load_tool().main([CWD, '--iters', '2', '--warmup', '1', '--batch-size', '2',
                               '--json'])
    assert result['ratio'] == pytest.approx(
        result['distill_step_s'] / (result['student_step_s'] + result['teacher_forward_s']))
    assert result['mem_ratio'] >= 0 and result['device'] == 'cpu'
    assert min(result['student_step_s'], result['teacher_forward_s'],
               result['distill_step_s']) > 0
    assert set(result['breakdown_s']) == {'loss:loss_cwd'}
    assert '"ratio"' in capsys.readouterr().out


@pytest.mark.parametrize('method', ['lix', 'bckd'])
def test_rgbx_and_connector_methods(method):
    """An RGB-X teacher gets image + X and its student the image; connectors are timed."""
    result = load_tool().main([METHODS[method], '--iters', '1', '--warmup', '1',
                               '--batch-size', '2', '--shape', '64', '128', '--json'])
    assert result['ratio'] > 0
    assert any(key.startswith('connector:') for key in result['breakdown_s'])


def test_refuses_a_plain_model_config():
    tool = load_tool()
    with pytest.raises(ValueError, match='no teacher'):
        tool.load(tool.parse_args([TINY['cnn_student']]))
