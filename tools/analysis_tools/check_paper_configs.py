"""Run paper configs through train, resume, test and export on generated data in their layout.

For each config, in a fresh process (its peak memory is that process's), with the overrides of
``mmkd_ext.utils.reduced_config`` only (data root, ``--scale`` on crops and resizes, no
pretrained downloads, a short schedule):

1. scenes written in the dataset's on-disk layout (``mmkd_ext.datasets.layouts``);
2. a random teacher built, saved and given as ``model.teacher_ckpt`` (strict loading runs);
3. ``tools/train.py`` to iteration ``--iters / 2`` (validation and checkpoint there), then
   ``--resume`` to ``--iters``: every task and ``distill.*`` loss logged and finite, the
   resumed run starting after the checkpoint;
4. ``tools/test.py`` on the last checkpoint: the config's evaluator reports its metric;
5. ``tools/export_student.py``, and ``tools/test.py`` of the export with the plain student
   config (the config's ``model.architecture``).

``--full-crop`` also times one training iteration at the config's own crop (scale 1) in a
separate process. The weights a config needs are checked too: a teacher to be trained with
a shipped config fails the check when that config does not exist.

Examples:
    python tools/analysis_tools/check_paper_configs.py configs/bckd/<config>.py
    python tools/analysis_tools/check_paper_configs.py --all          # every paper config
    python tools/analysis_tools/check_paper_configs.py --subset ci    # one per method x dataset
    python tools/analysis_tools/check_paper_configs.py --report       # table from the JSON
"""
import argparse
import glob
import json
import os
import os.path as osp
import subprocess
import sys
import time
import traceback
from typing import Dict, List, Optional, Sequence

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
RESULTS = osp.join(ROOT, 'docs', 'results', 'paper_configs.json')
# one config per method x dataset type, the subset the test suite runs
CI_SUBSET = (
    'bckd/bckd_pspnet-r101_pspnet-r18_4xb2-80k_cityscapes-512x1024.py',
    'bckd/bckd_retinanet-r101_retinanet-r50_8xb2-1x_coco-1333x800.py',
    'heteroakd/heteroakd_deeplabv3-r101_segformer-mitb0_4xb4-40k_voc12aug-512x512.py',
    'lix/lix_mfnet-r18w16-rgbd_mfnet-r18w16_1xb8-80k_vkitti2-384x1248.py',
    'transkd/transkd-base_mit-b2_mit-b0_1xb2-597k_nyuv2-480x640.py',
)


