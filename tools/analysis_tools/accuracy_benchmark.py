"""The offline benchmark: teachers, no-KD students and KD rows on paired seeds.

The protocol (docs/offline_benchmark.md) and the rows live in
``offline_benchmark_rows.py`` next to this file. For every selected row and seed
the tool writes a resolved config (the row's config with the protocol applied:
generated data splits, crop, schedule, evaluation on the ``test`` split, the
seed's shared student initialisation, the teacher checkpoint), trains it in a
subprocess whose log goes to the run's folder, and keeps the result in
``<work-dir>/<row>/<seed>-<key>/result.json``; ``key`` hashes the resolved
config, and the result records the mmkd_ext files the run depends on, so a second
or interrupted invocation reuses every finished run whose code is unchanged
(teachers included). It prints one line per run with an ETA and
writes a Markdown table, a JSON file and a PNG chart of the paired gains.

Examples:
    python tools/analysis_tools/accuracy_benchmark.py --methods kd cwd
    python tools/analysis_tools/accuracy_benchmark.py --methods transkd --seeds 0 1 2
    python tools/analysis_tools/accuracy_benchmark.py --quick      # smoke check, ~10 min
"""
import argparse
import copy
import datetime
import glob
import hashlib
import json
import logging
import math
import os
import os.path as osp
import platform
import statistics
import subprocess
import sys
import time
import warnings
from typing import Dict, List, Optional, Sequence

from mmengine.config import Config, ConfigDict, DictAction

import mmkd_ext  # noqa: F401  (registers the mmkd_ext:: config prefix)

sys.path.insert(0, osp.dirname(osp.abspath(__file__)))
from offline_benchmark_rows import CANDIDATES, PROTOCOL, ROWS  # noqa: E402

V1 = PROTOCOL  # the protocol in force; --protocol may pick a candidate instead

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
RESULTS = osp.join(ROOT, 'docs', 'results', 'offline_benchmark')
# two-sided 95 % Student-t quantiles by degrees of freedom
T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306,
       9: 2.262, 10: 2.228}


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--methods', nargs='*', help='method tags (default: every row); '
                        'teacher and baseline rows of the chosen ones come along')
    parser.add_argument('--rows', nargs='*', help='only the rows whose names contain one '
                        'of these strings (with their teacher and baseline rows)')
    parser.add_argument('--seeds', type=int, nargs='+',
                        help="training seeds (default: the protocol's `seeds`)")
    parser.add_argument('--quick', action='store_true',
                        help='one seed, protocol.quick_iters iterations: a smoke check')
    parser.add_argument('--iters', type=int, help='override every schedule (tests)')
    parser.add_argument('--split', choices=['test', 'tune'], default='test',
                        help='evaluation split (tune for development choices: the '
                        'test-split runs, each final checkpoint evaluated on tune)')
    parser.add_argument('--protocol', default=V1['name'],
                        choices=[V1['name']] + [p['name'] for p in CANDIDATES],
                        help='a candidate protocol (results apart, judged on --split tune)')
    parser.add_argument('--device', choices=['cpu', 'cuda'], default='cpu')
    parser.add_argument('--data-root', default='data/offline_benchmark')
    parser.add_argument('--work-dir', default='work_dirs/offline_benchmark')
    parser.add_argument('--out', help='results prefix (default docs/results/offline_benchmark'
                        '[_cuda][_tune]; quick and --iters runs go to the work dir)')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction, default={},
                        help='extra key=value overrides for every run (tests)')
    parser.add_argument('--carry-over-code', metavar='EVIDENCE',
                        help='keep cached runs whose recorded mmkd_ext files changed, '
                        'recording the new files and EVIDENCE that the change leaves '
                        'training unchanged (a refactor: the golden-value test and a '
                        'bit-identical short training); never for a change in behaviour')
    args = parser.parse_args(argv)
    if args.carry_over_code is not None and not args.carry_over_code.strip():
        parser.error('--carry-over-code needs the evidence that training is unchanged.')
    return args


