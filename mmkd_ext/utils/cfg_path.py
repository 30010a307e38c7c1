"""``cfg_path`` model dicts with overrides."""
import copy
from typing import Any

from mmengine.config import Config
from mmengine.hub import get_config

# keys MMRazor's cfg_path builder understands itself
_CFG_PATH_KEYS = ('cfg_path', 'pretrained', '_scope_')


def merge_cfg_path(model_cfg: Any) -> Any:
    """Expand ``dict(cfg_path='pkg::file.py', **overrides)`` into a model dict.

    MMRazor builds ``dict(cfg_path=...)`` through ``mmengine.hub.get_model``,
    which cannot change anything nested (``decode_head.num_classes`` of a
    teacher, say). Here the model of the referenced config is loaded, its
    ``data_preprocessor`` attached (as ``get_model`` does), and the other keys
    merged in with the usual config rules (``_delete_`` included). A dict
    with only ``cfg_path`` / ``pretrained`` is returned unchanged.

    Args:
        model_cfg (Any): A model config dict, or anything else (returned as
            is).

    Returns:
        Any: The model config to build.

    Raises:
        ValueError: ``pretrained=True`` together with overrides.
    """
    if not isinstance(model_cfg, dict) or 'cfg_path' not in model_cfg:
        return model_cfg
    # a copy: merging consumes ``_delete_``, and the caller's config must build again
    overrides = copy.deepcopy({k: v for k, v in model_cfg.items() if k not in _CFG_PATH_KEYS})
    if not overrides:
        return model_cfg
    if model_cfg.get('pretrained', False):
        raise ValueError(
            f'cfg_path={model_cfg["cfg_path"]!r} with pretrained=True cannot '
            f'be combined with overrides {sorted(overrides)}; load weights '
            'with teacher_ckpt / init_cfg instead.')
    base = get_config(model_cfg['cfg_path'])
    if 'data_preprocessor' in base:
        base.model.data_preprocessor = base.data_preprocessor
    merged = Config(dict(model=base.model))
    merged.merge_from_dict(dict(model=overrides))
    model = merged.model
    scope = base.get('default_scope', model_cfg['cfg_path'].split('::')[0])
    model.setdefault('_scope_', scope)
    return model
