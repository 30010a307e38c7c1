"""Does every method train on this device, and what does it cost? One table.

For each method's paper-scale config (``--dry-run``: its tiny config at a small
shape, on the CPU) this trains ``--iters`` iterations on synthetic inputs at the
config's crop with a **random teacher** (cost and numerical stability only, no
accuracy), in full precision and, for methods that ship an AMP config, under AMP
(fp16 with a dynamic loss scale on CUDA, bfloat16 on the CPU); it checks every
logged loss for NaN/inf, and runs ``benchmark_distill.py`` for the KD-step / floor
ratio (time and peak memory against student step + teacher forward). It prints
one table and where the time went.

Examples:
    python tools/analysis_tools/gpu_check.py --device cuda
    python tools/analysis_tools/gpu_check.py --dry-run        # CPU, tiny shapes (CI)
"""
import argparse
import contextlib
import io
import math
import os.path as osp
import sys
import time
from typing import Dict, List, Optional, Sequence

import torch
from mmengine.optim import build_optim_wrapper

sys.path.insert(0, osp.dirname(osp.abspath(__file__)))
import benchmark_distill  # noqa: E402

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
C = osp.join(ROOT, 'configs')
# method -> (paper-scale config, tiny config, ships an AMP config)
METHODS = dict(
    transkd=(f'{C}/transkd/transkd-base_mit-b2_mit-b0_1xb2-1488k_cityscapes-512x1024.py',
             f'{C}/transkd/transkd-base_mit-w32-tiny_mit-w16-tiny_1xb8-300_'
             'offline-street-128x256.py', True),
    heteroakd=(f'{C}/heteroakd/heteroakd_deeplabv3-r101_segformer-mitb0_8xb1-160k_'
               'cityscapes-512x1024.py',
               f'{C}/heteroakd/heteroakd_deeplabv3-r18w32-tiny_segformer-mitw16-tiny_1xb8-300_'
               'offline-street-128x256.py', True),
    lix=(f'{C}/lix/lix_sne-roadseg-r152-rgbd_sne-roadseg-r152_1xb3-80k_kitti-semantics-'
         '384x1248.py',
         f'{C}/lix/lix_deeplabv3-r18w32-rgbd-tiny_pspnet-r18w16-tiny_1xb8-300_'
         'offline-street-128x256.py', True),
    bckd=(f'{C}/bckd/bckd_pspnet-r101_pspnet-r18_4xb2-80k_cityscapes-512x1024.py',
          f'{C}/bckd/bckd_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_1xb8-300_'
          'offline-street-128x256.py', True),
    cwd=(None, f'{C}/cwd/cwd_logits_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_1xb8-300_'
         'offline-street-128x256.py', False))
DRY_SHAPE = (64, 128)


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    parser.add_argument('--dry-run', action='store_true',
                        help='tiny configs at 64x128 on the CPU, 2 iterations')
    parser.add_argument('--methods', nargs='+', choices=sorted(METHODS),
                        default=sorted(METHODS))
    parser.add_argument('--iters', type=int, default=20)
    return parser.parse_args(argv)


def plan(args: argparse.Namespace) -> List[dict]:
    """One entry per (method, precision) with its config, shape and batch size."""
    from mmengine.config import Config
    runs = []
    for method in args.methods:
        paper, tiny, amp = METHODS[method]
        config = tiny if args.dry_run or paper is None else paper
        cfg = Config.fromfile(config)
        shape = DRY_SHAPE if args.dry_run else tuple(cfg.get('crop_size', (512, 512)))
        batch = 2 if args.dry_run else cfg.train_dataloader.batch_size
        for precision in (['fp32', 'amp'] if amp else ['fp32']):
            runs.append(dict(method=method, config=config, shape=shape, batch_size=batch,
                             precision=precision))
    return runs


def amp_dtype(device: str) -> str:
    return 'float16' if device.startswith('cuda') else 'bfloat16'


