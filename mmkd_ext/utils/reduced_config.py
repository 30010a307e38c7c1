"""A paper config at reduced cost: other data root, scaled crops, no downloads, short schedule.

Only these change; models, widths, pipelines, losses and evaluators stay the config's own.
Used by ``tools/analysis_tools/check_paper_configs.py`` to run every paper config through
train / resume / test / export on generated data in its dataset's layout.
"""
from typing import Any, Iterator, List, Optional, Tuple

from mmengine.config import Config

DATALOADERS = ('train_dataloader', 'val_dataloader', 'test_dataloader')
# transform keys holding a (W, H) / (H, W) pixel size, and the transforms that carry them
_SIZE_KEYS = ('scale', 'crop_size', 'scales', 'img_scale', 'size')
# hook arguments counted in training iterations
_HOOK_ITERS = ('warmup_iters', 'decay_begin', 'decay_end', 'stop_iter')
_SIZED = ('Resize', 'RandomResize', 'RandomCrop', 'RandomChoiceResize', 'RandomRescale', 'Pad')


def _dicts(node: Any) -> Iterator[dict]:
    """Every dict inside ``node`` (itself included), depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _dicts(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _dicts(value)


def datasets(cfg: Config) -> List[dict]:
    """The leaf dataset dicts of every dataloader (inside ConcatDataset and wrappers)."""
    found = []
    for key in DATALOADERS:
        stack = [cfg[key].dataset]
        while stack:
            ds = stack.pop()
            if 'datasets' in ds:
                stack += list(ds.datasets)
            elif 'dataset' in ds:
                stack.append(ds.dataset)
            else:
                found.append(ds)
    return found


def dataset_type(cfg: Config) -> str:
    """The training dataset's type without its scope (``mmseg.``, ``mmdet.``)."""
    return str(datasets(cfg)[0]['type']).rpartition('.')[-1]


def _scaled(value: Any, factor: float) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return max(8, int(round(value * factor)))
    if isinstance(value, (list, tuple)) and value:
        return type(value)(_scaled(v, factor) for v in value)
    return value


def scale_sizes(cfg: Config, factor: float) -> None:
    """Multiply every crop / resize size of the pipelines and the model by ``factor``:
    Resize / RandomResize / RandomCrop / RandomChoiceResize / Pad sizes, the data preprocessors'
    ``size`` and slide-inference ``crop_size`` / ``stride``. Ratios, strides of the networks
    and everything else stay."""
    for key in DATALOADERS:
        for node in _dicts(cfg[key]):
            if str(node.get('type', '')).rpartition('.')[-1] in _SIZED:
                for size_key in _SIZE_KEYS:
                    if size_key in node:
                        node[size_key] = _scaled(node[size_key], factor)
    # the Runner merges a top-level data_preprocessor into the model (setdefault)
    for node in _dicts([cfg.model, dict(data_preprocessor=cfg.get('data_preprocessor'))]):
        preprocessor = node.get('data_preprocessor')
        if isinstance(preprocessor, dict) and preprocessor.get('size'):
            preprocessor['size'] = _scaled(preprocessor['size'], factor)
        test_cfg = node.get('test_cfg')
        if isinstance(test_cfg, dict) and test_cfg.get('mode') == 'slide':
            for size_key in ('crop_size', 'stride'):
                test_cfg[size_key] = _scaled(test_cfg[size_key], factor)


def replace_data_root(cfg: Config, data_root: str) -> List[str]:
    """Point every dataset and evaluator path under the config's data root(s) at
    ``data_root``; returns the roots replaced."""
    roots = sorted({str(ds['data_root']).rstrip('/') for ds in datasets(cfg)
                    if ds.get('data_root')})
    for key in DATALOADERS + ('val_evaluator', 'test_evaluator'):
        for node in _dicts(cfg[key]):
            for name, value in node.items():
                for root in roots:
                    if isinstance(value, str) and value.rstrip('/').startswith(root):
                        node[name] = data_root + value.rstrip('/')[len(root):]
    return roots


def pretrained_weights(cfg: Config) -> List[Tuple[str, str]]:
    """``(where, checkpoint)`` of every pretrained-weight reference in the model config
    (``init_cfg=dict(type='Pretrained', ...)`` and ``pretrained='...'``)."""
    found = []
    for node in _dicts(cfg.model):
        init = node.get('init_cfg')
        for item in init if isinstance(init, (list, tuple)) else [init]:
            if isinstance(item, dict) and item.get('type') == 'Pretrained':
                found.append((str(node.get('type', 'init_cfg')), item['checkpoint']))
        if isinstance(node.get('pretrained'), str):
            found.append((str(node.get('type', 'model')), node['pretrained']))
    return found


def drop_pretrained(cfg: Config) -> None:
    """Initialise at random instead of downloading pretrained weights."""
    for node in _dicts(cfg.model):
        init = node.get('init_cfg')
        if isinstance(init, dict) and init.get('type') == 'Pretrained':
            node['init_cfg'] = None
        elif isinstance(init, (list, tuple)):
            node['init_cfg'] = [i for i in init if not (
                isinstance(i, dict) and i.get('type') == 'Pretrained')] or None
        if isinstance(node.get('pretrained'), str):
            node['pretrained'] = None


def keep_every_detection(cfg: Config) -> None:
    """``score_thr=0`` in the detectors' test settings: a randomly initialised detector
    scores every box below the usual 0.05, and its evaluator would then see no result."""
    for node in _dicts(cfg.model):
        if 'score_thr' in node:
            node['score_thr'] = 0.0


def short_schedule(cfg: Config, iters: int, val_interval: int) -> None:
    """``iters`` training iterations, validation and a checkpoint every ``val_interval``,
    a log line every iteration, in-process data loading; the iteration counts of the custom
    hooks (a KD warm-up, a decay) shrink in proportion."""
    full = cfg.train_cfg.get('max_iters')
    for hook in cfg.get('custom_hooks') or []:
        for key in _HOOK_ITERS:
            if isinstance(hook.get(key), int):
                hook[key] = hook[key] * iters // full if full else 0
    cfg.train_cfg = dict(type='IterBasedTrainLoop', max_iters=iters, val_interval=val_interval)
    cfg.default_hooks.checkpoint = dict(type='CheckpointHook', by_epoch=False,
                                        interval=val_interval)
    cfg.default_hooks.logger = dict(type='LoggerHook', interval=1, log_metric_by_epoch=False)
    cfg.log_processor = dict(by_epoch=False)
    schedulers = cfg.get('param_scheduler') or []
    for scheduler in schedulers if isinstance(schedulers, list) else [schedulers]:
        scheduler['by_epoch'] = False
        scheduler.pop('convert_to_iter_based', None)
    for key in DATALOADERS:
        cfg[key].num_workers = 0
        cfg[key].persistent_workers = False


def reduce_config(cfg: Config, data_root: Optional[str], scale: float, iters: int,
                  val_interval: int) -> Config:
    """The config with the reductions applied (``cfg`` is changed in place and
    returned): data root, sizes, random initialisation (with every detection kept) and
    schedule. ``data_root`` None keeps the config's own."""
    if data_root is not None:
        replace_data_root(cfg, data_root)
    if scale != 1:
        scale_sizes(cfg, scale)
    drop_pretrained(cfg)
    keep_every_detection(cfg)
    short_schedule(cfg, iters, val_interval)
    return cfg
