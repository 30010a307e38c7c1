"""Cost of a distillation step at paper scale: one config per method and pair type.

Runs ``benchmark_distill.py`` on each config of ``COST_CONFIGS`` at the config's own crop
(the student's ``data_preprocessor.size``) and batch (capped at ``--max-batch``, default 2),
and writes
``docs/results/paper_scale_cost.{json,md}``: the student step (a), the teacher's no-grad
forward (b), the distillation step (c), ``ratio = c / (a + b)`` against the 1.25 goal and the
largest connector / loss forwards inside (c).

Examples:
    python tools/analysis_tools/paper_scale_cost.py                 # CPU, every config
    python tools/analysis_tools/paper_scale_cost.py --device cuda
    python tools/analysis_tools/paper_scale_cost.py --report        # table from the JSON
"""
import argparse
import json
import os
import os.path as osp
import platform
import sys
from typing import List, Optional, Sequence

sys.path.insert(0, osp.dirname(osp.abspath(__file__)))
import benchmark_distill  # noqa: E402

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
RESULTS = osp.join(ROOT, 'docs', 'results', 'paper_scale_cost.json')
GOAL = 1.25
COST_CONFIGS = (
    'transkd/transkd-base_mit-b2_mit-b0_1xb2-1488k_cityscapes-512x1024.py',
    'transkd/transkd-ea_mit-b2_mit-b0_1xb2-1488k_cityscapes-512x1024.py',
    'transkd/transkd-gl_mit-b2_mit-b0_1xb2-1488k_cityscapes-512x1024.py',
    'heteroakd/heteroakd_deeplabv3-r101_segformer-mitb0_8xb1-160k_cityscapes-512x1024.py',
    'heteroakd/heteroakd_segformer-mitb4_deeplabv3-r18_4xb2-80k_cityscapes-512x1024.py',
    'lix/lix_sne-roadseg-r152-rgbd_sne-roadseg-r152_1xb3-80k_kitti-semantics-384x1248.py',
    'lix/lix_mfnet-r18w16-rgbd_mfnet-r18w16_1xb8-80k_vkitti2-384x1248.py',
    'bckd/bckd_pspnet-r101_pspnet-r18_4xb2-80k_cityscapes-512x1024.py',
    'bckd/bckd_mask2former-r101_segformer-b0_4xb4-160k_ade20k-512x512.py',
)


def batch_size(config: str, cap: int) -> int:
    """The config's per-GPU training batch, at most ``cap``."""
    from mmengine.config import Config
    return min(Config.fromfile(osp.join(ROOT, 'configs', config)).train_dataloader.batch_size,
               cap)


def crop(config: str) -> List[int]:
    """(H, W) the student's batches are padded to: the config's own crop."""
    from mmengine.config import Config
    cfg = Config.fromfile(osp.join(ROOT, 'configs', config))
    for pre in (cfg.model.get('data_preprocessor'), cfg.get('data_preprocessor'),
                cfg.model.architecture.get('data_preprocessor')):
        if pre and pre.get('size'):
            return list(pre['size'])
    raise ValueError(f'{config}: no data_preprocessor.size to take the crop from')


def markdown(data: dict) -> str:
    rows = ['| config | crop | batch | (a) student s | (b) teacher s | (c) distill s | ratio | '
            f'vs {GOAL} | largest extra items (forward, ms) |',
            '|---|---|---:|---:|---:|---:|---:|---|---|']
    for config, r in data['configs'].items():
        items = sorted(r['breakdown_s'].items(), key=lambda kv: -kv[1])[:3]
        verdict = 'met' if r['ratio'] <= GOAL else f'+{100 * (r["ratio"] / GOAL - 1):.0f} %'
        rows.append(
            f'| {config} | {"x".join(map(str, r["shape"]))} | {r["batch_size"]} | '
            f'{r["student_step_s"]:.2f} | '
            f'{r["teacher_forward_s"]:.2f} | {r["distill_step_s"]:.2f} | {r["ratio"]:.2f} | '
            f'{verdict} | {", ".join(f"{k} {1e3 * v:.0f}" for k, v in items)} |')
    return ('# Distillation step at paper scale\n\nWritten by '
            '`tools/analysis_tools/paper_scale_cost.py` from `paper_scale_cost.json`: '
            f'{data["device"]}, {data["machine"]}, the config\'s batch up to '
            f'{data["max_batch"]}, median of '
            f'{data["iters"]} iterations after {data["warmup"]} warm-up, random weights, '
            'synthetic inputs at each config\'s crop.\n\n' + '\n'.join(rows) + '\n')


def main(argv: Optional[Sequence[str]] = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('configs', nargs='*', help='subset of COST_CONFIGS')
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--max-batch', type=int, default=2,
                        help='the config\'s own batch, at most this')
    parser.add_argument('--iters', type=int, default=2)
    parser.add_argument('--warmup', type=int, default=1)
    parser.add_argument('--out', default=RESULTS)
    parser.add_argument('--report', action='store_true', help='only rewrite the table')
    args = parser.parse_args(argv)
    data = dict(configs={})
    if osp.isfile(args.out):
        with open(args.out) as f:
            data = json.load(f)
    if not args.report:
        data.update(device=args.device, max_batch=args.max_batch, iters=args.iters,
                    warmup=args.warmup,
                    machine=f'{platform.machine()}, {os.cpu_count()} CPU cores')
        for config in args.configs or COST_CONFIGS:
            argv_cfg = [osp.join(ROOT, 'configs', config), '--device', args.device,
                        '--batch-size', str(batch_size(config, args.max_batch)),
                        '--iters', str(args.iters),
                        '--warmup', str(args.warmup), '--shape', *map(str, crop(config))]
            result = benchmark_distill.benchmark(benchmark_distill.parse_args(argv_cfg),
                                                 argv_cfg)
            result['config'] = config
            data['configs'][config] = result
            print(f'{config}: ratio {result["ratio"]:.2f}', flush=True)
            with open(args.out, 'w') as f:
                json.dump(data, f, indent=1)
    with open(osp.splitext(args.out)[0] + '.md', 'w') as f:
        f.write(markdown(data))
    return data


if __name__ == '__main__':
    main()
