
import pytest

from conftest import load_analysis_tool


def test_chunked_same_value_less_memory(capsys):
    tool = load_analysis_tool('benchmark_bckd_context')
    naive, chunked = tool.main(['--size', '16', '32', '--channels', '16', '--chunks', 'none',
                                '64'])
    assert chunked['value'] == pytest.approx(naive['value'], rel=1e-5)
    assert chunked['peak_mib'] < naive['peak_mib'] / 2
    assert '| naive |' in capsys.readouterr().out