def paper_configs() -> List[str]:
    """Every non-tiny config under ``configs/`` (those not on the offline street data)."""
    paths = glob.glob(osp.join(ROOT, 'configs', '*', '**', '*.py'), recursive=True)
    return sorted(osp.relpath(p, osp.join(ROOT, 'configs')) for p in paths
                  if '_base_' not in p and 'offline-street' not in p)


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('configs', nargs='*', help='configs (paths or <method>/<file>.py)')
    parser.add_argument('--all', action='store_true', help='every paper config')
    parser.add_argument('--subset', choices=['ci'], help='a named subset (see CI_SUBSET)')
    parser.add_argument('--scale', type=float, default=0.125,
                        help='crop and resize sizes (and generated images) times this')
    parser.add_argument('--iters', type=int, default=4, help='training iterations (even)')
    parser.add_argument('--full-crop', action='store_true',
                        help='also one training iteration at the config\'s own crop')
    parser.add_argument('--full-crop-only', action='store_true',
                        help='only the full-crop step (the reduced check\'s record kept)')
    parser.add_argument('--device', default='cpu', choices=['cpu', 'cuda'])
    parser.add_argument('--work-dir', default=osp.join('work_dirs', 'paper_configs'))
    parser.add_argument('--out', default=RESULTS,
                        help='results JSON (merged by config; a Markdown table beside it)')
    parser.add_argument('--keep-checkpoints', action='store_true',
                        help='keep each run\'s checkpoints (deleted after the check otherwise)')
    parser.add_argument('--report', action='store_true',
                        help='only rewrite the Markdown table from the results JSON')
    parser.add_argument('--worker', choices=['check', 'full-crop'], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.iters < 2 or args.iters % 2:
        parser.error(f'--iters {args.iters}: give an even number >= 2 (resume at half)')
    return args


def resolve(config: str) -> str:
    """``configs/<m>/<f>.py``, ``<m>/<f>.py`` or a path -> a path relative to ``configs/``."""
    path = config if osp.isfile(config) else osp.join(ROOT, 'configs', config)
    if not osp.isfile(path):
        raise SystemExit(f'config {config!r} not found (give a path or <method>/<file>.py)')
    return osp.relpath(osp.abspath(path), osp.join(ROOT, 'configs'))


# ----------------------------------------------------------------------------- worker side
def scalars(work_dir: str) -> List[dict]:
    """Every logged line of every run in ``work_dir`` (vis_data/scalars.json), in order."""
    lines = []
    for path in sorted(glob.glob(osp.join(work_dir, '*', 'vis_data', 'scalars.json'))):
        with open(path) as f:
            lines += [json.loads(line) for line in f if line.strip()]
    return lines


def check_losses(lines: List[dict], cfg, first_iter: int) -> Dict[str, float]:
    """The losses of the iterations from ``first_iter`` on: each finite, a task loss and
    every configured ``distill.*`` loss present."""
    import math
    train = [line for line in lines if 'loss' in line and line.get('iter', 0) >= first_iter]
    if not train:
        raise AssertionError(f'no training iteration >= {first_iter} was logged')
    losses = {k: v for k, v in train[-1].items() if 'loss' in k}
    bad = {k: v for line in train for k, v in line.items()
           if 'loss' in k and not math.isfinite(v)}
    if bad:
        raise AssertionError(f'non-finite losses: {bad}')
    distill = cfg.model.get('distiller', {}).get('distill_losses', {})
    missing = [f'distill.{name}' for name in distill if f'distill.{name}' not in losses]
    if missing:
        raise AssertionError(f'distillation losses not logged: {missing}')
    if not any(not k.startswith('distill.') and k != 'loss' for k in losses):
        raise AssertionError(f'no task loss logged: {sorted(losses)}')
    return losses


def metric_keys(cfg) -> List[str]:
    """The headline key each evaluator of the config reports."""
    evaluators = cfg.val_evaluator if isinstance(cfg.val_evaluator, list) else [cfg.val_evaluator]
    keys = []
    for ev in evaluators:
        kind = str(ev['type']).rpartition('.')[-1]
        if kind == 'CocoMetric':
            metrics = ev.get('metric', 'bbox')
            keys += [f'coco/{m}_mAP' for m in ([metrics] if isinstance(metrics, str) else metrics)]
        elif kind == 'IoUMetric':
            keys.append('mIoU')
        elif kind == 'FrequencyWeightedFscoreMetric':
            keys.append('fwIoU')
    return keys


def rgb_only(pipeline: List[dict]) -> List[dict]:
    """An RGB-X pipeline without the X modality (an RGB student's view of the data):
    ``LoadXModalityFromFile`` and ``ConcatXModality`` dropped, ``WithXModality`` unwrapped."""
    out = []
    for t in pipeline:
        kind = str(t['type']).rpartition('.')[-1]
        if kind == 'WithXModality':
            out += list(t['transforms'])
        elif kind not in ('LoadXModalityFromFile', 'ConcatXModality'):
            out.append(t)
    return out


def student_config(cfg):
    """The plain student config: the distillation config with ``model.architecture`` as model
    (and, for an RGB-X teacher, the pipelines without the X modality)."""
    from mmengine.config import Config

    from mmengine.hub import get_config

    from mmkd_ext.utils import merge_cfg_path
    student = Config(cfg.to_dict())
    model = merge_cfg_path(student.model.architecture.copy())
    if 'cfg_path' in model:  # no overrides: the referenced config's model as it is
        base = get_config(model['cfg_path'])
        model = base.model
        if 'data_preprocessor' in base:
            model['data_preprocessor'] = base.data_preprocessor
    if 'data_preprocessor' not in model and 'data_preprocessor' in student.model:
        model['data_preprocessor'] = student.model.data_preprocessor
    if 'img_channels' in student.model or 'CrossModal' in str(student.model.type):
        for key in ('val_dataloader', 'test_dataloader'):
            dataset = student[key].dataset
            dataset.pipeline = rgb_only(dataset.pipeline)
        # the RGB-X preprocessor's image half
        model['data_preprocessor'] = dict(
            {k: v for k, v in model['data_preprocessor'].items()
             if k not in ('type', 'x_mean', 'x_std')}, type='mmseg.SegDataPreProcessor')
    student.model = model
    student.val_cfg, student.test_cfg = dict(type='ValLoop'), dict(type='TestLoop')
    return student


def save_random_teacher(cfg, path: str) -> None:
    """Build the algorithm with its teacher at random and save the teacher's weights."""
    import torch
    from mmengine.registry import init_default_scope
    from mmrazor.registry import MODELS
    init_default_scope('mmrazor')
    model_cfg = cfg.model.copy()
    model_cfg['teacher_ckpt'] = None
    model = MODELS.build(model_cfg)
    torch.save(dict(state_dict=model.teacher.state_dict(), meta=dict(random=True)), path)


def run_check(config: str, args: argparse.Namespace, record: dict) -> None:
    """The check of one config at the reduced scale; fills ``record`` as it goes."""
    from mmengine.config import Config

    from mmkd_ext.cli import export_student, test, train
    from mmkd_ext.datasets.layouts import DATASET_TYPES, write_layout
    from mmkd_ext.utils.reduced_config import dataset_type, reduce_config
    from mmkd_ext.weights import config_exists, needed_weights

    path = osp.join(ROOT, 'configs', config)
    cfg = Config.fromfile(path)
    record['weights'] = needed_weights(cfg)
    for item in record['weights']:
        if item['kind'] == 'train' and not config_exists(item['source']):
            raise AssertionError(f'teacher to be trained with {item["source"]}, which does '
                                 'not exist')
    record['stage'] = 'data'
    layout = DATASET_TYPES[dataset_type(cfg)]
    record['layout'] = layout
    scale = 1.0 if args.worker == 'full-crop' else args.scale
    data_root = osp.abspath(osp.join(args.work_dir, 'data', f'{layout}-x{scale:g}'))
    if not osp.isfile(osp.join(data_root, '.complete')):
        write_layout(layout, data_root, num_train=8, num_val=2, scale=scale)
        open(osp.join(data_root, '.complete'), 'w').close()
    name = osp.splitext(config.replace('/', '__'))[0]
    work = osp.abspath(osp.join(args.work_dir, 'full_crop' if scale == 1 else 'runs', name))
    iters = 1 if args.worker == 'full-crop' else args.iters
    half = max(1, iters // 2)
    reduce_config(cfg, data_root, scale, iters, val_interval=half)
    if args.worker == 'full-crop':  # one step: no validation, no checkpoint
        cfg.train_cfg.val_begin = iters + 1
        cfg.default_hooks.checkpoint = dict(type='CheckpointHook', interval=10 ** 6,
                                            by_epoch=False, save_last=False)
    os.makedirs(work, exist_ok=True)
    is_distill = 'architecture' in cfg.model
    if is_distill:
        record['stage'] = 'teacher'
        teacher = osp.join(work, 'teacher_random.pth')
        save_random_teacher(cfg, teacher)
        cfg.model.teacher_ckpt = teacher
    reduced = osp.join(work, 'config.py')
    cfg.dump(reduced)

    record['stage'] = 'train'
    train_dir = osp.join(work, 'train')
    if args.worker == 'full-crop':
        train.main([reduced, '--work-dir', train_dir, '--overwrite'])
        lines = scalars(train_dir)
        record['losses'] = check_losses(lines, cfg, 1)
        record['full_crop_s_iter'] = round(lines[-1]['time'], 2)
        record['stage'] = 'done'
        return
    train.main([reduced, '--work-dir', train_dir, '--overwrite',
                '--cfg-options', f'train_cfg.max_iters={half}'])
    first = scalars(train_dir)
    record['stage'] = 'resume'
    train.main([reduced, '--work-dir', train_dir, '--resume'])
    lines = scalars(train_dir)
    resumed = [line for line in lines[len(first):] if 'loss' in line]
    if not resumed or resumed[0]['iter'] != half + 1:
        raise AssertionError(f'resume from iteration {half} logged iterations '
                             f'{[line["iter"] for line in resumed]}, expected {half + 1}..')
    record['losses'] = check_losses(lines, cfg, half + 1)
    record['s_iter'] = round(sum(line['time'] for line in resumed) / len(resumed), 3)
    record['stage'] = 'test'
    ckpt = osp.join(train_dir, f'iter_{iters}.pth')
    metrics = test.main([reduced, ckpt, '--work-dir', osp.join(work, 'test')])
    keys = metric_keys(cfg)
    absent = [k for k in keys if not any(m.endswith(k) for m in metrics)]
    if absent:
        raise AssertionError(f'evaluator did not report {absent}; got {sorted(metrics)}')
    record['metrics'] = {k: round(float(v), 3) for k, v in metrics.items()
                         if any(k.endswith(key) for key in keys)}
    if is_distill:
        record['stage'] = 'export'
        exported = osp.join(work, 'student.pth')
        export_student.main([ckpt, '--out', exported, '--force'])
        student = osp.join(work, 'student_config.py')
        student_config(cfg).dump(student)
        test.main([student, exported, '--work-dir', osp.join(work, 'test_student')])
    record['stage'] = 'done'


def worker(args: argparse.Namespace) -> None:
    """Check one config, write its record as JSON on the last line of stdout."""
    import mmkd_ext  # noqa: F401
    record = dict(config=args.configs[0], status='fail', stage='config')
    try:
        run_check(args.configs[0], args, record)
        record['status'] = 'pass'
        import torch
        if torch.cuda.is_available():
            record['peak_gpu_mb'] = round(torch.cuda.max_memory_allocated() / 2 ** 20)
    except BaseException as e:  # noqa: B902 - SystemExit from the entry points included
        traceback.print_exc()
        lines = [line for line in str(e).splitlines() if line.strip()] or [type(e).__name__]
        record['error'] = f'{type(e).__name__}: {lines[-1][:300]}'
    if not args.keep_checkpoints:  # a distillation checkpoint holds both models
        name = osp.splitext(args.configs[0].replace('/', '__'))[0]
        for path in glob.glob(osp.join(args.work_dir, '*', name, '**', '*.pth'),
                              recursive=True):
            os.remove(path)
    print('RECORD ' + json.dumps(record))


# ----------------------------------------------------------------------------- parent side
def run_worker(config: str, args: argparse.Namespace, mode: str, log: str) -> dict:
    """Run one worker process; its record plus wall time and peak resident memory."""
    cmd = [sys.executable, osp.abspath(__file__), config, '--worker', mode,
           '--scale', str(args.scale), '--iters', str(args.iters), '--device', args.device,
           '--work-dir', args.work_dir]
    if args.keep_checkpoints:
        cmd.append('--keep-checkpoints')
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [ROOT] + [p for p in os.environ.get('PYTHONPATH', '').split(os.pathsep) if p]))
    if args.device == 'cpu':
        env['CUDA_VISIBLE_DEVICES'] = ''  # the Runner takes a visible GPU otherwise
    start = time.time()
    with open(log, 'w') as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
    with open(log) as f:
        found = [line[7:] for line in f if line.startswith('RECORD ')]
    record = json.loads(found[-1]) if found else dict(
        config=config, status='fail', stage='process',
        error=f'worker exited with status {status} and no record (killed? see {log})')
    record['wall_s'] = round(time.time() - start, 1)
    record['peak_rss_mb'] = round(usage.ru_maxrss / 1024)
    return record


