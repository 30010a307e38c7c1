"""Make mmkd_ext known to MMEngine's registries and ``pkg::`` config paths."""
def register_config_package() -> None:
    """Let ``mmkd_ext::<method>/<config>.py`` resolve like ``mmseg::...``.

    MMEngine resolves ``pkg::path`` (in ``_base_`` and in MMRazor's
    ``cfg_path``) only for packages in ``MODULE2PACKAGE``; the configs are
    read from ``mmkd_ext/.mim/configs`` (a link to ``configs/`` in a source
    checkout, a copy in an installed wheel). Idempotent.
    """
    from mmengine.config import utils
    utils.MODULE2PACKAGE.setdefault('mmkd_ext', 'mmkd_ext')


def register_all_modules() -> None:
    """Import every mmkd_ext component into the registries.

    Called by ``mmengine.hub.get_model`` for ``cfg_path='mmkd_ext::...'``.
    mmkd_ext's components live in MMSeg's and MMRazor's registries, and the
    models such configs describe are MMSeg models, so MMSeg's are registered
    too. The default scope is left as it is.
    """
    import mmseg.utils

    import mmkd_ext  # noqa: F401
    mmseg.utils.register_all_modules(init_default_scope=False)
