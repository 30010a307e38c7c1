"""Make mmrazor 1.0.0 / mmengine 0.10 work on modern torch.

This is the only module that knows about library versions. ``mmkd_ext``
imports it first and calls :func:`apply_all`. Each patch is applied only when
the running versions need it, is idempotent, and has its own test.

Patches:

1. ``patch_fuser_method_mappings``: torch >= 2.1 removed ``reverse2``,
   ``reverse3`` and ``reverse_sequential_wrapper2`` from
   ``torch.ao.quantization.fuser_method_mappings``; mmrazor imports them. They
   are restored with their torch-1.13 semantics.
2. ``patch_mmrazor_backend_configs``: mmrazor builds its quantization backend
   table at import time, which fails on torch >= 2.1 in several torch-internal
   ways. Distillation never uses it, so the table is made lazy: it is built on
   first use, and a clear error is raised there if this torch cannot build it.
3. ``patch_checkpoint_loading``: torch >= 2.6 loads with ``weights_only=True``
   by default, which rejects every mmengine checkpoint (its ``message_hub``
   pickles ``HistoryBuffer``). mmengine's local-file loader is replaced by one
   that passes ``weights_only=False``, as mmengine's own later fix does. This
   covers ``teacher_ckpt``, ``load_from``, ``resume`` and ``tools/test.py``.
4. ``patch_installed_path``: mmengine finds a package's ``.mim`` folder (for
   ``pkg::`` config paths) at ``<dist location>/<module>``, which does not
   exist for PEP 660 editable installs (``pip install -e .``). The lookup
   falls back to the imported module's folder.
5. ``patch_cpu_distributed``: mmengine 0.10 calls ``torch.cuda.set_device``
   whenever it starts a PyTorch-launched process group and gives DDP
   ``device_ids=[LOCAL_RANK]``; both fail on CPU. Without CUDA the process
   group starts without ``set_device`` (``nccl`` becomes ``gloo``), and DDP
   around a CPU module gets ``device_ids=None``.
6. ``patch_cpu_amp``: mmengine 0.10's ``AmpOptimWrapper`` asserts a GPU, NPU,
   MLU or MUSA device and builds ``torch.cuda.amp.GradScaler``, which disables
   itself without CUDA. On a machine without an accelerator (and torch >= 2.3,
   which has a CPU ``GradScaler``) it is built with ``torch.amp.GradScaler('cpu')``
   instead; its ``optim_context`` already autocasts on the CPU (bfloat16).
"""
import importlib.util
import os.path as osp
import sys
import types
import warnings
from collections.abc import Mapping
from typing import Any, Callable, Iterator

import torch
from mmengine.device import get_device
from mmengine.dist import utils as dist_utils
from mmengine.model import MMDistributedDataParallel
from mmengine.optim import AmpOptimWrapper
from mmengine.optim.optimizer import amp_optimizer_wrapper
from mmengine.utils import digit_version, package_utils

# mmengine's originals, bound before any patch, so the patches wrap them.
_mmengine_get_installed_path = package_utils.get_installed_path
_mmengine_init_dist_pytorch = dist_utils._init_dist_pytorch
_mmengine_ddp_init = MMDistributedDataParallel.__init__
_mmengine_amp_init = AmpOptimWrapper.__init__

TORCH_VERSION = digit_version(torch.__version__)
_MAPPING_MODULE = 'mmrazor.structures.quantization.backend_config.mapping'


def _reverse2(f: Callable) -> Callable:
    """``(is_qat, x, y) -> f(is_qat, y, x)``, as in torch 1.13."""

    def reversed_fn(is_qat, x, y):
        return f(is_qat, y, x)

    return reversed_fn


def _reverse3(f: Callable) -> Callable:
    """``(is_qat, x, (y, z)) -> f(is_qat, z, y, x)``, as in torch 1.13."""

    def reversed_fn(is_qat, x, w):
        y, z = w
        return f(is_qat, z, y, x)

    return reversed_fn


