"""Cost of a distillation step against its floor: student step + teacher forward.

For any distillation config, on synthetic inputs (no dataset, no checkpoint),
this times the median of ``--iters`` iterations after ``--warmup`` of:

(a) the student's own training step (forward, loss, backward, optimizer step),
(b) the teacher's forward in ``tensor`` mode under ``no_grad``,
(c) the full distillation training step of the algorithm,

and prints ``ratio = c / (a + b)``, the memory of each with
``mem_ratio = mem(c) / (mem(a) + mem(b))``, and the forward time of every
connector and distillation loss inside (c). Each phase runs in a fresh
process. Memory on CUDA is the peak allocated (weights included); on CPU it is
the growth of the peak resident set over the process after the model is built
(activations, gradients and optimizer state; weights excluded).

Examples:
    python tools/analysis_tools/benchmark_distill.py CONFIG
    python tools/analysis_tools/benchmark_distill.py CONFIG --device cuda \
        --shape 512 1024 --batch-size 2 --json
"""
import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from typing import Callable, Dict, List, Optional

import torch
from mmengine.config import Config, DictAction
from mmengine.optim import build_optim_wrapper
from mmengine.registry import init_default_scope
from mmengine.structures import PixelData

import mmkd_ext  # noqa: F401  (patches the stack before anything is built)
from mmrazor.registry import MODELS
from mmseg.structures import SegDataSample

