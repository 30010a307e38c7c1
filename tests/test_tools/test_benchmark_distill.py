
import pytest

from conftest import CWD, METHODS, TINY, load_analysis_tool


def load_tool():
    return load_analysis_tool('benchmark_distill')


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