def _reverse_sequential_wrapper2(sequential: Callable) -> Callable:
    """``(is_qat, x, y) -> sequential(y, x)``, as in torch 1.13."""

    def fuser_method(is_qat, x, y):
        return sequential(y, x)

    return fuser_method


def patch_fuser_method_mappings() -> bool:
    """Restore the fuser helpers mmrazor imports. Returns True if patched."""
    from torch.ao.quantization import fuser_method_mappings as fmm
    helpers = dict(
        reverse2=_reverse2,
        reverse3=_reverse3,
        reverse_sequential_wrapper2=_reverse_sequential_wrapper2)
    missing = {k: v for k, v in helpers.items() if not hasattr(fmm, k)}
    for name, fn in missing.items():
        setattr(fmm, name, fn)
    return bool(missing)


class LazyBackendConfigs(Mapping):
    """Stand-in for mmrazor's ``BackendConfigs`` built on first access.

    mmrazor only needs it for quantization. Building it on torch >= 2.1 fails
    inside torch internals, so the failure is turned into one clear error at
    the point of use instead of breaking ``import mmrazor.models``.
    """

    _names = ('academic', 'native', 'tensorrt', 'openvino')

    def __init__(self) -> None:
        self._table = None

    def _build(self) -> dict:
        if self._table is None:
            try:
                from mmrazor.structures.quantization.backend_config import (
                    get_academic_backend_config, get_native_backend_config,
                    get_openvino_backend_config, get_tensorrt_backend_config)
                self._table = dict(
                    academic=get_academic_backend_config(),
                    native=get_native_backend_config(),
                    tensorrt=get_tensorrt_backend_config(),
                    openvino=get_openvino_backend_config())
            except Exception as e:  # torch-internal API drift
                raise RuntimeError(
                    'mmrazor 1.0.0 quantization backends cannot be built with '
                    f'torch {torch.__version__}: {e!r}. Distillation does not '
                    'need them; for quantization use torch 1.13-2.0.') from e
        return self._table

    def __getitem__(self, key: str) -> Any:
        return self._build()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def patch_mmrazor_backend_configs() -> bool:
    """Pre-register a lazy ``backend_config.mapping`` module.

    Must run before ``mmrazor.structures`` is imported. Returns True if the
    lazy module was installed by this call.
    """
    if TORCH_VERSION < digit_version('2.1.0') or _MAPPING_MODULE in sys.modules:
        return False
    module = types.ModuleType(_MAPPING_MODULE)
    module.__doc__ = 'Lazy quantization backend table (see mmkd_ext.compat).'
    module.BackendConfigs = LazyBackendConfigs()
    sys.modules[_MAPPING_MODULE] = module
    return True


def load_from_local(filename: str, map_location: Any = None) -> Any:
    """mmengine's local checkpoint loader with ``weights_only=False``.

    Registered for local paths by :func:`patch_checkpoint_loading`; also used
    directly by the tools. mmengine logs the loader by this function's name.

    Args:
        filename (str): Local path of the checkpoint.
        map_location (Any): Passed to :func:`torch.load`.

    Returns:
        Any: The unpickled checkpoint (usually a dict with ``state_dict``).
    """
    filename = osp.expanduser(filename)
    if not osp.isfile(filename):
        raise FileNotFoundError(f'{filename} can not be found.')
    return torch.load(filename, map_location=map_location, weights_only=False)


def patch_checkpoint_loading() -> bool:
    """Let mmengine load its own checkpoints on torch >= 2.6.

    Returns True if the loader was replaced by this call.
    """
    from mmengine.runner.checkpoint import CheckpointLoader
    if TORCH_VERSION < digit_version('2.6.0'):
        return False
    if CheckpointLoader._schemes.get('') is load_from_local:
        return False
    CheckpointLoader.register_scheme(
        prefixes='', loader=load_from_local, force=True)
    return True


def _installed_path_with_fallback(package: str) -> str:
    """``get_installed_path`` that also finds editable installs."""
    path = _mmengine_get_installed_path(package)
    if osp.exists(path):
        return path
    spec = importlib.util.find_spec(package_utils.package2module(package))
    if spec is None or spec.origin is None:
        return path
    return osp.dirname(spec.origin)


