"""Checks of what the user supplied, run by the train entry point before the Runner is built.

Each check raises ``ValueError`` with the config key or argument, the value
and the fix, for mistakes that otherwise train to the end with a wrong result
(labels out of range, a second copy of the run per process) or stop deep
inside a library (a truncated checkpoint, a changed optimizer on resume).
"""
import os
import os.path as osp
import zipfile
from typing import List, Optional, Sequence, Tuple

import numpy as np
from mmengine.config import Config

SAMPLES = 16  # label files read per training dataset (evenly spaced over it)


def check_launch(cfg: Config) -> None:
    """The launcher agrees with how the processes were started.

    Raises:
        ValueError: ``--launcher none`` under a multi-process launch (every
            process would train its own copy into the same work dir), or a
            CUDA-only backend on a machine without CUDA.
    """
    world = int(os.environ.get('WORLD_SIZE', '1'))
    if cfg.launcher == 'none' and world > 1:
        raise ValueError(f'WORLD_SIZE={world} (started by torchrun / srun) but --launcher '
                         'none: every process would train a copy of the run into the same '
                         'work dir. Pass --launcher pytorch (tools/dist_train.sh does) or '
                         '--launcher slurm (tools/slurm_train.sh).')
    if cfg.launcher == 'none':
        return
    import torch
    backend = cfg.get('env_cfg', {}).get('dist_cfg', {}).get('backend', 'nccl')
    if backend == 'nccl' and not torch.cuda.is_available():
        raise ValueError('env_cfg.dist_cfg.backend=nccl needs CUDA, which this machine does '
                         'not have: set --cfg-options env_cfg.dist_cfg.backend=gloo for '
                         'CPU processes.')
    local = int(os.environ.get('LOCAL_WORLD_SIZE', '1'))
    if torch.cuda.is_available() and local > torch.cuda.device_count():
        raise ValueError(f'{local} processes per node (the NPROC of tools/dist_train.sh) but '
                         f'{torch.cuda.device_count()} GPUs are visible: use at most '
                         f'{torch.cuda.device_count()}, or set CUDA_VISIBLE_DEVICES.')


def check_checkpoint_file(path: Optional[str], key: str) -> None:
    """A local checkpoint exists and is not truncated (URLs are left to the loader).

    Raises:
        ValueError: The file is missing or not a readable PyTorch checkpoint.
    """
    if not path or '://' in path or path.startswith(('open-mmlab:', 'mmcls:', 'torchvision:')):
        return
    if not osp.isfile(path):
        raise ValueError(f'{key}={path!r}: no such file. Train that model first or fix the '
                         f'path (e.g. --cfg-options {key}=<path>).')
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
        if bad is None:
            return
        raise ValueError(f'{key}={path!r} is damaged ({bad!r} fails its checksum): copy or '
                         'download it again.')
    import torch
    try:  # the legacy (non-zip) format
        torch.load(path, map_location='cpu', weights_only=False)
    except Exception as e:  # noqa: BLE001  (any failure means the same to the user)
        raise ValueError(f'{key}={path!r} is not a readable PyTorch checkpoint (truncated '
                         f'or another format: {type(e).__name__}: {e}). Copy or download it '
                         'again.') from e


def _last_checkpoint(work_dir: str) -> Optional[str]:
    marker = osp.join(work_dir, 'last_checkpoint')
    if not osp.isfile(marker):
        return None
    with open(marker) as f:
        return f.read().strip() or None


def check_work_dir(cfg: Config, overwrite: bool) -> None:
    """A new run never replaces the checkpoints of another run in its work dir.

    Raises:
        ValueError: ``cfg.work_dir`` holds checkpoints (or a ``last_checkpoint``)
            and neither ``--resume`` nor ``--overwrite`` was given.
    """
    work_dir = cfg.work_dir
    if cfg.get('resume') or overwrite or not osp.isdir(work_dir):
        return
    found = sorted(name for name in os.listdir(work_dir)
                   if name.endswith('.pth') or name == 'last_checkpoint')
    if found:
        shown = ', '.join(found[:4]) + (', ...' if len(found) > 4 else '')
        raise ValueError(f'--work-dir {work_dir} holds the checkpoints of another run '
                         f'({shown}); a new run would replace them. Continue that run with '
                         '--resume, train into another --work-dir, or pass --overwrite to '
                         'replace them.')


