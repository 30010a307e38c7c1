"""The checkpoints a config loads and where each comes from.

A teacher checkpoint (``model.teacher_ckpt``) is one of:

- ``zoo``: the model-zoo weights of an mmseg / mmdet config whose model is the teacher
  unchanged (the URL is read from the installed library's metafile);
- ``train``: a shipped config that trains it (``mmkd_ext::<method>/<config>.py``);
- ``recipe``: no released weights fit (other dataset or classes): the text says what to train.

Pretrained backbones (``init_cfg=dict(type='Pretrained')``, ``pretrained=``) name their own
source (a URL or an ``open-mmlab://`` / ``torchvision://`` / ``mmcls://`` key that MMEngine
resolves and downloads).
"""
import os.path as osp
from typing import Dict, List, Optional

import yaml
from mmengine.config import Config

from .utils.reduced_config import pretrained_weights

# checkpoint name under checkpoints/ -> the mmseg / mmdet config whose released weights fit
_ZOO = {
    'pspnet_r101-d8_cityscapes': 'mmseg::pspnet/pspnet_r101-d8_4xb2-80k_cityscapes-512x1024.py',
    'pspnet_r101-d8_ade20k': 'mmseg::pspnet/pspnet_r101-d8_4xb4-160k_ade20k-512x512.py',
    'pspnet_r101-d8_voc12aug': 'mmseg::pspnet/pspnet_r101-d8_4xb4-20k_voc12aug-512x512.py',
    'mask2former_r101_ade20k': 'mmseg::mask2former/mask2former_r101_8xb2-160k_ade20k-512x512.py',
    'gfl_r101_fpn_ms-2x_coco': 'mmdet::gfl/gfl_r101_fpn_ms-2x_coco.py',
    'retinanet_r101_fpn_1x_coco': 'mmdet::retinanet/retinanet_r101_fpn_1x_coco.py',
    'cascade-mask-rcnn_r101_1x_coco': 'mmdet::cascade_rcnn/cascade-mask-rcnn_r101_fpn_1x_coco.py',
    'heteroakd/deeplabv3-r101_cityscapes':
        'mmseg::deeplabv3/deeplabv3_r101-d8_4xb2-80k_cityscapes-512x1024.py',
    'heteroakd/deeplabv3-r101_ade20k':
        'mmseg::deeplabv3/deeplabv3_r101-d8_4xb4-80k_ade20k-512x512.py',
    'heteroakd/deeplabv3-r101_voc12aug':
        'mmseg::deeplabv3/deeplabv3_r101-d8_4xb4-40k_voc12aug-512x512.py',
    'heteroakd/segformer-mitb4_cityscapes':
        'mmseg::segformer/segformer_mit-b4_8xb1-160k_cityscapes-1024x1024.py',
    'heteroakd/upernet-swinb_ade20k':
        'mmseg::swin/swin-base-patch4-window7-in22k-pre_upernet_8xb2-160k_ade20k-512x512.py',
    'segformer_mit-b2_cityscapes':
        'mmseg::segformer/segformer_mit-b2_8xb1-160k_cityscapes-1024x1024.py',
}
# checkpoint name -> what to train (no released weights fit: other dataset or classes)
_RECIPES = {
    'deeplabv3plus_r101-d8_coco-stuff10k':
        'mmseg releases no DeepLabV3+ COCO-Stuff 10k weights: train mmseg::deeplabv3plus/'
        'deeplabv3plus_r101-d8_4xb4-80k_ade20k-512x512.py with num_classes=171 on COCO-Stuff '
        '10k (the teacher in model.teacher)',
    'heteroakd/deeplabv3-mitb4_cityscapes':
        'no released weights: train the DeepLabV3 head on a MiT-B4 backbone (model.teacher) on '
        'Cityscapes, 80k iterations, MiT-B4 ImageNet weights',
    'heteroakd/segformer-mitb4_voc12aug':
        'no released weights: train mmseg::segformer/segformer_mit-b4_8xb2-160k_ade20k-512x512.py '
        'with num_classes=21 on VOC 2012 aug',
    'heteroakd/upernet-swinb_cityscapes':
        'no released weights: train mmseg::swin/swin-base-patch4-window7-in22k-pre_upernet_'
        '8xb2-160k_ade20k-512x512.py with num_classes=19 on Cityscapes',
    **{f'segformer_mit-b2_{data}': f'no released weights: train SegFormer-B2 (model.teacher'
       f'{classes}) on {name} with this config\'s data pipeline'
       for data, name, classes in [('nyuv2', 'NYUv2', ', 40 classes'), ('acdc', 'ACDC', ''),
                                   ('voc12aug', 'VOC 2012 aug', ', 21 classes')]},
    'segformer_pvtv2-b2_cityscapes':
        'no released weights: train the PVTv2-B2 SegFormer (model.teacher) on Cityscapes with '
        'this config\'s data pipeline',
}
# checkpoint name -> the shipped config that trains it
_TRAIN = {name: f'mmkd_ext::lix/{name}.py' for name in (
    'mfnet-r18w16-rgbd_1xb8-80k_vkitti2-384x1248',
    'sne-roadseg-r152-rgbd_1xb3-80k_kitti-semantics-384x1248',
    'sne-roadseg-r152-rgbd_1xb3-80k_vkitti2-384x1248',
    'sne-roadseg-r152-rgbd_1xb8-80k_nuimages-288x512')}
