import os.path as osp

import pytest

from conftest import CWD
from mmkd_ext.cli.list_configs import main, to_cfg_path


def test_lists_every_method_with_resolvable_paths(capsys):
    methods = main([])
    out = capsys.readouterr().out
    assert 'CWD' in methods
    assert 'mmkd_ext::cwd/' + osp.basename(CWD) in out
    for models in methods.values():
        for model in models:
            assert to_cfg_path(model['Config']).startswith('mmkd_ext::')


def test_filter_and_unknown_method(capsys):
    assert list(main(['--method', 'cwd', '--tiny'])) == ['CWD']
    assert 'mmkd_ext::tiny/' in capsys.readouterr().out
    with pytest.raises(SystemExit, match='no method'):
        main(['--method', 'nope'])
