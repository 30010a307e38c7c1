"""The ``mmkd_ext`` registry scope.

mmkd_ext's components register into MMRazor's and MMSeg's registries (so a
config names them like any MMRazor/MMSeg class). This module only gives the
scope ``mmkd_ext`` a registry node per kind: MMEngine tags every typed dict
inherited from an ``mmkd_ext::`` base with ``_scope_='mmkd_ext'`` and then
builds it from that node, which falls back to its MMSeg parent.
"""
from mmengine.registry import Registry
from mmseg import registry as seg


def _child(parent: Registry) -> Registry:
    # A child's lookup falls back to its parent's classes but does not import
    # the parent's locations, so it imports them itself.
    return Registry(parent.name, parent=parent, scope='mmkd_ext',
                    locations=['mmkd_ext'] + list(parent._locations))


RUNNERS = _child(seg.RUNNERS)
RUNNER_CONSTRUCTORS = _child(seg.RUNNER_CONSTRUCTORS)
LOOPS = _child(seg.LOOPS)
HOOKS = _child(seg.HOOKS)
DATASETS = _child(seg.DATASETS)
DATA_SAMPLERS = _child(seg.DATA_SAMPLERS)
TRANSFORMS = _child(seg.TRANSFORMS)
MODELS = _child(seg.MODELS)
MODEL_WRAPPERS = _child(seg.MODEL_WRAPPERS)
WEIGHT_INITIALIZERS = _child(seg.WEIGHT_INITIALIZERS)
OPTIMIZERS = _child(seg.OPTIMIZERS)
OPTIM_WRAPPERS = _child(seg.OPTIM_WRAPPERS)
OPTIM_WRAPPER_CONSTRUCTORS = _child(seg.OPTIM_WRAPPER_CONSTRUCTORS)
PARAM_SCHEDULERS = _child(seg.PARAM_SCHEDULERS)
METRICS = _child(seg.METRICS)
EVALUATOR = _child(seg.EVALUATOR)
TASK_UTILS = _child(seg.TASK_UTILS)
VISUALIZERS = _child(seg.VISUALIZERS)
VISBACKENDS = _child(seg.VISBACKENDS)
LOG_PROCESSORS = _child(seg.LOG_PROCESSORS)
INFERENCERS = _child(seg.INFERENCERS)
