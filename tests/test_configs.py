"""Every shipped config parses and builds its model."""
import glob
import os.path as osp

import pytest
import yaml
from mmengine.config import Config

from conftest import REPO, build_model

CONFIGS = sorted(
    osp.relpath(p, REPO)
    for p in glob.glob(osp.join(REPO, 'configs', '**', '*.py'), recursive=True)
    if '_base_' not in p)
# the offline benchmark project's development configs inherit the shipped ones
PROJECT_CONFIGS = sorted(
    osp.relpath(p, REPO) for p in glob.glob(
        osp.join(REPO, 'projects', 'offline_benchmark', 'configs', '**', '*.py'), recursive=True)
    if '_base_' not in p)


def test_configs_found():
    assert len(CONFIGS) >= 5


@pytest.mark.parametrize('path', CONFIGS + PROJECT_CONFIGS,
                         ids=[c.replace('configs/', '') for c in CONFIGS + PROJECT_CONFIGS])
def test_config_builds(path):
    cfg = Config.fromfile(osp.join(REPO, path))
    if 'teacher_ckpt' in cfg.model:
        cfg.model.teacher_ckpt = None
    model = build_model(cfg.model)
    assert sum(p.numel() for p in model.parameters()) > 0
    assert cfg.train_dataloader.dataset.type and cfg.val_evaluator


def test_model_index_lists_every_config():
    """model-index.yml imports each method's metafile, which lists each of its configs
    (``mmkd-configs`` and the packaged ``.mim`` index read them)."""
    with open(osp.join(REPO, 'model-index.yml')) as f:
        imports = set(yaml.safe_load(f)['Import'])
    metafiles = {osp.relpath(p, REPO)
                 for p in glob.glob(osp.join(REPO, 'configs', '*', 'metafile.yml'))}
    assert imports == metafiles
    for metafile in metafiles:
        with open(osp.join(REPO, metafile)) as f:
            listed = {m['Config'] for m in yaml.safe_load(f)['Models']}
        folder = osp.dirname(metafile) + '/'
        assert listed == {c for c in CONFIGS if c.startswith(folder)}, metafile


@pytest.mark.parametrize('path', CONFIGS, ids=[c.replace('configs/', '') for c in CONFIGS])
def test_runner_gives_a_distillation_the_students_preprocessor(path):
    """The Runner merges a top-level ``data_preprocessor`` into a model that has none; a
    distillation algorithm would then pad every batch to that size instead of the student's."""
    cfg = Config.fromfile(osp.join(REPO, path))
    top, model = cfg.get('data_preprocessor'), cfg.model
    if top is None or 'data_preprocessor' in model or 'architecture' not in model:
        return
    student = model.architecture
    if 'cfg_path' in student:
        from mmengine.hub import get_config
        student = get_config(student.cfg_path).model

    def plain(d):
        return {k: v for k, v in d.items() if k != '_scope_'}
    assert plain(top) == plain(student.data_preprocessor), (
        'top-level data_preprocessor differs from model.architecture.data_preprocessor')
