"""Every paper config names where each checkpoint it loads comes from."""
import glob
import os.path as osp

import pytest
from mmengine.config import Config

from conftest import CONFIGS
from mmkd_ext.cli.list_configs import main
from mmkd_ext.weights import TEACHERS, config_exists, needed_weights, zoo_url

PAPER = sorted(p for p in glob.glob(osp.join(CONFIGS, '*', '**', '*.py'), recursive=True)
               if '_base_' not in p and 'offline-street' not in p)


def test_paper_configs_found():
    assert len(PAPER) >= 70


@pytest.mark.parametrize('path', PAPER, ids=[osp.relpath(p, CONFIGS) for p in PAPER])
def test_every_teacher_checkpoint_has_a_source(path):
    weights = needed_weights(Config.fromfile(path))
    for item in weights:
        assert item['kind'] in ('zoo', 'train', 'recipe', 'pretrained'), item
        if item['kind'] == 'zoo':
            assert item['source'].startswith('https://download.openmmlab.com/'), item


@pytest.mark.parametrize('ckpt', sorted(TEACHERS))
def test_sources_resolve(ckpt):
    kind, source = next(iter(TEACHERS[ckpt].items()))
    if kind == 'zoo':
        assert zoo_url(source), source
    elif kind == 'train':
        assert config_exists(source), source


def test_missing_training_config_is_reported():
    assert not config_exists('mmkd_ext::lix/no-such-teacher.py')


def test_weights_command(capsys):
    config = osp.join(CONFIGS, 'bckd', 'bckd_gfl-r101_gfl-r50_8xb2-2x_coco-1333x800.py')
    main(['--weights', config])
    out = capsys.readouterr().out
    assert 'model.teacher_ckpt: checkpoints/gfl_r101_fpn_ms-2x_coco.pth' in out
    assert 'zoo: https://download.openmmlab.com/mmdetection/' in out
    assert 'torchvision://resnet50' in out
