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


def _all_registries():
    """Every registry of MMEngine's tree (the roots and all their descendants)."""
    import mmengine.registry as root
    todo = [r for r in vars(root).values() if isinstance(r, root.Registry)]
    while todo:
        registry = todo.pop()
        yield registry
        todo += list(registry.children.values())


def test_components_register_only_where_configs_reach():
    """A class registered anywhere but mmkd_ext.registry's exports is found by no config."""
    import mmkd_ext.registry as ours
    exported = {id(getattr(ours, name)) for name in ours.__all__ if name != 'SCOPE_NODES'}
    stray = sorted(f'{registry.scope}.{registry.name}: {name}'
                   for registry in _all_registries() if id(registry) not in exported
                   for name, cls in registry.module_dict.items()
                   if cls.__module__.startswith('mmkd_ext'))
    assert not stray, f'registered outside mmkd_ext.registry exports: {stray}'
    assert all(not node.module_dict for node in ours.SCOPE_NODES.values())


def test_registering_into_a_scope_node_is_caught():
    """Negative control: the walk above sees a class put into the mmkd_ext scope node."""
    import mmkd_ext.registry as ours
    node = ours.SCOPE_NODES['MODELS']
    cls = type('StrayHead', (), {'__module__': 'mmkd_ext.models.stray'})
    node.register_module(module=cls)
    try:
        assert any(registry is node and 'StrayHead' in registry.module_dict
                   for registry in _all_registries())
    finally:
        node.module_dict.pop('StrayHead')
