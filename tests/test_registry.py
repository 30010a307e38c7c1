"""Every mmkd_ext component is reachable through the registries configs use."""
import pytest
from mmengine.registry import DefaultScope
from mmrazor.registry import HOOKS, MODELS
from mmseg.registry import DATASETS

import mmkd_ext.datasets
import mmkd_ext.engine
import mmkd_ext.models

COMPONENTS = [
    (MODELS, name, getattr(mmkd_ext.models, name))
    for name in mmkd_ext.models.__all__ if name[0].isupper()
] + [
    (HOOKS, name, getattr(mmkd_ext.engine, name))
    for name in mmkd_ext.engine.__all__
] + [(DATASETS, 'OfflineStreetDataset', mmkd_ext.datasets.OfflineStreetDataset)]


@pytest.mark.parametrize('registry, name, cls', COMPONENTS,
                         ids=[c[1] for c in COMPONENTS])
def test_round_trip(registry, name, cls):
    assert registry.get(name) is cls
    scope = registry.scope
    with DefaultScope.overwrite_default_scope('mmseg'):
        # configs keep default_scope='mmseg' and reach mmrazor names by prefix
        assert registry.get(f'{scope}.{name}') is cls


def test_hook_builds_from_mmseg_scope():
    from mmseg.registry import HOOKS as SEG_HOOKS
    with DefaultScope.overwrite_default_scope('mmseg'):
        hook = SEG_HOOKS.build(dict(type='mmrazor.DistillWeightScheduleHook',
                                    warmup_iters=3))
    assert isinstance(hook, mmkd_ext.engine.DistillWeightScheduleHook)
    assert hook.warmup_iters == 3
