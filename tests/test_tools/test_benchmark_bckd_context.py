import importlib.util
import os.path as osp

import pytest

from conftest import REPO

SCRIPT = osp.join(REPO, 'tools', 'analysis_tools', 'benchmark_bckd_context.py')


def test_chunked_same_value_less_memory(capsys):
    spec = importlib.util.spec_from_file_location('benchmark_bckd_context', SCRIPT)
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    naive, chunked = tool.main(['--size', '16', '32', '--channels', '16', '--chunks', 'none',
                                '64'])
    assert chunked['value'] == pytest.approx(naive['value'], rel=1e-5)
    assert chunked['peak_mib'] < naive['peak_mib'] / 2
    assert '| naive |' in capsys.readouterr().out