PHASES = ('student', 'teacher', 'distill')


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('config', help='distillation config file')
    parser.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    parser.add_argument('--shape', type=int, nargs=2, help='input H W (default: crop size)')
    parser.add_argument('--batch-size', type=int, default=2)
    parser.add_argument('--iters', type=int, default=10, help='timed iterations')
    parser.add_argument('--warmup', type=int, default=3, help='untimed iterations first')
    parser.add_argument('--json', action='store_true', help='print one JSON object')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    parser.add_argument('--phase', choices=PHASES, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def load(args: argparse.Namespace):
    """Build the algorithm, its optimizer wrapper and one synthetic batch."""
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    if 'teacher' not in cfg.model:
        raise ValueError(f'{args.config}: model has no teacher; this tool '
                         'benchmarks distillation configs.')
    cfg.model.teacher_ckpt = None
    init_default_scope(cfg.get('default_scope', 'mmseg'))
    torch.manual_seed(0)
    model = MODELS.build(cfg.model).to(args.device).train()
    shape = tuple(args.shape or cfg.get('crop_size', (512, 512)))
    num_classes = model.student.decode_head.num_classes
    mean = getattr(model.data_preprocessor, 'mean', None)
    channels = 3 if mean is None else mean.shape[0]  # image + X for an RGB-X teacher
    samples, inputs = [], []
    for _ in range(args.batch_size):
        inputs.append(torch.randint(0, 256, (channels, *shape), dtype=torch.uint8))
        sample = SegDataSample(
            metainfo=dict(img_shape=shape, ori_shape=shape, pad_shape=shape))
        sample.gt_sem_seg = PixelData(data=torch.randint(0, num_classes, (1, *shape)))
        samples.append(sample)
    batch = dict(inputs=inputs, data_samples=samples)
    return cfg, model, batch


def make_step(phase: str, cfg: Config, model, batch) -> Callable[[], None]:
    """The function one iteration of ``phase`` runs."""
    if phase == 'teacher':
        data = model.data_preprocessor(batch, True)

        def step():
            with torch.no_grad():
                if getattr(model, 'img_channels', None):  # image + X in, as the step does
                    model.teacher(data['inputs'], data['data_samples'], mode='tensor')
                else:  # what the distillation step runs of the teacher (e.g. features only)
                    model.forward_teacher(data['inputs'], data['data_samples'])
        return step
    target = model.student if phase == 'student' else model
    optim_wrapper = build_optim_wrapper(target, cfg.optim_wrapper)
    img_channels = getattr(model, 'img_channels', None)
    if phase == 'student' and img_channels:
        # an RGB student of an RGB-X teacher: the algorithm's preprocessing, image channels
        # only (the student need not have a preprocessor of its own)
        data = model.data_preprocessor(batch, True)
        inputs, samples = data['inputs'][:, :img_channels], data['data_samples']

        def student_step():
            loss, _ = target.parse_losses(target.loss(inputs, samples))
            optim_wrapper.update_params(loss)
        return student_step
    return lambda: target.train_step(batch, optim_wrapper)


def sync(device: str) -> None:
    if device.startswith('cuda'):
        torch.cuda.synchronize()


def module_timers(model) -> Dict[str, List[float]]:
    """Forward-time hooks on every connector and distillation loss."""
    times: Dict[str, List[float]] = defaultdict(list)
    device = str(next(model.parameters()).device)
    groups = dict(connector=model.distiller.connectors, loss=model.distiller.distill_losses)
    for kind, modules in groups.items():
        for name, module in modules.items():
            def pre(_m, _a, key=f'{kind}:{name}'):
                sync(device)
                times[key].append(-time.perf_counter())

            def post(_m, _a, _o, key=f'{kind}:{name}'):
                sync(device)
                times[key][-1] += time.perf_counter()

            module.register_forward_pre_hook(pre)
            module.register_forward_hook(post)
    return times


def run_phase(args: argparse.Namespace) -> dict:
    """Time one phase in this process; returns seconds, memory and breakdown."""
    cfg, model, batch = load(args)
    step = make_step(args.phase, cfg, model, batch)
    cuda = args.device.startswith('cuda')
    if cuda:
        torch.cuda.reset_peak_memory_stats()
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    for _ in range(args.warmup):
        step()
    times = module_timers(model) if args.phase == 'distill' else {}
    for record in times.values():
        record.clear()
    durations = []
    for _ in range(args.iters):
        sync(args.device)
        start = time.perf_counter()
        step()
        sync(args.device)
        durations.append(time.perf_counter() - start)
    if cuda:
        memory = torch.cuda.max_memory_allocated()
    else:
        memory = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - base
    breakdown = {k: statistics.median(v) for k, v in times.items() if v}
    return dict(seconds=statistics.median(durations), memory_bytes=memory,
                breakdown=breakdown)


def benchmark(args: argparse.Namespace, argv: List[str]) -> dict:
    """Run each phase in a fresh process (clean peak memory) and combine."""
    results = {}
    for phase in PHASES:
        cmd = [sys.executable, __file__, *argv, '--phase', phase]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f'phase {phase} failed:\n{proc.stderr[-3000:]}')
        results[phase] = json.loads(proc.stdout.strip().splitlines()[-1])
    key = 'memory_bytes'
    s, t, d = (results[p] for p in PHASES)
    return dict(
        config=args.config, device=args.device, batch_size=args.batch_size,
        shape=args.shape, iters=args.iters,
        student_step_s=s['seconds'], teacher_forward_s=t['seconds'],
        distill_step_s=d['seconds'],
        ratio=d['seconds'] / (s['seconds'] + t['seconds']),
        memory_measure=('peak allocated' if args.device.startswith('cuda') else
                        'peak RSS growth after model build'),
        student_step_mem_mb=s[key] / 2**20, teacher_forward_mem_mb=t[key] / 2**20,
        distill_step_mem_mb=d[key] / 2**20,
        mem_ratio=d[key] / max(s[key] + t[key], 1),
        breakdown_s=d['breakdown'])


def print_table(r: dict) -> None:
    print(f'{r["config"]} on {r["device"]}, batch {r["batch_size"]}, '
          f'median of {r["iters"]} iterations; memory: {r["memory_measure"]}')
    print('| phase | time (ms) | memory (MiB) |\n|---|---:|---:|')
    for name, key in (('(a) student step', 'student_step'),
                      ('(b) teacher forward', 'teacher_forward'),
                      ('(c) distillation step', 'distill_step')):
        print(f'| {name} | {1e3 * r[key + "_s"]:.1f} | {r[key + "_mem_mb"]:.1f} |')
    print(f'ratio = c / (a + b) = {r["ratio"]:.3f}; mem_ratio = {r["mem_ratio"]:.3f}')
    print('| inside (c): forward of | time (ms) |\n|---|---:|')
    for name, seconds in r['breakdown_s'].items():
        print(f'| {name} | {1e3 * seconds:.2f} |')


def main(argv: Optional[List[str]] = None) -> Optional[dict]:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parse_args(argv)
    if args.phase:
        print(json.dumps(run_phase(args)))
        return None
    result = benchmark(args, argv)
    if args.json:
        print(json.dumps(result))
    else:
        print_table(result)
    return result


if __name__ == '__main__':
    main()
