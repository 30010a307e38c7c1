"""Golden values: what a behaviour-preserving change (a refactor) must leave unchanged.

Stored in ``tests/data/golden_values.json``:

- ``step0_losses``: every loss of one tiny config per method (``conftest.METHODS``) at
  step 0 on the first training batch of the generated data, seed 0, random teacher,
  computed in float64;
- ``models``: the resolved ``model`` dict of every shipped config and of every
  configuration of the offline benchmark project.

After a change made on purpose (a method issue), regenerate the affected entries in the
same commit and say which and why::

    MMKD_UPDATE_GOLDEN=1 python -m pytest tests/test_golden_values.py -p no:cacheprovider
"""
import glob
import json
import os
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.runner import Runner

from conftest import METHODS, REPO, run_config

GOLDEN = osp.join(REPO, 'tests', 'data', 'golden_values.json')
UPDATE = os.environ.get('MMKD_UPDATE_GOLDEN') == '1'
SHIPPED = sorted(osp.relpath(p, REPO)
                 for folder in ('configs', 'projects/offline_benchmark/configs')
                 for p in glob.glob(osp.join(REPO, folder, '**', '*.py'), recursive=True)
                 if '_base_' not in p)


def step0_losses(path: str, data_root: str, work_dir: str) -> dict:
    """Every loss of ``path`` at step 0, float64, seed 0, random teacher."""
    cfg = run_config(path, data_root, work_dir)
    cfg.randomness = dict(seed=0)
    cfg.model.teacher_ckpt = None
    cfg.visualizer.name = f'golden-{osp.basename(path)}'
    runner = Runner.from_cfg(cfg)
    model = runner.model.double()
    data = model.data_preprocessor(next(iter(runner.train_dataloader)), True)
    with torch.no_grad():
        losses = model.loss(data['inputs'].double(), data['data_samples'])
    return {name: float(value) for name, value in sorted(losses.items()) if 'loss' in name}


def resolved_model(path: str) -> dict:
    """The model dict of a config, as plain JSON values."""
    model = Config.fromfile(osp.join(REPO, path)).model.to_dict()
    return json.loads(json.dumps(model, sort_keys=True, default=repr))


def first_difference(old, new, where='model'):
    """Dotted path of the first place two JSON values differ (None if equal)."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new)):
            if key not in old or key not in new:
                return f'{where}.{key}'
            found = first_difference(old[key], new[key], f'{where}.{key}')
            if found:
                return found
        return None
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for i, (a, b) in enumerate(zip(old, new)):
            found = first_difference(a, b, f'{where}[{i}]')
            if found:
                return found
        return None
    return None if old == new else where


@pytest.fixture(scope='module')
def golden():
    if UPDATE:
        return {}
    if not osp.exists(GOLDEN):
        pytest.fail(f'{GOLDEN} is missing; write it with MMKD_UPDATE_GOLDEN=1.')
    with open(GOLDEN) as f:
        return json.load(f)


@pytest.fixture(scope='module')
def written():
    """Collects regenerated entries and writes the file once, at the end."""
    entries = {}
    yield entries
    if UPDATE and entries:
        old = json.load(open(GOLDEN)) if osp.exists(GOLDEN) else {}
        for section, values in entries.items():
            old.setdefault(section, {}).update(values)
        os.makedirs(osp.dirname(GOLDEN), exist_ok=True)
        with open(GOLDEN, 'w') as f:
            json.dump(old, f, indent=1, sort_keys=True)
            f.write('\n')


@pytest.mark.parametrize('method', sorted(METHODS))
def test_step0_losses_unchanged(method, golden, written, offline_data, tmp_path):
    values = step0_losses(METHODS[method], offline_data, str(tmp_path))
    assert any(name.startswith('distill.') for name in values)
    if UPDATE:
        written.setdefault('step0_losses', {})[method] = values
        return
    expected = golden['step0_losses'][method]
    assert sorted(values) == sorted(expected), f'{method}: the set of losses changed'
    for name, value in values.items():
        assert value == pytest.approx(expected[name], rel=1e-5, abs=1e-9), (method, name)


def test_resolved_models_unchanged(golden, written):
    models = {path: resolved_model(path) for path in SHIPPED}
    if UPDATE:
        written['models'] = models
        return
    expected = golden['models']
    assert sorted(models) == sorted(expected), 'configs were added or removed: regenerate'
    changed = {path: first_difference(expected[path], model)
               for path, model in models.items() if model != expected[path]}
    assert not changed, f'resolved models changed (first difference each): {changed}'
