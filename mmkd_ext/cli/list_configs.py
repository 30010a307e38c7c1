"""List the shipped methods and configs (from the packaged model index).

Examples:
    mmkd-configs                 # every method and its configs
    mmkd-configs --method cwd    # one method
    mmkd-configs --tiny          # also the plain tiny teacher/student configs
    mmkd-configs --weights mmkd_ext::bckd/<config>.py   # the checkpoints it loads, and sources
"""
import argparse
import glob
import os.path as osp
from typing import Dict, List, Optional, Sequence

from mmengine.fileio import load

import mmkd_ext


def mim_root() -> str:
    """Folder holding ``model-index.yml`` and ``configs/`` of this install."""
    return osp.join(osp.dirname(mmkd_ext.__file__), '.mim')


def shipped_methods() -> Dict[str, List[dict]]:
    """``{collection name: [model entries]}`` from ``model-index.yml``."""
    root = mim_root()
    methods: Dict[str, List[dict]] = {}
    for metafile in load(osp.join(root, 'model-index.yml'))['Import']:
        meta = load(osp.join(root, metafile))
        for model in meta.get('Models', []):
            methods.setdefault(model['In Collection'], []).append(model)
    return methods


def to_cfg_path(config: str) -> str:
    """``configs/<method>/<file>.py`` -> ``mmkd_ext::<method>/<file>.py``."""
    return 'mmkd_ext::' + config.split('configs/', 1)[-1]


def print_weights(config: str) -> List[dict]:
    """Print (and return) the checkpoints ``config`` loads and their sources."""
    from mmengine.config import Config
    from mmengine.hub import get_config

    from mmkd_ext.weights import needed_weights
    cfg = get_config(config) if '::' in config else Config.fromfile(config)
    weights = needed_weights(cfg)
    print(f'{config}:' if weights else f'{config}: loads no checkpoint')
    for item in weights:
        print(f'  {item["key"]}: {item["path"]}')
        if item['kind'] != 'pretrained':
            print(f'    {item["kind"]}: {item["source"]}')
    return weights


def main(argv: Optional[Sequence[str]] = None) -> Dict[str, List[dict]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--method', help='only this method (case-insensitive)')
    parser.add_argument(
        '--tiny', action='store_true', help='also list configs/tiny/*.py')
    parser.add_argument(
        '--weights', metavar='CONFIG',
        help='list the checkpoints CONFIG loads (teacher, pretrained backbones) and where '
        'each comes from')
    args = parser.parse_args(argv)
    if args.weights:
        print_weights(args.weights)
        return {}
    methods = shipped_methods()
    if args.method:
        methods = {k: v for k, v in methods.items()
                   if k.lower() == args.method.lower()}
        if not methods:
            raise SystemExit(f'no method {args.method!r}; shipped: '
                             f'{sorted(shipped_methods())}')
    for name, models in sorted(methods.items()):
        print(f'{name}:')
        for model in models:
            print(f'  {to_cfg_path(model["Config"])}')
    if args.tiny:
        print('tiny:')
        for path in sorted(glob.glob(osp.join(mim_root(), 'configs', 'tiny', '*.py'))):
            print(f'  mmkd_ext::tiny/{osp.basename(path)}')
    return methods


def cli() -> None:
    """Console-script entry point: like ``main`` but exits with status 0."""
    main()


if __name__ == '__main__':
    cli()
