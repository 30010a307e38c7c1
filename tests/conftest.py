"""Shared fixtures: the offline dataset and CPU-sized run configs."""
import importlib.util
import os.path as osp

import pytest
from mmengine.config import Config

import mmkd_ext  # noqa: F401  (patches the stack before mmrazor is imported)
from mmkd_ext.datasets import generate_dataset

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
CONFIGS = osp.join(REPO, 'configs')
TINY = dict(
    cnn_teacher=f'{CONFIGS}/tiny/deeplabv3_r18-w32-tiny_1xb8-300_offline-street-128x256.py',
    cnn_student=f'{CONFIGS}/tiny/pspnet_r18-w16-tiny_1xb8-300_offline-street-128x256.py',
    mit_teacher=f'{CONFIGS}/tiny/segformer_mit-w32-tiny_1xb8-300_offline-street-128x256.py',
    mit_student=f'{CONFIGS}/tiny/segformer_mit-w16-tiny_1xb8-300_offline-street-128x256.py')
CWD = (f'{CONFIGS}/cwd/'
       'cwd_logits_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py')
# One tiny config per method (resume, multi-process and visualization tests).
METHODS = dict(
    cwd=CWD,
    transkd=f'{CONFIGS}/transkd/transkd-base_mit-w32-tiny_mit-w16-tiny_1xb8-300_'
    'offline-street-128x256.py',
    heteroakd=f'{CONFIGS}/heteroakd/heteroakd_deeplabv3-r18w32-tiny_segformer-mitw16-tiny_'
    '1xb8-300_offline-street-128x256.py',
    lix=f'{CONFIGS}/lix/lix_deeplabv3-r18w32-rgbd-tiny_pspnet-r18w16-tiny_1xb8-300_'
    'offline-street-128x256.py',
    bckd=f'{CONFIGS}/bckd/bckd_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_1xb8-300_'
    'offline-street-128x256.py')


@pytest.fixture(scope='session')
def offline_data(tmp_path_factory) -> str:
    """A small generated copy of the offline street dataset."""
    root = str(tmp_path_factory.mktemp('offline_street'))
    return generate_dataset(root, num_train=8, num_val=4, seed=0)


@pytest.fixture
def data_copy(offline_data, tmp_path) -> str:
    """A copy of the offline data that a test may damage."""
    import shutil
    root = str(tmp_path / 'data')
    shutil.copytree(offline_data, root)
    return root


@pytest.fixture(scope='session')
def random_teacher_ckpt(tmp_path_factory):
    """``make(model_cfg) -> path``: a randomly initialised teacher checkpoint, one per model.

    The one place tests get a teacher checkpoint without training one (the runner checks
    that ``model.teacher_ckpt`` exists and matches the teacher).
    """
    import json

    import torch
    made = {}

    def make(model_cfg) -> str:
        key = json.dumps(dict(model_cfg), sort_keys=True, default=repr)
        if key not in made:
            path = tmp_path_factory.mktemp('teacher') / 'teacher.pth'
            torch.save(dict(state_dict=build_model(model_cfg).state_dict()), path)
            made[key] = str(path)
        return made[key]
    return make


def load_tool(path: str):
    """Import the script at ``path`` as a module, its folder first on ``sys.path`` (as when
    it runs as a script)."""
    import sys
    folder = osp.dirname(path)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    spec = importlib.util.spec_from_file_location(osp.splitext(osp.basename(path))[0], path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_analysis_tool(name: str):
    """Import ``tools/analysis_tools/<name>.py`` as a module."""
    return load_tool(osp.join(REPO, 'tools', 'analysis_tools', f'{name}.py'))


def run_config(path: str, data_root: str, work_dir: str, iters: int = 2,
               batch_size: int = 2) -> Config:
    """Load a shipped config and shrink it to a few CPU iterations."""
    cfg = Config.fromfile(path)
    cfg.work_dir = work_dir
    cfg.train_cfg.max_iters = iters
    cfg.train_cfg.val_interval = iters
    cfg.default_hooks.checkpoint.interval = iters
    cfg.default_hooks.logger.interval = 1
    cfg.param_scheduler[0].end = iters
    for name in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        loader = cfg[name]
        loader.num_workers = 0
        loader.persistent_workers = False
        loader.dataset.data_root = data_root
    cfg.train_dataloader.batch_size = batch_size
    return cfg


def build_model(cfg_model):
    """Build a model config the way the Runner does (default scope mmseg)."""
    from mmengine.registry import init_default_scope
    from mmrazor.registry import MODELS
    init_default_scope('mmseg')
    return MODELS.build(cfg_model)


def fake_batch(batch_size: int = 2, num_classes: int = 10, size=(128, 256)):
    """A packed mmseg batch (before the data preprocessor)."""
    import torch
    from mmengine.structures import PixelData
    from mmseg.structures import SegDataSample
    inputs, samples = [], []
    for i in range(batch_size):
        g = torch.Generator().manual_seed(i)
        inputs.append(torch.randint(0, 255, (3, *size), generator=g, dtype=torch.uint8))
        sample = SegDataSample(metainfo=dict(img_shape=size, ori_shape=size, pad_shape=size))
        sample.gt_sem_seg = PixelData(
            data=torch.randint(0, num_classes, (1, *size), generator=g))
        samples.append(sample)
    return dict(inputs=inputs, data_samples=samples)