def markdown(data: dict) -> str:
    """The results table of a results JSON (what ``write_results`` writes beside it)."""
    rows = ['| config | layout | status | s/iter | peak RSS (MB) | full crop s/iter | '
            'full crop RSS (MB) | teacher weights |', '|---|---|---|---|---|---|---|---|']
    for config, r in sorted(data['configs'].items()):
        full = r.get('full_crop', {})
        teacher = next((w for w in r.get('weights', []) if w['key'] == 'model.teacher_ckpt'),
                       None)
        status = r['status'] if r['status'] == 'pass' else f'{r["status"]} ({r["stage"]})'
        full_s = full.get('full_crop_s_iter') or (f'fail ({full["stage"]})' if full else '')
        rows.append('| {} | {} | {} | {} | {} | {} | {} | {} |'.format(
            config, r.get('layout', ''), status, r.get('s_iter', ''), r.get('peak_rss_mb', ''),
            full_s, full.get('peak_rss_mb', ''), teacher['kind'] if teacher else '-'))
    passed = sum(r['status'] == 'pass' for r in data['configs'].values())
    minutes = sum(r.get('wall_s', 0) + r.get('full_crop', {}).get('wall_s', 0)
                  for r in data['configs'].values()) / 60
    return (f'# Paper configs on generated data\n\n'
            f'Written by `tools/analysis_tools/check_paper_configs.py` from '
            f'`paper_configs.json`. Every crop and resize at scale {data["scale"]:g}, '
            f'{data["iters"]} training iterations (validation and checkpoint at '
            f'{data["iters"] // 2}, then `--resume`), test, export and test of the exported '
            f'student, on {data["device"]}; s/iter is the mean of the resumed iterations; '
            f'peak RSS is the checking process\'s. Full crop: one training iteration at the '
            f'config\'s own crop and batch in its own process (empty: not run). Teacher '
            f'weights: `zoo` (released), `train` (a shipped config trains it), `recipe` (no '
            f'released weights; `mmkd-configs --weights CONFIG` says what to train).\n\n'
            f'{passed} of {len(data["configs"])} configs pass. The whole sweep is '
            f'`python tools/analysis_tools/check_paper_configs.py --all` ({minutes:.0f} min '
            f'of checking processes here; `--full-crop` adds the full-crop step).\n\n'
            + '\n'.join(rows) + '\n')