# ---------------------------------------------------------------- rows and data
def select_rows(methods: Optional[Sequence[str]],
                names: Optional[Sequence[str]] = None) -> List[dict]:
    """Rows of the chosen methods (and names), with the teacher and baseline rows."""
    by_name = {row['name']: row for row in ROWS}
    known = sorted({row['method'] for row in ROWS})
    for method in methods or []:
        if method not in known:
            raise ValueError(f'--methods {method!r}: unknown; choose from {known}.')
    wanted = [r for r in ROWS if not methods or r['method'] in methods]
    if names:
        for part in names:
            if not any(part in r['name'] for r in wanted):
                raise ValueError(f'--rows {part!r}: no selected row contains it; rows: '
                                 f'{[r["name"] for r in wanted]}.')
        wanted = [r for r in wanted if any(part in r['name'] for part in names)]
    names = {r['name'] for r in wanted}
    for row in list(wanted):
        for ref in (row.get('teacher'), row.get('baseline')):
            if ref and ref not in names:
                names.add(ref)
    order = {'teacher': 0, 'student': 1, 'kd': 2}
    return sorted((by_name[n] for n in names), key=lambda r: (order[r['kind']],
                                                               ROWS.index(r)))


def prepare_data(data_root: str) -> Dict[str, str]:
    """Generate (once) the train, teacher-train, tune and test splits."""
    from mmkd_ext.datasets import generate_dataset
    seeds = PROTOCOL['generator_seeds']
    h, w = PROTOCOL['image_size']
    roots = dict(
        train=(seeds['train'], PROTOCOL['num_train'], 0, PROTOCOL['train_root']),
        teacher=(seeds['train'], PROTOCOL['num_train_teacher'], 0, 'teacher'),
        tune=(seeds['tune'], 0, PROTOCOL['num_eval'], 'tune'),
        test=(seeds['test'], 0, PROTOCOL['num_eval'], 'test'))
    out = {}
    for name, (seed, num_train, num_val, folder) in roots.items():
        out[name] = generate_dataset(osp.join(data_root, folder), num_train, num_val, seed,
                                     h, w)
    return out


# ---------------------------------------------------------------- one run's config
def _walk(node, fn):
    if isinstance(node, dict):
        fn(node)
        for value in node.values():
            _walk(value, fn)
    elif isinstance(node, (list, tuple)):
        for value in node:
            _walk(value, fn)


