"""What a deep training error means for the config, for the errors users meet most."""
from typing import Optional

from mmengine.config import Config

from .preflight import num_classes_of

HINTS = (
    ('Expected more than 1 value per channel when training',
     'BatchNorm saw one value per channel: train_dataloader.batch_size={batch} per process '
     'with a head that pools to 1x1 (PSP pyramid pooling, ASPP image pooling). Use '
     'train_dataloader.batch_size >= 2, SyncBN over several processes, or '
     "norm_cfg=dict(type='GN', num_groups=...) in the model."),
    ('out of bounds',
     'a label id is >= the number of classes the model predicts ({num_classes_key}='
     '{num_classes}): convert the labels to train ids 0..{last} (ignore_index 255), or set '
     'num_classes.'),
    ('different number of parameter groups',
     '--resume: the checkpoint\'s optimizer state has another set of parameter groups than '
     'optim_wrapper (paramwise_cfg or the trainable parameters changed). Resume with the '
     'config it was trained with, or start a new schedule from its weights: --cfg-options '
     'load_from=<checkpoint> without --resume.'),
    ('urlopen error',
     'a checkpoint URL could not be downloaded (no network here?): download it on a machine '
     'with network access and set the config key that names it (load_from, '
     'model.teacher_ckpt, init_cfg.checkpoint, pretrained) to the local file.'),
    ("doesn't match the size of optimizer's group",
     '--resume: the checkpoint\'s optimizer state was written for other parameters (the '
     'model or paramwise_cfg changed). Resume with the config it was trained with, or use '
     '--cfg-options load_from=<checkpoint> without --resume.'),
)


def failure_hint(error: BaseException, cfg: Config) -> Optional[str]:
    """A one-paragraph explanation of ``error`` in terms of ``cfg``, or None.

    Args:
        error (BaseException): What training raised.
        cfg (Config): The config that was trained.

    Returns:
        str | None: The hint (config key, value, fix) when the error is known.
    """
    text = str(error)
    key, num_classes = num_classes_of(cfg)
    values = dict(batch=cfg.get('train_dataloader', {}).get('batch_size'),
                  num_classes_key=key, num_classes=num_classes,
                  last=(num_classes - 1) if num_classes else '?')
    for needle, hint in HINTS:
        if needle in text:
            return hint.format(**values)
    return None
