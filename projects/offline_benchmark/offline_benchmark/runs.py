"""One run: its cache key, its code record, training and evaluation in a subprocess.

A run lives in ``<work-dir>/<row slug>/seed<s>-<key>/``; ``key`` hashes the resolved
config, and ``result.json`` records the mmkd_ext files the run depends on, so a second
or interrupted invocation reuses every finished run whose code is unchanged.
"""
import datetime
import glob
import hashlib
import inspect
import json
import logging
import os
import os.path as osp
import subprocess
import sys
import time
import warnings
from typing import Callable, Dict, List, Optional

from mmengine.config import Config

from .protocol import walk

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))
PROJECT = osp.join(ROOT, 'projects', 'offline_benchmark')


def slug(name: str) -> str:
    return ''.join(c if c.isalnum() else '-' for c in name).strip('-').lower()


def config_types(node) -> set:
    """Every registry ``type`` string in a config (scope prefixes dropped)."""
    types = set()

    def collect(item):
        if isinstance(item.get('type'), str):
            types.add(item['type'].split('.')[-1])
    walk(node, collect)
    return types


def code_record(cfg: Config) -> Dict[str, str]:
    """SHA-1 of every mmkd_ext source file a run's numbers can depend on.

    These are the files that define the mmkd_ext types the config names, the mmkd_ext
    modules they use (followed through their globals, so helpers and base classes
    count), and ``compat.py``, which patches the libraries for every run. Editing one
    method's loss retrains that method's rows only; editing the tools retrains nothing.
    """
    import mmkd_ext
    modules = {name: mod for name, mod in sys.modules.items()
               if name.startswith('mmkd_ext') and getattr(mod, '__file__', None)}
    by_type = {}
    for mod in modules.values():
        for name, obj in vars(mod).items():
            if inspect.isclass(obj) and obj.__module__ == mod.__name__:
                by_type[name] = mod
    todo = [by_type[t] for t in config_types(cfg._cfg_dict) if t in by_type]
    todo.append(mmkd_ext.compat)
    seen = {}
    while todo:
        mod = todo.pop()
        if mod.__name__ in seen or mod.__file__.endswith('__init__.py'):
            continue  # packages only re-export; their members are followed instead
        seen[mod.__name__] = mod
        for obj in vars(mod).values():
            owner = obj if inspect.ismodule(obj) else sys.modules.get(
                getattr(obj, '__module__', None) or '')
            if owner is not None and owner.__name__ in modules \
                    and owner.__name__ not in seen:
                todo.append(owner)
    record = {}
    for mod in seen.values():
        with open(mod.__file__, 'rb') as f:
            record[osp.relpath(mod.__file__, ROOT)] = hashlib.sha1(f.read()).hexdigest()
    return dict(sorted(record.items()))


def run_key(cfg: Config, device: str) -> str:
    """10 hex digits naming a run: the resolved config's content and the device.

    The content is hashed as sorted JSON, so reordering a config's keys or moving them
    between files (a refactor) keeps the key; any changed value changes it.
    """
    content = json.dumps(cfg.to_dict(), sort_keys=True, default=repr)
    return hashlib.sha1((content + device).encode()).hexdigest()[:10]


def save_student_init(config: str, seed: int, path: str) -> str:
    """The initial weights of a student under ``seed``, shared by its paired runs."""
    if osp.exists(path):
        return path
    import torch
    from mmengine.logging import MMLogger
    from mmengine.registry import init_default_scope
    from mmengine.runner import set_random_seed
    from mmseg.registry import MODELS
    cfg = Config.fromfile(config)
    init_default_scope(cfg.get('default_scope', 'mmseg'))
    set_random_seed(seed)
    logger = MMLogger.get_current_instance()
    level = logger.level
    logger.setLevel(logging.WARNING)  # init_weights logs every parameter at INFO
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            model = MODELS.build(cfg.model)
            model.init_weights()
    finally:
        logger.setLevel(level)
    os.makedirs(osp.dirname(path), exist_ok=True)
    torch.save(dict(state_dict=model.state_dict(), meta=dict(config=config, seed=seed)),
               path + '.tmp')
    os.replace(path + '.tmp', path)
    return path


def read_result(run_dir: str, iters: int) -> dict:
    """mIoU, per-class IoU and the convergence curve from a run's scalars.json."""
    logs = sorted(glob.glob(osp.join(run_dir, '*', 'vis_data', 'scalars.json')))
    evals = [json.loads(line) for path in logs for line in open(path) if '"mIoU"' in line]
    if not evals:
        raise RuntimeError(f'{run_dir}: no validation result; see its train.log.')
    last = evals[-1]
    per_class = {k[4:]: v for k, v in last.items() if k.startswith('IoU.')}
    return dict(miou=last['mIoU'], per_class_iou=per_class,
                miou_curve=[e['mIoU'] for e in evals],
                checkpoint=osp.join(run_dir, f'iter_{iters}.pth'))