def check_resume(cfg: Config) -> Optional[str]:
    """What ``--resume`` will load, and whether its optimizer state fits the config.

    Returns:
        str | None: the checkpoint resumed from; None when the work dir has
        none (training starts from scratch; the caller warns).

    Raises:
        ValueError: The checkpoint is damaged, or its optimizer state was
            written by another optimizer type than ``optim_wrapper.optimizer``.
    """
    path = _last_checkpoint(cfg.work_dir)
    if path is None:
        return None
    check_checkpoint_file(path, 'last_checkpoint of --work-dir')
    optimizer = cfg.get('optim_wrapper', {}).get('optimizer', {})
    name = optimizer.get('type') if isinstance(optimizer, dict) else None
    import torch
    cls = getattr(torch.optim, str(name), None)
    if cls is None:
        return path
    saved = torch.load(path, map_location='cpu', weights_only=False).get('optimizer')
    groups = (saved or {}).get('param_groups') if isinstance(saved, dict) else None
    if not groups:
        return path
    # the hyper-parameters only this optimizer type has (momentum for SGD, betas for Adam...)
    probe = [torch.zeros(1, requires_grad=True)]
    own = set(cls(probe).param_groups[0]) - set(torch.optim.SGD(probe, lr=0.1).param_groups[0]
                                                 if cls is not torch.optim.SGD else
                                                 torch.optim.AdamW(probe).param_groups[0])
    missing = sorted(own - set(groups[0]))
    if missing:
        raise ValueError(f'--resume: {path} was trained with another optimizer than '
                         f'optim_wrapper.optimizer.type={name!r} (its state lacks '
                         f'{missing}). Resume with the config it was trained with, or start '
                         f'a new schedule from its weights: --cfg-options load_from={path} '
                         'without --resume.')
    return path


def num_classes_of(cfg: Config) -> Tuple[str, Optional[int]]:
    """The config key of the student's ``num_classes`` and its value (None if unknown)."""
    model = cfg.model.get('architecture', cfg.model)
    key = ('model.architecture.decode_head.num_classes' if 'architecture' in cfg.model
           else 'model.decode_head.num_classes')
    head = model.get('decode_head') if isinstance(model, dict) else None
    if isinstance(head, (list, tuple)):
        head = head[-1]
    return key, head.get('num_classes') if isinstance(head, dict) else None


def _label_ids(seg: np.ndarray, info: dict) -> np.ndarray:
    """Label ids after the dataset's own mapping (``label_map``, ``reduce_zero_label``)."""
    ids = np.unique(seg)
    for old, new in (info.get('label_map') or {}).items():
        ids = np.where(ids == old, new, ids)
    if info.get('reduce_zero_label'):
        ids = np.where(ids == 0, 255, ids - 1)
        ids = np.where(ids == 254, 255, ids)
    return np.unique(ids)


def colour_label_loader(dataset_cfg: dict):
    """The built annotation loader of a pipeline that decodes colour-coded labels (one
    registered with ``colour_labels = True``, e.g. ``LoadVKITTI2Annotations``), else None."""
    from ..registry import TRANSFORMS
    for transform in dataset_cfg.get('pipeline') or []:
        cls = TRANSFORMS.get(str(transform.get('type', '')))
        if getattr(cls, 'colour_labels', False):
            return TRANSFORMS.build(transform)
    return None


