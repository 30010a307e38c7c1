"""Every mmkd_ext component is reachable through the registries configs use."""
import importlib
import pkgutil

import pytest
from mmengine.registry import DefaultScope
from mmrazor.registry import HOOKS, MODELS, TASK_UTILS
from mmseg.registry import DATASETS
from mmseg.registry import MODELS as SEG_MODELS

import mmkd_ext.datasets
import mmkd_ext.engine
import mmkd_ext.models


def model_components():
    """(registry, name, class) of every class exported by mmkd_ext.models.*."""
    for info in pkgutil.iter_modules(mmkd_ext.models.__path__):
        package = importlib.import_module(f'mmkd_ext.models.{info.name}')
        registry = dict(recorders=TASK_UTILS, segmentors=SEG_MODELS).get(info.name, MODELS)
        for name in package.__all__:
            if name[0].isupper():
                yield registry, name, getattr(package, name)


COMPONENTS = list(model_components()) + [
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


def test_mmkd_ext_scope_falls_back_to_mmseg():
    """Dicts inherited from mmkd_ext:: bases carry _scope_='mmkd_ext'."""
    from mmseg.registry import METRICS
    from mmseg.registry import HOOKS as SEG_HOOKS
    from mmseg.visualization import SegLocalVisualizer
    SegLocalVisualizer.get_instance('test_mmkd_ext_scope')
    with DefaultScope.overwrite_default_scope('mmseg'):
        hook = SEG_HOOKS.build(dict(type='SegVisualizationHook', _scope_='mmkd_ext'))
        metric = METRICS.build(dict(type='IoUMetric', _scope_='mmkd_ext'))
        dataset_cls = DATASETS.get('mmkd_ext.OfflineStreetDataset')
    assert type(hook).__name__ == 'SegVisualizationHook'
    assert type(metric).__name__ == 'IoUMetric'
    assert dataset_cls is mmkd_ext.datasets.OfflineStreetDataset