def patch_installed_path() -> bool:
    """Make mmengine's ``get_installed_path`` see editable installs.

    Returns True if patched by this call.
    """
    import mmengine.config.config as config_module
    import mmengine.hub.hub as hub_module
    modules = (package_utils, hub_module, config_module)
    if all(m.get_installed_path is _installed_path_with_fallback
           for m in modules):
        return False
    for module in modules:
        module.get_installed_path = _installed_path_with_fallback
    return True


def _init_dist_pytorch_cpu_aware(backend: str, init_backend: str = 'torch',
                                 **kwargs) -> None:
    """mmengine's ``_init_dist_pytorch`` that also works without CUDA."""
    if torch.cuda.is_available() or init_backend != 'torch':
        return _mmengine_init_dist_pytorch(backend, init_backend, **kwargs)
    if backend == 'nccl':
        warnings.warn('No CUDA device: env_cfg.dist_cfg.backend "nccl" is '
                      'replaced by "gloo".')
        backend = 'gloo'
    torch.distributed.init_process_group(backend=backend, **kwargs)


def _ddp_init_cpu_aware(self, module, detect_anomalous_params: bool = False,
                        **kwargs) -> None:
    """``MMDistributedDataParallel.__init__`` with ``device_ids=None`` on CPU."""
    if all(p.device.type == 'cpu' for p in module.parameters()):
        kwargs['device_ids'] = None
    _mmengine_ddp_init(self, module, detect_anomalous_params, **kwargs)


def patch_cpu_distributed() -> bool:
    """Let ``tools/dist_train.sh`` run on CPU. Returns True if patched now."""
    if dist_utils._init_dist_pytorch is _init_dist_pytorch_cpu_aware:
        return False
    dist_utils._init_dist_pytorch = _init_dist_pytorch_cpu_aware
    MMDistributedDataParallel.__init__ = _ddp_init_cpu_aware
    return True


def _cpu_grad_scaler(**kwargs) -> torch.amp.GradScaler:
    """A loss scaler for CPU tensors (``torch.cuda.amp.GradScaler``'s stand-in)."""
    return torch.amp.GradScaler('cpu', **kwargs)


def _amp_init_on_cpu(self, loss_scale: Any = 'dynamic', dtype: Any = None,
                     use_fsdp: bool = False, **kwargs) -> None:
    """mmengine's ``AmpOptimWrapper.__init__`` on a machine without accelerator.

    mmengine's own ``__init__`` runs (argument parsing, ``cast_dtype``) with
    its module-level device check and ``GradScaler`` swapped for CPU ones.
    """
    if use_fsdp:
        raise ValueError('optim_wrapper: AmpOptimWrapper(use_fsdp=True) needs an '
                         'accelerator.')
    module = amp_optimizer_wrapper
    saved = module.is_cuda_available, module.GradScaler
    module.is_cuda_available, module.GradScaler = (lambda: True), _cpu_grad_scaler
    try:
        _mmengine_amp_init(self, loss_scale, dtype, use_fsdp, **kwargs)
    finally:
        module.is_cuda_available, module.GradScaler = saved


def patch_cpu_amp() -> bool:
    """Let ``AmpOptimWrapper`` train on the CPU. Returns True if patched now."""
    if (get_device() != 'cpu' or TORCH_VERSION < digit_version('2.3.0')
            or AmpOptimWrapper.__init__ is _amp_init_on_cpu):
        return False
    AmpOptimWrapper.__init__ = _amp_init_on_cpu
    return True


def apply_all() -> None:
    """Apply every patch this torch/mmengine/mmrazor combination needs."""
    # mmengine imports pkg_resources (setuptools < 81 is pinned for it).
    warnings.filterwarnings('ignore', message='pkg_resources is deprecated')
    patch_fuser_method_mappings()
    patch_mmrazor_backend_configs()
    patch_checkpoint_loading()
    patch_installed_path()
    patch_cpu_distributed()
    patch_cpu_amp()