def check_labels(cfg: Config, keys: Sequence[str] = ('train_dataloader', 'val_dataloader'),
                 samples: int = SAMPLES) -> None:
    """Label files of the datasets of ``keys`` fit the model: readable, one channel,
    the image's size, ids below ``num_classes`` (or the ignore index), and not all of
    them the ignore index.

    Reads ``samples`` files of a training dataset, evenly spaced, and every file of an
    evaluation dataset (``val_*`` / ``test_*`` keys: an id the model cannot predict
    anywhere there would silently leave the metric). Datasets that do not build here
    (e.g. a missing data root) are left to the Runner, whose error names the path.

    Raises:
        ValueError: Naming the dataset key, the file, what is wrong and the fix.
    """
    import mmcv
    from mmengine import fileio
    from mmengine.registry import DATASETS, init_default_scope
    init_default_scope(cfg.get('default_scope', 'mmseg'))
    class_key, num_classes = num_classes_of(cfg)
    for key in keys:
        loader = cfg.get(key)
        if not loader or not isinstance(loader.get('dataset'), dict):
            continue
        try:
            dataset = DATASETS.build(loader.dataset)
        except Exception:  # noqa: BLE001  (the Runner reports it with its own context)
            continue
        classes = dataset.metainfo.get('classes') or ()
        if num_classes is not None and classes and len(classes) != num_classes:
            raise ValueError(f'{class_key}={num_classes} but {key}.dataset has '
                             f'{len(classes)} classes {tuple(classes)}: set num_classes to '
                             f'{len(classes)} (or the dataset metainfo classes).')
        limit = len(classes) or num_classes
        ignore = getattr(dataset, 'ignore_index', 255)
        decode = colour_label_loader(loader.dataset)
        read, labelled = 0, False
        evaluated = not key.startswith('train')
        for index in (range(len(dataset)) if evaluated else _spread(len(dataset), samples)):
            info = dataset.get_data_info(index)
            if not info.get('seg_map_path'):
                continue
            where = f'{key}.dataset: label file {info["seg_map_path"]}'
            try:
                if decode is not None:  # the pipeline's own loader maps colours to ids
                    seg = decode(dict(info, seg_fields=[]))['gt_seg_map']
                else:
                    seg = mmcv.imfrombytes(fileio.get(info['seg_map_path']),
                                           flag='unchanged', backend='pillow')
            except Exception as e:  # noqa: BLE001  (truncated or not an image)
                raise ValueError(f'{where} cannot be read ({type(e).__name__}: {e}): it is '
                                 'damaged or not an image; copy or convert it again.') from e
            if seg.ndim == 3 and seg.shape[2] > 1:
                raise ValueError(f'{where} has {seg.shape[2]} channels (a colour-coded '
                                 'label image); labels must be one-channel PNGs of class '
                                 'ids: convert them (e.g. tools/dataset_converters/) first.')
            width, height = _image_size(info['img_path'])  # the header only
            if (height, width) != seg.shape[:2]:
                raise ValueError(f'{where} is {seg.shape[1]}x{seg.shape[0]} (WxH) but its '
                                 f'image {info["img_path"]} is {width}x{height}: labels '
                                 'must have the image size.')
            ids = _label_ids(seg, info)
            read, labelled = read + 1, labelled or bool((ids != ignore).any())
            bad = [int(i) for i in ids if i != ignore and (limit and i >= limit)]
            if bad:
                raise ValueError(f'{where} holds ids {bad} but the model has '
                                 f'{class_key}={limit} (ids 0..{limit - 1}) and '
                                 f'ignore_index={ignore}: map them to train ids first, or set '
                                 'num_classes.')
        if read and not labelled:
            raise ValueError(f'{key}.dataset: every label file read ({read}) '
                             f'holds only ignore_index={ignore}: there is nothing to learn or '
                             'evaluate. Check the label encoding (reduce_zero_label, '
                             'label_map, train ids vs ids) and the data root.')


def check_label_meaning(cfg: Config,
                        keys: Sequence[str] = ('train_dataloader', 'val_dataloader',
                                               'test_dataloader')) -> None:
    """The datasets of ``keys`` give one label id one meaning: the same
    ``reduce_zero_label`` and ``label_map`` (a model trained with one setting and
    evaluated with another is scored against other classes).

    Raises:
        ValueError: Naming both keys, their values and the fix.
    """
    from mmengine.registry import DATASETS, init_default_scope
    init_default_scope(cfg.get('default_scope', 'mmseg'))
    seen = {}
    for key in keys:
        loader = cfg.get(key)
        if not loader or not isinstance(loader.get('dataset'), dict):
            continue
        try:
            dataset = DATASETS.build(dict(loader.dataset, lazy_init=True))
        except Exception:  # noqa: BLE001  (the Runner reports it with its own context)
            continue
        meaning = dict(reduce_zero_label=bool(getattr(dataset, 'reduce_zero_label', False)),
                       label_map=dataset.metainfo.get('label_map') or None)
        for other, theirs in seen.items():
            for name, value in meaning.items():
                if theirs[name] != value:
                    raise ValueError(
                        f'{key}.dataset.{name}={value!r} but {other}.dataset.{name}='
                        f'{theirs[name]!r}: one label file would mean other classes in '
                        'training and in evaluation (reduce_zero_label=True drops id 0 and '
                        'moves every other id down by one). Use the training setting for '
                        f'every loader (remove the override of {key}.dataset.{name}).')
        seen[key] = meaning


def _image_size(path: str) -> Tuple[int, int]:
    """``(width, height)`` of an image file, read from its header."""
    from mmengine import fileio
    from PIL import Image
    with fileio.get_local_path(path) as local, Image.open(local) as image:
        return image.size


def _spread(n: int, k: int) -> List[int]:
    if n <= k:
        return list(range(n))
    return sorted({round(i * (n - 1) / (k - 1)) for i in range(k)})
