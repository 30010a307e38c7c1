import pytest
from mmengine.config import Config

from conftest import CWD, TINY, build_model
from mmkd_ext.utils import merge_cfg_path

TEACHER = 'mmkd_ext::tiny/' + TINY['cnn_teacher'].rsplit('/', 1)[1]


def test_plain_cfg_path_left_to_mmrazor():
    cfg = dict(cfg_path=TEACHER, pretrained=False)
    assert merge_cfg_path(cfg) is cfg
    assert merge_cfg_path(dict(type='X')) == dict(type='X')


def test_overrides_merge_into_the_referenced_model():
    model = merge_cfg_path(dict(
        cfg_path=TEACHER, decode_head=dict(num_classes=3),
        backbone=dict(_delete_=True, type='ResNetV1c', depth=18)))
    assert model['decode_head']['num_classes'] == 3
    assert model['decode_head']['dilations'] == (1, 3, 6, 9)  # kept from the file
    assert model['backbone'] == dict(type='ResNetV1c', depth=18)
    assert model['data_preprocessor']['size'] == (128, 256)
    assert model['_scope_'] == 'mmseg'


def test_pretrained_with_overrides_is_refused():
    with pytest.raises(ValueError, match='pretrained=True'):
        merge_cfg_path(dict(cfg_path=TEACHER, pretrained=True,
                            decode_head=dict(num_classes=3)))


def test_algorithm_builds_teacher_and_student_with_overrides():
    cfg = Config.fromfile(CWD)
    heads = dict(decode_head=dict(num_classes=3), auxiliary_head=dict(num_classes=3))
    cfg.model.teacher_ckpt = None
    cfg.model.teacher = dict(cfg_path=TEACHER, **heads)
    cfg.model.architecture = dict(
        cfg_path='mmkd_ext::tiny/' + TINY['cnn_student'].rsplit('/', 1)[1], **heads)
    model = build_model(cfg.model)
    assert model.teacher.decode_head.conv_seg.out_channels == 3
    assert model.student.decode_head.conv_seg.out_channels == 3


def test_merging_leaves_the_config_buildable_again():
    """``_delete_`` is consumed by the merge: on a copy, so a config builds twice (a tool that
    builds the model, then dumps the config for the Runner, relies on it)."""
    cfg = dict(cfg_path=TEACHER, backbone=dict(_delete_=True, type='ResNetV1c', depth=18))
    first = merge_cfg_path(cfg)
    assert cfg['backbone']['_delete_'] is True
    assert merge_cfg_path(cfg) == first
    assert set(first['backbone']) == {'type', 'depth'}
