"""Peak memory and time of BCKD's context loss: row-chunked against the naive formula.

Forward + backward of one ``BCKDContextLoss`` on random fused maps, each setting in the
same process, memory counted over live tensor storages (:class:`PeakTensorMemory`, so
CPU and CUDA alike). Prints a table; the value column shows that every setting computes
the same loss.

Example (Cityscapes 512x1024 crop, fused at 1/8 -> 64x128 relation grid, d = 256):
    python tools/analysis_tools/benchmark_bckd_context.py --size 64 128 --chunks none 1024
"""
import argparse
import time
from typing import List, Optional, Sequence

import torch

from mmkd_ext.models.losses import BCKDContextLoss
from mmkd_ext.utils import PeakTensorMemory


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--size', type=int, nargs=2, default=(64, 128), help='fused h w')
    parser.add_argument('--channels', type=int, default=256, help='fused channels d')
    parser.add_argument('--batch-size', type=int, default=1)
    parser.add_argument('--chunks', nargs='+', default=['none', '1024'],
                        help="chunk sizes to compare; 'none' is the naive formula")
    parser.add_argument('--device', default='cpu')
    return parser.parse_args(argv)


def measure(chunk: Optional[int], args: argparse.Namespace) -> dict:
    gen = torch.Generator().manual_seed(0)
    shape = (args.batch_size, args.channels, *args.size)
    f_T = torch.randn(shape, generator=gen).to(args.device)
    f_S = torch.randn(shape, generator=gen).to(args.device).requires_grad_()
    loss = BCKDContextLoss(chunk_size=chunk).to(args.device).train()
    start = time.perf_counter()
    with PeakTensorMemory() as mem:
        value = loss(f_S, f_T)
        value.backward()
    if args.device.startswith('cuda'):
        torch.cuda.synchronize()
    return dict(chunk=chunk, peak_mib=mem.peak / 2**20, value=value.item(),
                seconds=time.perf_counter() - start)


def main(argv: Optional[Sequence[str]] = None) -> List[dict]:
    args = parse_args(argv)
    rows = [measure(None if c == 'none' else int(c), args) for c in args.chunks]
    naive = next((r['peak_mib'] for r in rows if r['chunk'] is None), None)
    n = args.size[0] * args.size[1]
    print(f'relation size {n} x {n} (fused {args.size[0]}x{args.size[1]}, '
          f'd={args.channels}, batch {args.batch_size}), {args.device}')
    print('| chunk_size | peak MiB | vs naive | loss | s |\n|---|---:|---:|---:|---:|')
    for r in rows:
        share = f"{100 * r['peak_mib'] / naive:.0f} %" if naive else '-'
        print(f"| {r['chunk'] or 'naive'} | {r['peak_mib']:.0f} | {share} | "
              f"{r['value']:.6f} | {r['seconds']:.1f} |")
    return rows


if __name__ == '__main__':
    main()