def train(cfg: Config, run_dir: str, iters: int, device: str,
          carry_over: Optional[str] = None,
          reader: Callable[[str, int], dict] = read_result) -> dict:
    """Train one resolved config in a subprocess (skipped when already done).

    A finished run is reused while the mmkd_ext files it recorded are unchanged; a
    stale one is kept under ``<run_dir>.stale-<n>`` and trained again, unless
    ``carry_over`` (the evidence that the change leaves training unchanged) is given:
    then the new record and the evidence are written to its ``result.json``. ``reader``
    turns a finished run folder into its metrics (mIoU by default).
    """
    done = osp.join(run_dir, 'result.json')
    code = code_record(cfg)
    if osp.exists(done):
        with open(done) as f:
            result = json.load(f)
        files = sorted({path for path, _ in set(code.items()) ^
                        set(result.get('code', {}).items())})
        if files and carry_over:
            history = result.get('code_carried_over', [])
            history = [history] if isinstance(history, str) else history
            result = dict(result, code=code, code_carried_over=history + [dict(
                date=datetime.date.today().isoformat(), files=files, evidence=carry_over)])
            save_json(done, result)
            print(f'{run_dir}: code record carried over ({", ".join(files)})', flush=True)
        if not files or carry_over:  # the checkpoint is where the run is now
            return dict(result, checkpoint=osp.join(run_dir, f'iter_{iters}.pth'),
                        cached=True)
        n = len(glob.glob(run_dir + '.stale-*'))
        print(f'{run_dir}: code changed since it was trained ({", ".join(files)}); '
              f'training again, the old run is kept as {run_dir}.stale-{n}', flush=True)
        os.replace(run_dir, f'{run_dir}.stale-{n}')
    os.makedirs(run_dir, exist_ok=True)
    config = osp.join(run_dir, 'config.py')
    cfg.dump(config)
    start = time.time()
    run_tool('train.py', [config, '--work-dir', run_dir], osp.join(run_dir, 'train.log'),
             device, 'training')
    result = dict(reader(run_dir, iters), wall_s=round(time.time() - start, 1),
                  code=code)
    save_json(done, result)
    return dict(result, cached=False)


def evaluate_on(run_dir: str, result: dict, split: str, data_root: str,
                device: str) -> dict:
    """``result`` with its final checkpoint's mIoU and per-class IoU on ``split``.

    One evaluation (no curve), kept in ``<run_dir>/result_<split>.json``; a run trained
    again moves to ``.stale-<n>`` with its evaluations, so a kept file always belongs to
    the checkpoint beside it.
    """
    done = osp.join(run_dir, f'result_{split}.json')
    if not osp.exists(done):
        metrics_file = osp.join(run_dir, f'metrics_{split}.json')
        run_tool('test.py', [osp.join(run_dir, 'config.py'), result['checkpoint'],
                             '--json-out', metrics_file, '--work-dir',
                             osp.join(run_dir, f'test_{split}'), '--cfg-options',
                             f'test_dataloader.dataset.data_root={data_root}'],
                 osp.join(run_dir, f'test_{split}.log'), device, f'evaluation on {split}')
        with open(metrics_file) as f:
            metrics = json.load(f)
        per_class = {k[4:]: v for k, v in metrics.items() if k.startswith('IoU.')}
        save_json(done, dict(miou=metrics['mIoU'], per_class_iou=per_class))
    with open(done) as f:
        evaluated = json.load(f)
    return dict(result, **evaluated, miou_curve=[evaluated['miou']])


def run_tool(tool: str, args: List[str], log_path: str, device: str, what: str) -> None:
    """Run ``tools/<tool>`` in a subprocess (CPU only unless ``device`` is cuda), logging
    to ``log_path``; raise naming ``what`` and the log if it fails. The project folder is
    on ``PYTHONPATH``, so development configs can import its package."""
    env = dict(os.environ)
    env['PYTHONPATH'] = os.pathsep.join(p for p in (PROJECT, env.get('PYTHONPATH')) if p)
    if device == 'cpu':
        env['CUDA_VISIBLE_DEVICES'] = ''
    with open(log_path, 'w') as log:
        proc = subprocess.run([sys.executable, osp.join(ROOT, 'tools', tool), *args],
                              stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    if proc.returncode != 0:
        raise RuntimeError(f'{what} failed (exit {proc.returncode}); the log is {log_path}')


def save_json(path: str, value: dict) -> None:
    """Write ``value`` to ``path`` atomically (a killed run leaves no half file)."""
    with open(path + '.tmp', 'w') as f:
        json.dump(value, f)
    os.replace(path + '.tmp', path)


def migrate_cached_runs(work_dir: str, migrations: Dict[str, Dict[str, str]]) -> List[str]:
    """Rename cached run folders whose key changed without a change in training.

    ``migrations`` maps a row's slug to ``{old key: new key}`` (``results/key_migrations.json``:
    keys that changed only because a config moved or gained an import). Returns the
    folders renamed.
    """
    moved = []
    for row_slug, keys in migrations.items():
        for old, new in keys.items():
            for path in glob.glob(osp.join(work_dir, row_slug, f'seed*-{old}')):
                target = path[:-len(old)] + new
                if not osp.exists(target):
                    os.replace(path, target)
                    moved.append(target)
    return moved
