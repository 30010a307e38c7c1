"""Refuse a checkpoint that does not fit the model it is tested with."""
from typing import Dict

import torch

from .export_student import STUDENT_PREFIX


def check_checkpoint_fits(model_state: Dict[str, torch.Tensor],
                          ckpt_state: Dict[str, torch.Tensor], config: str,
                          checkpoint: str) -> None:
    """Raise unless every model tensor is in the checkpoint, with its shape.

    MMEngine loads ``load_from`` non-strictly and only logs what it skipped, so
    a student checkpoint tested with a distillation config (or the other way
    round), or one trained with another ``num_classes``, evaluates random
    weights and prints a valid-looking table.

    Args:
        model_state (dict): ``state_dict()`` of the built model.
        ckpt_state (dict): The checkpoint's ``state_dict``.
        config (str): Config path (for the message).
        checkpoint (str): Checkpoint path (for the message).

    Raises:
        ValueError: A model tensor is missing from the checkpoint or differs in
            shape; the message says which pairing to use instead.
    """
    model_distill = any(k.startswith(STUDENT_PREFIX) for k in model_state)
    ckpt_distill = any(k.startswith(STUDENT_PREFIX) for k in ckpt_state)
    if model_distill and not ckpt_distill:
        raise ValueError(
            f'checkpoint {checkpoint} holds a plain model (no "architecture.*" student '
            f'weights) but config {config} is a distillation config. Test an exported '
            'student with the student\'s own config: tools/test.sh <student config> '
            f'{checkpoint}.')
    if ckpt_distill and not model_distill:
        raise ValueError(
            f'checkpoint {checkpoint} is a distillation checkpoint but config {config} is '
            'a plain model. Test it with its distillation config, or export the student '
            f'first: python tools/export_student.py {checkpoint} --out student.pth.')
    missing = [k for k in model_state if k not in ckpt_state]
    mismatched = [f'{k}: model {tuple(model_state[k].shape)}, checkpoint '
                  f'{tuple(ckpt_state[k].shape)}' for k in model_state
                  if k in ckpt_state and ckpt_state[k].shape != model_state[k].shape]
    if missing or mismatched:
        details = [f'{len(missing)} model tensors missing (first: {missing[:3]})'] \
            if missing else []
        details += [f'{len(mismatched)} of other shape (first: {mismatched[:2]})'] \
            if mismatched else []
        raise ValueError(
            f'checkpoint {checkpoint} does not fit config {config}: '
            f'{"; ".join(details)}. Was it trained with another config (e.g. another '
            'num_classes or backbone)?')
