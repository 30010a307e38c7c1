"""Strict, explained loading of a teacher checkpoint."""
import os.path as osp
from collections import OrderedDict

import torch
from mmengine.runner.checkpoint import CheckpointLoader
from torch import nn

CFG_KEY = 'model.teacher_ckpt'


def load_teacher_checkpoint(teacher: nn.Module, filename: str) -> None:
    """Load ``filename`` into ``teacher`` strictly, with a clear error.

    MMRazor loads teacher checkpoints non-strictly, so a wrong file only logs
    a warning and the student is distilled from a random teacher. Here every
    parameter and buffer must match in name and shape.

    Args:
        teacher (nn.Module): The built teacher model.
        filename (str): Path of a plain (non-distillation) checkpoint.

    Raises:
        FileNotFoundError: ``filename`` does not exist.
        ValueError: keys or shapes do not match the teacher.
    """
    if '://' not in filename and not osp.isfile(osp.expanduser(filename)):
        raise FileNotFoundError(
            f'{CFG_KEY}={filename!r} does not exist. Train the teacher first '
            '(tools/train.py <teacher config>) or fix the path, e.g. '
            f'--cfg-options {CFG_KEY}=work_dirs/<teacher>/iter_N.pth.')
    checkpoint = CheckpointLoader.load_checkpoint(filename, map_location='cpu')
    state_dict = checkpoint.get('state_dict', checkpoint)
    state_dict = OrderedDict(
        (k[len('module.'):] if k.startswith('module.') else k, v)
        for k, v in state_dict.items())
    expected = teacher.state_dict()
    missing = sorted(set(expected) - set(state_dict))
    unexpected = sorted(set(state_dict) - set(expected))
    wrong_shape = sorted(
        k for k in set(expected) & set(state_dict)
        if isinstance(state_dict[k], torch.Tensor)
        and state_dict[k].shape != expected[k].shape)
    if missing or unexpected or wrong_shape:
        hint = ''
        if any(k.startswith('architecture.') for k in state_dict):
            hint = (' It is a distillation checkpoint (keys architecture.* and teacher.*), '
                    'not a teacher\'s: give model.teacher_ckpt the checkpoint the teacher '
                    'config wrote (work_dirs/<teacher config>/iter_N.pth). To use that '
                    'run\'s distilled student as the teacher, export it first with '
                    'tools/export_student.py and set model.teacher to the student config.')
        raise ValueError(
            f'{CFG_KEY}={filename!r} does not match the teacher config: '
            f'{len(missing)} missing keys {missing[:5]}, {len(unexpected)} '
            f'unexpected keys {unexpected[:5]}, {len(wrong_shape)} shape '
            f'mismatches {wrong_shape[:5]}. Check that model.teacher describes '
            f'the network this checkpoint was trained with.{hint}')
    teacher.load_state_dict(state_dict, strict=True)
