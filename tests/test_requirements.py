"""The top-level requirements.txt pulls in requirements/*.txt, in the install order."""
import glob
import os.path as osp

from conftest import REPO


def read(path, seen=()):
    """Requirement lines of ``path`` with ``-r`` includes expanded, in order."""
    lines = []
    for line in open(path):
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        if line.startswith('-r '):
            included = osp.join(osp.dirname(path), line[3:].strip())
            assert included not in seen, f'{path} includes {included} twice'
            lines += read(included, (*seen, included))
        else:
            lines.append(line)
    return lines


def test_top_level_file_has_every_pin_once_in_install_order():
    top = read(osp.join(REPO, 'requirements.txt'))
    parts = {osp.basename(p): read(p)
             for p in glob.glob(osp.join(REPO, 'requirements', '*.txt'))}
    assert sorted(top) == sorted(line for lines in parts.values() for line in lines)
    assert len(top) == len(set(top))
    order = [open(osp.join(REPO, 'requirements.txt')).read().index(f'requirements/{name}')
             for name in ('build.txt', 'torch.txt', 'mmcv.txt', 'runtime.txt')]
    assert order == sorted(order)  # build tools, torch, then mmcv built against it