# model.teacher_ckpt -> {kind: source}
TEACHERS: Dict[str, Dict[str, str]] = {
    f'checkpoints/{name}.pth': {kind: source}
    for kind, table in (('zoo', _ZOO), ('recipe', _RECIPES), ('train', _TRAIN))
    for name, source in table.items()}


def _configs_root(scope: str) -> str:
    """The ``.mim/configs`` folder of an installed OpenMMLab package (or of this one)."""
    import importlib
    return osp.join(osp.dirname(importlib.import_module(scope).__file__), '.mim', 'configs')


def zoo_url(cfg_path: str) -> Optional[str]:
    """The released weights of an ``mmseg::`` / ``mmdet::`` config, from its metafile."""
    scope, _, rel = cfg_path.partition('::')
    folder = osp.join(_configs_root(scope), osp.dirname(rel))
    for name in ('metafile.yaml', 'metafile.yml'):
        if osp.isfile(osp.join(folder, name)):
            with open(osp.join(folder, name)) as f:
                for model in yaml.safe_load(f).get('Models', []):
                    if model.get('Config', '').endswith(rel):
                        return model.get('Weights')
    return None


def config_exists(cfg_path: str) -> bool:
    """Whether ``mmkd_ext::`` / ``mmseg::`` / ``mmdet::`` ``cfg_path`` resolves to a file."""
    scope, _, rel = cfg_path.partition('::')
    return osp.isfile(osp.join(_configs_root(scope), rel))


def needed_weights(cfg: Config) -> List[dict]:
    """Every checkpoint ``cfg`` loads: ``dict(key, path, kind, source)``.

    ``kind`` is ``zoo`` / ``train`` / ``recipe`` / ``unknown`` for the teacher and
    ``pretrained`` for backbone weights (``source`` is then the checkpoint itself).
    """
    found = []
    teacher_ckpt = cfg.model.get('teacher_ckpt')
    if teacher_ckpt:
        entry = TEACHERS.get(teacher_ckpt, {})
        kind, source = next(iter(entry.items()), ('unknown', 'not in mmkd_ext.weights.TEACHERS'))
        if kind == 'zoo':
            source = zoo_url(source) or f'no weights listed for {source}'
        found.append(dict(key='model.teacher_ckpt', path=teacher_ckpt, kind=kind, source=source))
    for where, checkpoint in pretrained_weights(cfg):
        found.append(dict(key=f'{where} pretrained', path=checkpoint, kind='pretrained',
                          source=checkpoint))
    return found
