"""Write generated street scenes in a real dataset's on-disk layout (no download).

The shipped dataset class and pipeline of a paper config read the result unchanged, so the
config runs on it with only ``data_root`` pointed there (or with the files written at the
config's own ``data_root``).

Examples:
    mmkd-generate-layout --dataset cityscapes --out data/cityscapes --scale 0.25
    mmkd-generate-layout --dataset coco --out data/coco --num-train 16
"""
import argparse
import os
import os.path as osp
from typing import Optional, Sequence

from mmkd_ext.datasets.layouts import NATIVE_SIZES, WRITERS, scaled_size, write_layout


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--dataset', required=True, choices=sorted(WRITERS))
    parser.add_argument('--out', required=True, help='dataset root to write')
    parser.add_argument('--num-train', type=int, default=8, help='training scenes')
    parser.add_argument('--num-val', type=int, default=2, help='validation / test scenes')
    parser.add_argument('--scale', type=float, default=1.0,
                        help='image size as a fraction of the dataset\'s native size')
    parser.add_argument('--seed', type=int, default=0, help='non-negative generator seed')
    parser.add_argument('--overwrite', action='store_true',
                        help='write into a folder that already holds files')
    return parser.parse_args(argv)


def main(argv: Optional[Sequence[str]] = None) -> str:
    args = parse_args(argv)
    if args.num_train < 1 or args.num_val < 1 or args.scale <= 0 or args.seed < 0:
        raise SystemExit('--num-train and --num-val need >= 1, --scale > 0 and --seed >= 0; '
                         f'got {args.num_train}, {args.num_val}, {args.scale}, {args.seed}.')
    if osp.isdir(args.out) and os.listdir(args.out) and not args.overwrite:
        raise SystemExit(f'--out {args.out} holds files (a real dataset?); nothing was '
                         'written. Choose an empty folder or pass --overwrite.')
    write_layout(args.dataset, args.out, args.num_train, args.num_val, args.scale, args.seed)
    height, width = scaled_size(args.dataset, args.scale)
    native = 'x'.join(map(str, NATIVE_SIZES[args.dataset]))
    print(f'{args.dataset}: {args.num_train} train / {args.num_val} val scenes of '
          f'{height}x{width} px (native {native}) in {args.out}')
    return args.out


def cli() -> None:
    """Console-script entry point: like ``main`` but exits with status 0."""
    main()


if __name__ == '__main__':
    cli()
