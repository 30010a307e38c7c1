"""Turn a distillation checkpoint into a student-only checkpoint.

The result loads into the plain student config (``tools/test.py
<student config> <exported.pth>``): the ``architecture.`` prefix is removed;
teacher, connectors, loss parameters, optimizer and message hub are dropped.
"""
import argparse
import os.path as osp
from typing import Optional, Sequence

import torch

from mmkd_ext.compat import load_from_local

STUDENT_PREFIX = 'architecture.'
DISTILL_PREFIXES = ('teacher.', 'distiller.')


def export_student(checkpoint: dict) -> dict:
    """Return ``{'meta', 'state_dict'}`` with the student's weights only.

    Args:
        checkpoint (dict): A checkpoint saved while training a distillation
            algorithm (keys ``architecture.*`` and ``teacher.*`` /
            ``distiller.*``).

    Returns:
        dict: The student checkpoint.

    Raises:
        ValueError: ``checkpoint`` is not a distillation checkpoint.
    """
    state_dict = checkpoint.get('state_dict', checkpoint)
    keys = list(state_dict)
    if not (any(k.startswith(STUDENT_PREFIX) for k in keys)
            and any(k.startswith(DISTILL_PREFIXES) for k in keys)):
        raise ValueError(
            'not a distillation checkpoint: it has no "architecture.*" '
            'student weights next to "teacher.*"/"distiller.*" entries '
            f'(first keys: {keys[:3]}). A plain model checkpoint can be used '
            'with its model config as it is.')
    student = {
        k[len(STUDENT_PREFIX):]: v
        for k, v in state_dict.items() if k.startswith(STUDENT_PREFIX)
    }
    return dict(meta=checkpoint.get('meta', {}), state_dict=student)


def main(argv: Optional[Sequence[str]] = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('checkpoint', help='distillation checkpoint (.pth)')
    parser.add_argument(
        '--out', help='output path (default: <checkpoint>_student.pth)')
    parser.add_argument('--force', action='store_true',
                        help='overwrite an existing --out (never the input checkpoint)')
    args = parser.parse_args(argv)
    out = args.out or osp.splitext(args.checkpoint)[0] + '_student.pth'
    if osp.exists(out):
        if osp.exists(args.checkpoint) and osp.samefile(out, args.checkpoint):
            raise SystemExit(f'--out {out} is the input checkpoint; writing the student there '
                             'would destroy the teacher, optimizer and iteration state. '
                             'Choose another --out.')
        if not args.force:
            raise SystemExit(f'--out {out} exists; nothing was written. Choose another '
                             '--out or pass --force to overwrite it.')
    try:
        student = export_student(load_from_local(args.checkpoint, 'cpu'))
    except ValueError as e:
        raise SystemExit(f'{args.checkpoint}: {e}')
    torch.save(student, out)
    print(f'exported {len(student["state_dict"])} student tensors to {out}')
    return out


def cli() -> None:
    """Console-script entry point: like ``main`` but exits with status 0."""
    main()


if __name__ == '__main__':
    cli()
