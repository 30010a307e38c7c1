"""tools/export_student.py never overwrites a file unless told to, and never its input."""
import pytest
import torch

from mmkd_ext.cli.export_student import main as export


@pytest.fixture
def distill_ckpt(tmp_path):
    path = tmp_path / 'iter_1.pth'
    torch.save(dict(state_dict={'architecture.w': torch.ones(2), 'teacher.w': torch.zeros(2)},
                    optimizer={'state': {}}, meta=dict(iter=1)), path)
    return path


def test_existing_out_is_kept(distill_ckpt, tmp_path):
    out = tmp_path / 'existing.pth'
    out.write_bytes(b'precious')
    with pytest.raises(SystemExit, match='exists; nothing was written'):
        export([str(distill_ckpt), '--out', str(out)])
    assert out.read_bytes() == b'precious'
    export([str(distill_ckpt), '--out', str(out), '--force'])
    assert list(torch.load(out)['state_dict']) == ['w']


@pytest.mark.parametrize('force', [False, True])
def test_input_is_never_overwritten(distill_ckpt, force):
    before = distill_ckpt.read_bytes()
    with pytest.raises(SystemExit, match='is the input checkpoint'):
        export([str(distill_ckpt), '--out', str(distill_ckpt), *(['--force'] if force else [])])
    assert distill_ckpt.read_bytes() == before