def train(run: dict, device: str, iters: int) -> dict:
    """``iters`` training steps of the full algorithm on synthetic inputs."""
    argv = [run['config'], '--device', device, '--shape', *map(str, run['shape']),
            '--batch-size', str(run['batch_size'])]
    start = time.perf_counter()
    cfg, model, batch = benchmark_distill.load(benchmark_distill.parse_args(argv))
    optim = dict(cfg.optim_wrapper)
    if run['precision'] == 'amp':
        optim.update(type='AmpOptimWrapper', dtype=amp_dtype(device),
                     loss_scale='dynamic' if device.startswith('cuda') else 1.0)
    optim_wrapper = build_optim_wrapper(model, optim)
    build_s = time.perf_counter() - start
    if device.startswith('cuda'):
        torch.cuda.reset_peak_memory_stats()
    non_finite, times = [], []
    for i in range(iters):
        benchmark_distill.sync(device)
        t0 = time.perf_counter()
        log_vars = model.train_step(batch, optim_wrapper)
        benchmark_distill.sync(device)
        times.append(time.perf_counter() - t0)
        bad = sorted(k for k, v in log_vars.items() if not math.isfinite(float(v)))
        if bad:
            non_finite.append(f'iter {i}: {", ".join(bad)}')
    steady = times[min(2, len(times) - 1):]
    peak = torch.cuda.max_memory_allocated() / 2**20 if device.startswith('cuda') else None
    return dict(build_s=build_s, train_s=sum(times), it_per_s=len(steady) / sum(steady),
                non_finite=non_finite, peak_mib=peak)


def cost(run: dict, device: str, iters: int) -> dict:
    """KD-step / floor ratio of time and memory (benchmark_distill, fresh processes)."""
    argv = [run['config'], '--device', device, '--shape', *map(str, run['shape']),
            '--batch-size', str(run['batch_size']), '--iters', str(iters),
            '--warmup', '1' if iters < 5 else '3', '--json']
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        result = benchmark_distill.main(argv)
    return dict(ratio=result['ratio'], mem_ratio=result['mem_ratio'],
                cost_s=time.perf_counter() - start)


def environment(device: str) -> str:
    name = torch.cuda.get_device_name() if device.startswith('cuda') else 'CPU'
    cuda = torch.version.cuda or 'none'
    return (f'device {name}; torch {torch.__version__}, CUDA {cuda}, Python '
            f'{sys.version.split()[0]}')


def table(rows: List[dict]) -> str:
    lines = ['| method | precision | config | it/s | KD step / floor | peak mem (MiB) | '
             'mem / floor | NaN/inf | build + train + cost (s) |',
             '|---|---|---|---:|---:|---:|---:|---|---:|']
    for r in rows:
        peak = '-' if r['peak_mib'] is None else f'{r["peak_mib"]:.0f}'
        ratio = '-' if r.get('ratio') is None else f'{r["ratio"]:.2f}'
        mem = '-' if r.get('mem_ratio') is None else f'{r["mem_ratio"]:.2f}'
        bad = '; '.join(r['non_finite'][:2]) or 'none'
        spent = f'{r["build_s"]:.0f} + {r["train_s"]:.0f} + {r.get("cost_s", 0):.0f}'
        lines.append(f'| {r["method"]} | {r["precision"]} | {osp.basename(r["config"])} | '
                     f'{r["it_per_s"]:.2f} | {ratio} | {peak} | {mem} | {bad} | {spent} |')
    return '\n'.join(lines)


def main(argv: Optional[Sequence[str]] = None) -> List[dict]:
    args = parse_args(argv)
    device = 'cpu' if args.dry_run else args.device
    iters = 2 if args.dry_run else args.iters
    if device.startswith('cuda') and not torch.cuda.is_available():
        raise SystemExit('--device cuda: torch.cuda.is_available() is False (torch '
                         f'{torch.__version__}); use --dry-run on a CPU machine.')
    start = time.perf_counter()
    rows: List[dict] = []
    for run in plan(args):
        print(f'[{len(rows) + 1}] {run["method"]} {run["precision"]}: '
              f'{osp.basename(run["config"])} at {run["shape"]}, batch {run["batch_size"]}',
              flush=True)
        row: Dict = dict(run, **train(run, device, iters))
        if run['precision'] == 'fp32':  # the cost ratio is about the method, not AMP
            row.update(cost(run, device, iters))
        rows.append(row)
    print(f'\n{environment(device)}. Random teachers: these numbers are cost and '
          'stability, not accuracy.')
    print(table(rows))
    total = time.perf_counter() - start
    parts = {k: sum(r.get(k, 0) for r in rows) for k in ('build_s', 'train_s', 'cost_s')}
    print(f'time: {total:.0f} s in all; building models {parts["build_s"]:.0f} s, '
          f'training steps {parts["train_s"]:.0f} s, cost benchmark {parts["cost_s"]:.0f} s '
          f'(3 fresh processes per method).')
    if any(r['non_finite'] for r in rows):
        raise SystemExit('non-finite losses: see the NaN/inf column.')
    return rows


if __name__ == '__main__':
    main()
