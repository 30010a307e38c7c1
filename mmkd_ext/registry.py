"""The registries mmkd_ext's components register into, and the ``mmkd_ext`` scope.

Import a registry from here, never from mmrazor or mmseg directly:

- ``MODELS`` (MMRazor's): algorithms, distillers, connectors and losses, built inside
  an MMRazor algorithm's ``model`` (``_scope_='mmrazor'``);
- ``SEG_MODELS`` (MMSeg's): segmentors and data preprocessors, built inside an MMSeg
  model (a student or teacher config);
- ``TASK_UTILS`` (MMRazor's): recorders;
- ``HOOKS`` (MMRazor's): distillation hooks (``type='mmrazor.<Hook>'`` in configs);
- ``DATASETS``, ``TRANSFORMS``, ``METRICS`` (MMSeg's): data and evaluation.

These are the registries the stock configs reach. The ``mmkd_ext`` scope itself
has one node per MMSeg registry: MMEngine tags every typed dict inherited from an
``mmkd_ext::`` base with ``_scope_='mmkd_ext'`` and builds it from that node,
which falls back to its MMSeg parent. The nodes hold nothing of their own (a test
checks it): a class registered there would be reachable from no config.
"""
from mmengine.registry import Registry
from mmrazor import registry as razor
from mmseg import registry as seg

MODELS = razor.MODELS
SEG_MODELS = seg.MODELS
TASK_UTILS = razor.TASK_UTILS
HOOKS = razor.HOOKS
DATASETS = seg.DATASETS
TRANSFORMS = seg.TRANSFORMS
METRICS = seg.METRICS

__all__ = ['MODELS', 'SEG_MODELS', 'TASK_UTILS', 'HOOKS', 'DATASETS', 'TRANSFORMS',
           'METRICS', 'SCOPE_NODES']


def _scope_node(parent: Registry) -> Registry:
    # A child's lookup falls back to its parent's classes but does not import
    # the parent's locations, so it imports them itself.
    return Registry(parent.name, parent=parent, scope='mmkd_ext',
                    locations=['mmkd_ext'] + list(parent._locations))


SCOPE_NODES = {name: _scope_node(getattr(seg, name)) for name in (
    'RUNNERS', 'RUNNER_CONSTRUCTORS', 'LOOPS', 'HOOKS', 'DATASETS', 'DATA_SAMPLERS',
    'TRANSFORMS', 'MODELS', 'MODEL_WRAPPERS', 'WEIGHT_INITIALIZERS', 'OPTIMIZERS',
    'OPTIM_WRAPPERS', 'OPTIM_WRAPPER_CONSTRUCTORS', 'PARAM_SCHEDULERS', 'METRICS',
    'EVALUATOR', 'TASK_UTILS', 'VISUALIZERS', 'VISBACKENDS', 'LOG_PROCESSORS',
    'INFERENCERS')}
