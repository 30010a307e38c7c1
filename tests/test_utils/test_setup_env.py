from mmengine.config import Config
from mmengine.config.utils import MODULE2PACKAGE
from mmengine.hub import get_config

from conftest import TINY
from mmkd_ext.utils import register_config_package


def test_mmkd_ext_configs_resolve_like_openmmlab_packages():
    register_config_package()  # idempotent
    assert MODULE2PACKAGE['mmkd_ext'] == 'mmkd_ext'
    cfg = get_config('mmkd_ext::tiny/' + TINY['cnn_teacher'].rsplit('/', 1)[1])
    assert cfg.model.backbone.depth == 18
    assert cfg.model.decode_head.type == 'ASPPHead'


def test_mmkd_ext_base_in_a_downstream_config(tmp_path):
    path = tmp_path / 'downstream.py'
    name = TINY['cnn_student'].rsplit('/', 1)[1]
    path.write_text(f"_base_ = ['mmkd_ext::tiny/{name}']\n"
                    'model = dict(decode_head=dict(num_classes=3))\n')
    cfg = Config.fromfile(str(path))
    assert cfg.model.decode_head.num_classes == 3
    assert cfg.model.backbone.base_channels == 16