def apply_protocol(cfg: Config, *, kind: str, iters: int, seed: int, roots: Dict[str, str],
                   split: str, student_init: Optional[str], teacher_ckpt: Optional[str],
                   device: str, quick: bool = False) -> Config:
    """The row's config with the protocol applied (a new Config)."""
    cfg = copy.deepcopy(cfg)
    crop = tuple(PROTOCOL['crop_size'])

    def set_crop(node):
        if node.get('type') == 'RandomCrop':
            node['crop_size'] = crop
        if 'data_preprocessor' in node and isinstance(node['data_preprocessor'], dict) \
                and node['data_preprocessor'].get('size') is not None:
            node['data_preprocessor']['size'] = crop
    _walk(cfg._cfg_dict, set_crop)
    if cfg.model.get('data_preprocessor', {}).get('size') is not None:
        cfg.model.data_preprocessor.size = crop
    train = cfg.train_dataloader
    train.batch_size = PROTOCOL['batch_size']
    train.dataset.data_root = roots['teacher' if kind == 'teacher' else 'train']
    for name in ('val_dataloader', 'test_dataloader'):
        cfg[name].dataset.data_root = roots[split]
        if quick:
            cfg[name].dataset.indices = PROTOCOL['quick_eval_images']
    metric = dict(type='PerClassIoUMetric', iou_metrics=['mIoU'])
    cfg.val_evaluator = cfg.test_evaluator = metric
    interval = max(iters // 5, 1)
    points = 1 if quick else PROTOCOL['eval_points']
    cfg.train_cfg.update(max_iters=iters, val_interval=interval,
                         val_begin=max(iters - (points - 1) * interval, 1))
    for sched in cfg.param_scheduler:
        if sched.get('by_epoch', True) is False and sched.type == 'PolyLR':
            sched.end = iters
        elif sched.get('end', 0) > iters:  # warm-up schedulers longer than the run
            sched.end = iters
    cfg.default_hooks.checkpoint.update(interval=iters, max_keep_ckpts=1)
    cfg.default_hooks.logger.interval = max(min(50, iters // 10), 1)
    cfg.randomness = dict(seed=seed)
    cfg.log_level = 'WARNING'
    if kind == 'kd':
        cfg.model.teacher_ckpt = teacher_ckpt
        cfg.model.architecture.init_cfg = dict(type='Pretrained', checkpoint=student_init)
    elif kind == 'student':
        cfg.model.init_cfg = dict(type='Pretrained', checkpoint=student_init)
    if device == 'cpu':
        cfg.env_cfg = ConfigDict(cfg.get('env_cfg', {}), dist_cfg=dict(backend='gloo'))
    return cfg


def config_types(node) -> set:
    """Every registry ``type`` string in a config (scope prefixes dropped)."""
    types = set()

    def collect(item):
        if isinstance(item.get('type'), str):
            types.add(item['type'].split('.')[-1])
    _walk(node, collect)
    return types


def code_record(cfg: Config) -> Dict[str, str]:
    """SHA-1 of every mmkd_ext source file a run's numbers can depend on.

    These are the files that define the mmkd_ext types the config names, the mmkd_ext
    modules they use (followed through their globals, so helpers and base classes
    count), and ``compat.py``, which patches the libraries for every run. A run is
    reused only while these files are unchanged: editing one method's loss retrains
    that method's rows only, editing the command-line tools retrains nothing.
    """
    import inspect
    import mmkd_ext as package
    modules = {name: mod for name, mod in sys.modules.items()
               if name.startswith('mmkd_ext') and getattr(mod, '__file__', None)}
    by_type = {}
    for mod in modules.values():
        for name, obj in vars(mod).items():
            if inspect.isclass(obj) and obj.__module__ == mod.__name__:
                by_type[name] = mod
    todo = [by_type[t] for t in config_types(cfg._cfg_dict) if t in by_type]
    todo.append(package.compat)
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
    between base files (a refactor) keeps the key; any changed value changes it.
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


# ---------------------------------------------------------------- training and reading
def read_result(run_dir: str, iters: int) -> dict:
    """mIoU, per-class IoU and the convergence check from a run's scalars.json."""
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
          carry_over: Optional[str] = None) -> dict:
    """Train one resolved config in a subprocess (skipped when already done).

    A finished run is reused while the mmkd_ext files it recorded are unchanged; a
    stale one is kept under ``<run_dir>.stale-<n>`` and trained again, unless
    ``carry_over`` (the evidence that the change leaves training unchanged) is given:
    then the new record and the evidence are written to its ``result.json``.
    """
    done = osp.join(run_dir, 'result.json')
    code = code_record(cfg)
    if osp.exists(done):
        with open(done) as f:
            result = json.load(f)
        changed = sorted(set(code.items()) ^ set(result.get('code', {}).items()))
        files = sorted({path for path, _ in changed})
        if files and carry_over:
            history = result.get('code_carried_over', [])
            history = [history] if isinstance(history, str) else history
            result = dict(result, code=code, code_carried_over=history + [dict(
                date=datetime.date.today().isoformat(), files=files, evidence=carry_over)])
            _save_json(done, result)
            print(f'{run_dir}: code record carried over ({", ".join(files)})', flush=True)
        if not files or carry_over:  # the checkpoint is where the run is now
            return dict(result, checkpoint=osp.join(run_dir, f'iter_{iters}.pth'),
                        cached=True)
        n = len(glob.glob(run_dir + '.stale-*'))
        print(f'{run_dir}: code changed since it was trained '
              f'({", ".join(files)}); training again, '
              f'the old run is kept as {run_dir}.stale-{n}', flush=True)
        os.replace(run_dir, f'{run_dir}.stale-{n}')
    os.makedirs(run_dir, exist_ok=True)
    config = osp.join(run_dir, 'config.py')
    cfg.dump(config)
    start = time.time()
    run_tool('train.py', [config, '--work-dir', run_dir], osp.join(run_dir, 'train.log'),
             device, 'training')
    result = dict(read_result(run_dir, iters), wall_s=round(time.time() - start, 1),
                  code=code)
    _save_json(done, result)
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
        _save_json(done, dict(miou=metrics['mIoU'], per_class_iou=per_class))
    with open(done) as f:
        evaluated = json.load(f)
    return dict(result, **evaluated, miou_curve=[evaluated['miou']])


def run_tool(tool: str, args: List[str], log_path: str, device: str, what: str) -> None:
    """Run ``tools/<tool>`` in a subprocess (CPU only unless ``device`` is cuda), logging
    to ``log_path``; raise naming ``what`` and the log if it fails."""
    env = dict(os.environ)
    if device == 'cpu':
        env['CUDA_VISIBLE_DEVICES'] = ''
    with open(log_path, 'w') as log:
        proc = subprocess.run([sys.executable, osp.join(ROOT, 'tools', tool), *args],
                              stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    if proc.returncode != 0:
        raise RuntimeError(f'{what} failed (exit {proc.returncode}); the log is {log_path}')


def _save_json(path: str, value: dict) -> None:
    """Write ``value`` to ``path`` atomically (a killed run leaves no half file)."""
    with open(path + '.tmp', 'w') as f:
        json.dump(value, f)
    os.replace(path + '.tmp', path)


def paired_stats(deltas: List[float]) -> dict:
    """Mean paired difference and its two-sided 95 % Student-t interval."""
    n = len(deltas)
    mean = statistics.mean(deltas)
    if n < 2:
        return dict(mean=mean, ci95=None)
    half = T95.get(n - 1, 1.96) * statistics.stdev(deltas) / math.sqrt(n)
    return dict(mean=mean, ci95=[mean - half, mean + half])


# ---------------------------------------------------------------- the table
def run(args: argparse.Namespace, prefix: str, merge: bool) -> dict:
    """Train (or reuse) every selected run; rewrite the results after each."""
    rows = select_rows(args.methods, args.rows)
    seeds = args.seeds[:1] if args.quick else args.seeds
    roots = prepare_data(args.data_root)
    jobs = [(row, seed) for row in rows
            for seed in ([0] if row['kind'] == 'teacher' else seeds)]

    def iters_of(row: dict) -> int:
        if args.iters:
            return args.iters
        if args.quick:
            return PROTOCOL['quick_iters']
        return PROTOCOL['teacher_iters' if row['kind'] == 'teacher' else 'student_iters']

    results: Dict[str, dict] = {}
    table = summarise(results, args)
    spent_s, spent_iters, started = 0.0, 0, time.time()
    for n, (row, seed) in enumerate(jobs, 1):
        iters = iters_of(row)
        config = osp.join(ROOT, row['config'])
        student_init = teacher_ckpt = None
        if row['kind'] != 'teacher':
            base = next(r for r in ROWS if r['name'] == (row.get('baseline') or row['name']))
            student_init = save_student_init(
                osp.join(ROOT, base['config']), seed,
                osp.join(args.work_dir, 'init', f'{slug(base["name"])}_seed{seed}.pth'))
        if row['kind'] == 'kd':
            teacher_ckpt = results[row['teacher']]['runs'][0]['checkpoint']
        cfg = Config.fromfile(config)
        if args.cfg_options:
            cfg.merge_from_dict(args.cfg_options)
        # training does not depend on the reported split: a tune-split row is the
        # test-split run (same key, same cache), its checkpoint evaluated on tune
        cfg = apply_protocol(cfg, kind=row['kind'], iters=iters, seed=seed, roots=roots,
                             split='test', student_init=student_init,
                             teacher_ckpt=teacher_ckpt, device=args.device,
                             quick=args.quick)
        key = run_key(cfg, args.device)
        run_dir = osp.join(args.work_dir, slug(row['name']), f'seed{seed}-{key}')
        result = train(cfg, run_dir, iters, args.device, args.carry_over_code)
        if args.split != 'test':
            result = evaluate_on(run_dir, result, args.split, roots[args.split], args.device)
        entry = results.setdefault(row['name'], dict(row=row, runs=[]))
        entry['runs'].append(dict(result, seed=seed, **paired_with(results, row, seed)))
        if not result['cached']:
            spent_s, spent_iters = spent_s + result['wall_s'], spent_iters + iters
        left = sum(iters_of(r) for r, _ in jobs[n:])  # ETA: seconds per iteration so far
        eta = spent_s / spent_iters * left if spent_iters else 0.0
        took = 'cached' if result['cached'] else f'{result["wall_s"]:.0f} s'
        print(f'[{n}/{len(jobs)}] {row["name"]} seed {seed}: mIoU {result["miou"]:.2f} '
              f'({took}); elapsed {time.time() - started:.0f} s, ETA {eta / 60:.0f} min',
              flush=True)
        table = write(results, args, prefix, merge)
    return table


def paired_with(results: Dict[str, dict], row: dict, seed: int) -> dict:
    """The teacher and no-KD student runs a KD run of ``seed`` is measured against.

    Trained in the same invocation (jobs run teachers and students first), so a KD run
    keeps the student run it was paired with even when a later session, whose CPU
    numerics differ slightly, trains that student seed again.
    """
    if row['kind'] != 'kd':
        return {}
    base = {r['seed']: r['miou'] for r in results[row['baseline']]['runs']}
    teacher = results[row['teacher']]['runs'][0]['miou']
    return dict(baseline_miou=base[seed], teacher_miou=teacher)


def summarise(results: Dict[str, dict], args: argparse.Namespace) -> dict:
    out_rows = []
    for name, entry in results.items():
        row, runs = entry['row'], entry['runs']
        item = dict(name=name, config=row['config'], teacher=row.get('teacher'),
                    baseline=row.get('baseline'), seeds=[r['seed'] for r in runs],
                    miou=[r['miou'] for r in runs],
                    per_class_iou={c: [r['per_class_iou'][c] for r in runs]
                                   for c in runs[0]['per_class_iou']},
                    miou_curve=[r['miou_curve'] for r in runs],
                    checkpoints=[r['checkpoint'] for r in runs],
                    wall_s=sum(r['wall_s'] for r in runs),
                    wall_s_per_seed=[r['wall_s'] for r in runs])
        base_runs = results.get(row.get('baseline'), {}).get('runs', [])
        base = {r['seed']: r['miou'] for r in base_runs}
        # a KD run keeps the student value it was paired with (see paired_with)
        baselines = [r.get('baseline_miou', base.get(r['seed'])) for r in runs]
        if any(b is not None for b in baselines):
            item['baseline_miou'] = baselines
            item['paired_delta'] = [r['miou'] - b for r, b in zip(runs, baselines)
                                    if b is not None]
            item['paired'] = paired_stats(item['paired_delta'])
        if row.get('teacher') and all('teacher_miou' in r for r in runs):
            item['teacher_miou'] = [r['teacher_miou'] for r in runs]
        out_rows.append(item)
    return dict(commit=git_commit(), date=datetime.date.today().isoformat(),
                machine=f'{platform.machine()}, {os.cpu_count()} CPU cores, '
                f'{args.device}', protocol=dict(PROTOCOL, split=args.split,
                                                quick=args.quick, iters=args.iters),
                rows=out_rows)


def git_commit() -> str:
    try:
        return subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=ROOT,
                              capture_output=True, text=True).stdout.strip() or 'unknown'
    except OSError:
        return 'unknown'


def slug(name: str) -> str:
    return ''.join(c if c.isalnum() else '-' for c in name).strip('-').lower()


def markdown(table: dict, per_class: bool = True) -> str:
    lines = [f'Protocol {table["protocol"]["name"]}, split `{table["protocol"]["split"]}`, '
             f'{table["machine"]}, {table["date"]}, commit {table["commit"]}.', '',
             '| run | seeds | mIoU mean ± std | per seed | paired Δ (95 % CI) | '
             'last-fifth change | wall |', '|---|---:|---:|---|---:|---:|---:|']
    for row in table['rows']:
        miou = row['miou']
        spread = statistics.stdev(miou) if len(miou) > 1 else 0.0
        delta = ''
        if row.get('paired'):
            p = row['paired']
            ci = (f' [{p["ci95"][0]:+.2f}, {p["ci95"][1]:+.2f}]' if p['ci95'] else '')
            delta = f'{p["mean"]:+.2f}{ci}'
        moves = [c[-1] - c[-2] for c in row['miou_curve'] if len(c) > 1]
        move = f'{max(moves, key=abs):+.2f}' if moves else ''
        lines.append(f'| {row["name"]} | {len(miou)} | {statistics.mean(miou):.2f} ± '
                     f'{spread:.2f} | {", ".join(f"{v:.2f}" for v in miou)} | {delta} | '
                     f'{move} | {row["wall_s"] / 60:.0f} min |')
    lines += teacher_note(table)
    classes = list(table['rows'][0]['per_class_iou']) if table['rows'] and per_class else []
    if not classes:
        return '\n'.join(lines) + '\n'
    lines += ['', 'Per-class IoU (mean over seeds):', '',
              '| run | ' + ' | '.join(classes) + ' |', '|---|' + '---:|' * len(classes)]
    for row in table['rows']:
        values = [statistics.mean(row['per_class_iou'][c]) for c in classes]
        lines.append(f'| {row["name"]} | ' + ' | '.join(f'{v:.1f}' for v in values) + ' |')
    return '\n'.join(lines) + '\n'


def teacher_note(table: dict) -> List[str]:
    """Lines naming each teacher's trainings that KD runs used, where there are several.

    A new session trains its teachers again, and CPU numerics differ slightly between
    machines, so KD runs of different sessions may have used different trainings of one
    teacher; every KD run stays paired with the no-KD student of its own session.
    """
    used: Dict[str, Dict[str, int]] = {}
    for row in table['rows']:
        for value in row.get('teacher_miou', []):
            counts = used.setdefault(row['teacher'], {})
            counts[f'{value:.2f}'] = counts.get(f'{value:.2f}', 0) + 1
    several = {name: counts for name, counts in used.items() if len(counts) > 1}
    if not several:
        return []
    trainings = '; '.join(
        f'{name}: ' + ', '.join(f'{miou} ({n} run{"s" * (n > 1)})'
                                for miou, n in counts.items())
        for name, counts in several.items())
    return ['', f'Teacher trainings used by the KD runs (mIoU, runs): {trainings}. Each KD '
            'run is paired with the no-KD student run of its own session.']


def bar_chart(table: dict, path: str) -> None:
    """PNG: paired gain of every KD row with its 95 % interval."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    rows = [r for r in table['rows'] if r.get('paired')]
    fig, ax = plt.subplots(figsize=(7, 0.45 * max(len(rows), 1) + 1.2))
    for i, row in enumerate(rows):
        p = row['paired']
        err = None if not p['ci95'] else [[p['mean'] - p['ci95'][0]], [p['ci95'][1] - p['mean']]]
        ax.barh(i, p['mean'], xerr=err, color='tab:green' if p['mean'] > 0 else 'tab:red',
                capsize=3)
        ax.scatter(row['paired_delta'], [i] * len(row['paired_delta']), color='k', s=8,
                   zorder=3)
    ax.set_yticks(range(len(rows)), [r['name'] for r in rows], fontsize=8)
    ax.axvline(0, color='k', lw=0.8)
    ax.set_xlabel('paired mIoU gain over the no-KD student (95 % CI; dots: seeds)')
    ax.invert_yaxis()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def runs_of(row: dict) -> List[dict]:
    """The per-seed runs of a results-file row (the inverse of ``summarise``).

    Rows written before ``wall_s_per_seed`` existed share their ``wall_s`` evenly.
    """
    n = len(row['seeds'])
    walls = row.get('wall_s_per_seed') or [row['wall_s'] / n] * n
    runs = [dict(seed=seed, miou=row['miou'][i], miou_curve=row['miou_curve'][i],
                 per_class_iou={c: v[i] for c, v in row['per_class_iou'].items()},
                 checkpoint=row['checkpoints'][i], wall_s=walls[i])
            for i, seed in enumerate(row['seeds'])]
    # the student value each seed was paired with; rows written before baseline_miou
    # existed hold it as miou - paired_delta (every seed was paired then)
    deltas = row.get('paired_delta') or []
    baselines = row.get('baseline_miou') or (
        [m - d for m, d in zip(row['miou'], deltas)] if len(deltas) == n else [])
    for run, baseline in zip(runs, baselines):
        if baseline is not None:
            run['baseline_miou'] = baseline
    for run, teacher in zip(runs, row.get('teacher_miou') or []):
        run['teacher_miou'] = teacher
    return runs


def merge_results(results: Dict[str, dict], old_rows: List[dict]) -> Dict[str, dict]:
    """``results`` plus every row and seed of ``old_rows`` they do not hold.

    The merge is per seed: a run of seed 0 alone replaces seed 0 of its row and keeps
    the row's other seeds, so the paired differences are taken over all of them.
    """
    merged = {name: dict(entry, runs=list(entry['runs'])) for name, entry in results.items()}
    by_name = {row['name']: row for row in ROWS}
    old_by_name = {old['name']: old for old in old_rows}
    for old in old_rows:
        row = by_name.get(old['name']) or {k: old.get(k) for k in
                                           ('name', 'config', 'teacher', 'baseline')}
        entry = merged.setdefault(old['name'], dict(row=row, runs=[]))
        have = {run['seed'] for run in entry['runs']}
        # rows written before teacher_miou existed used the teacher of the same file
        teacher = old_by_name.get(old.get('teacher') or '')
        for run in runs_of(old):
            if run['seed'] in have:
                continue
            if teacher and 'teacher_miou' not in run:
                run['teacher_miou'] = teacher['miou'][0]
            entry['runs'].append(run)
        entry['runs'].sort(key=lambda run: run['seed'])
    order = [row['name'] for row in ROWS]
    return dict(sorted(merged.items(), key=lambda item: order.index(item[0])
                       if item[0] in order else len(order)))


def write(results: Dict[str, dict], args: argparse.Namespace, prefix: str,
          merge: bool) -> dict:
    """``prefix``.json (merged per row and seed with an existing file), .md and .png.

    Returns:
        dict: the table written.
    """
    os.makedirs(osp.dirname(prefix) or '.', exist_ok=True)
    if merge and osp.exists(prefix + '.json'):
        with open(prefix + '.json') as f:
            results = merge_results(results, json.load(f).get('rows', []))
    table = summarise(results, args)
    with open(prefix + '.json', 'w') as f:
        json.dump(table, f, indent=1)
    with open(prefix + '.md', 'w') as f:
        f.write(markdown(table))
    bar_chart(table, prefix + '.png')
    return table


README_START = '<!-- offline-benchmark:start (written by accuracy_benchmark.py) -->'
README_END = '<!-- offline-benchmark:end -->'


def update_readme(table: dict, path: str) -> bool:
    """Replace the README's table between the two markers; False if it has none."""
    with open(path) as f:
        text = f.read()
    if README_START not in text or README_END not in text:
        return False
    head, rest = text.split(README_START, 1)
    tail = rest.split(README_END, 1)[1]
    with open(path, 'w') as f:
        f.write(f'{head}{README_START}\n{markdown(table, per_class=False)}{README_END}{tail}')
    return True


def use_protocol(name: str) -> None:
    """Make the protocol called ``name`` (v1 or a candidate) the one every step applies."""
    global PROTOCOL
    PROTOCOL = next(p for p in [V1] + CANDIDATES if p['name'] == name)


def main(argv: Optional[Sequence[str]] = None) -> dict:
    args = parse_args(argv)
    use_protocol(args.protocol)
    args.seeds = args.seeds or list(PROTOCOL['seeds'])
    smoke = bool(args.quick or args.iters)
    candidate = '' if PROTOCOL is V1 else '_' + PROTOCOL['name']
    prefix = args.out or (osp.join(args.work_dir, 'quick') if smoke else RESULTS + candidate + (
        '_cuda' if args.device == 'cuda' else '') + ('_tune' if args.split == 'tune' else ''))
    table = run(args, prefix, merge=not smoke)
    if not smoke and prefix == RESULTS:  # the CPU test-split table is the README's
        with open(prefix + '.json') as f:
            update_readme(json.load(f), osp.join(ROOT, 'README.md'))
    print(markdown(table))
    print(f'results: {prefix}.json, {prefix}.md, {prefix}.png')
    return table


if __name__ == '__main__':
    main()