def write_results(results: Dict[str, dict], out: str, args: argparse.Namespace) -> None:
    """Write ``out`` (JSON, by config) and the Markdown table beside it."""
    os.makedirs(osp.dirname(osp.abspath(out)), exist_ok=True)
    data = dict(scale=args.scale, iters=args.iters, device=args.device,
                configs=dict(sorted(results.items())))
    with open(out, 'w') as f:
        json.dump(data, f, indent=1)
    with open(osp.splitext(out)[0] + '.md', 'w') as f:
        f.write(markdown(data))


def main(argv: Optional[Sequence[str]] = None) -> Dict[str, dict]:
    args = parse_args(argv)
    if args.worker:
        worker(args)
        return {}
    if args.report:
        with open(args.out) as f:
            data = json.load(f)
        with open(osp.splitext(args.out)[0] + '.md', 'w') as f:
            f.write(markdown(data))
        return {}
    configs = [resolve(c) for c in args.configs]
    if args.all:
        configs = paper_configs()
    elif args.subset == 'ci':
        configs = list(CI_SUBSET)
    if not configs:
        raise SystemExit('no config given: name configs, --all or --subset ci')
    results: Dict[str, dict] = {}
    if osp.isfile(args.out):
        with open(args.out) as f:
            results = json.load(f).get('configs', {})
    logs = osp.join(args.work_dir, 'logs')
    os.makedirs(logs, exist_ok=True)
    for config in configs:
        log = osp.join(logs, config.replace('/', '__') + '.log')
        if args.full_crop_only and config in results:
            record = results[config]
        else:
            record = run_worker(config, args, 'check', log)
        if args.full_crop or args.full_crop_only:
            record['full_crop'] = run_worker(config, args, 'full-crop', log[:-4] + '.full.log')
        elif config in results and 'full_crop' in results[config]:
            record['full_crop'] = results[config]['full_crop']
        results[config] = record
        print(f'{config}: {record["status"]} ({record.get("s_iter", "-")} s/iter, '
              f'{record["peak_rss_mb"]} MB, {record["wall_s"]} s)'
              + (f' {record.get("error")}' if record['status'] != 'pass' else ''), flush=True)
        write_results(results, args.out, args)
    return results


if __name__ == '__main__':
    failed = [c for c, r in main().items() if r['status'] != 'pass']
    sys.exit(1 if failed else 0)
