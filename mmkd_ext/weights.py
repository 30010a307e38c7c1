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

_CS, _ADE, _VOC = 'cityscapes', 'ade20k', 'voc12aug'
TEACHERS: Dict[str, Dict[str, str]] = {
    'checkpoints/pspnet_r101-d8_cityscapes.pth':
        dict(zoo='mmseg::pspnet/pspnet_r101-d8_4xb2-80k_cityscapes-512x1024.py'),
    'checkpoints/pspnet_r101-d8_ade20k.pth':
        dict(zoo='mmseg::pspnet/pspnet_r101-d8_4xb4-160k_ade20k-512x512.py'),
    'checkpoints/pspnet_r101-d8_voc12aug.pth':
        dict(zoo='mmseg::pspnet/pspnet_r101-d8_4xb4-20k_voc12aug-512x512.py'),
    'checkpoints/deeplabv3plus_r101-d8_coco-stuff10k.pth':
        dict(recipe='mmseg releases no DeepLabV3+ COCO-Stuff 10k weights: train '
             'mmseg::deeplabv3plus/deeplabv3plus_r101-d8_4xb4-80k_ade20k-512x512.py with '
             'num_classes=171 on COCO-Stuff 10k (the teacher in model.teacher)'),
    'checkpoints/mask2former_r101_ade20k.pth':
        dict(zoo='mmseg::mask2former/mask2former_r101_8xb2-160k_ade20k-512x512.py'),
    'checkpoints/gfl_r101_fpn_ms-2x_coco.pth': dict(zoo='mmdet::gfl/gfl_r101_fpn_ms-2x_coco.py'),
    'checkpoints/retinanet_r101_fpn_1x_coco.pth':
        dict(zoo='mmdet::retinanet/retinanet_r101_fpn_1x_coco.py'),
    'checkpoints/cascade-mask-rcnn_r101_1x_coco.pth':
        dict(zoo='mmdet::cascade_rcnn/cascade-mask-rcnn_r101_fpn_1x_coco.py'),
    'checkpoints/heteroakd/deeplabv3-r101_cityscapes.pth':
        dict(zoo='mmseg::deeplabv3/deeplabv3_r101-d8_4xb2-80k_cityscapes-512x1024.py'),
    'checkpoints/heteroakd/deeplabv3-r101_ade20k.pth':
        dict(zoo='mmseg::deeplabv3/deeplabv3_r101-d8_4xb4-80k_ade20k-512x512.py'),
    'checkpoints/heteroakd/deeplabv3-r101_voc12aug.pth':
        dict(zoo='mmseg::deeplabv3/deeplabv3_r101-d8_4xb4-40k_voc12aug-512x512.py'),
    'checkpoints/heteroakd/segformer-mitb4_cityscapes.pth':
        dict(zoo='mmseg::segformer/segformer_mit-b4_8xb1-160k_cityscapes-1024x1024.py'),
    'checkpoints/heteroakd/upernet-swinb_ade20k.pth': dict(
        zoo='mmseg::swin/swin-base-patch4-window7-in22k-pre_upernet_8xb2-160k_ade20k-512x512.py'),
    'checkpoints/heteroakd/deeplabv3-mitb4_cityscapes.pth':
        dict(recipe='no released weights: train the DeepLabV3 head on a MiT-B4 backbone '
             '(model.teacher) on Cityscapes, 80k iterations, MiT-B4 ImageNet weights'),
    'checkpoints/heteroakd/segformer-mitb4_voc12aug.pth':
        dict(recipe='no released weights: train mmseg::segformer/segformer_mit-b4_8xb2-160k_'
             'ade20k-512x512.py with num_classes=21 on VOC 2012 aug'),
    'checkpoints/heteroakd/upernet-swinb_cityscapes.pth':
        dict(recipe='no released weights: train mmseg::swin/swin-base-patch4-window7-in22k-'
             'pre_upernet_8xb2-160k_ade20k-512x512.py with num_classes=19 on Cityscapes'),
    'checkpoints/segformer_mit-b2_cityscapes.pth':
        dict(zoo='mmseg::segformer/segformer_mit-b2_8xb1-160k_cityscapes-1024x1024.py'),
    'checkpoints/segformer_mit-b2_nyuv2.pth':
        dict(recipe='no released weights: train SegFormer-B2 (model.teacher, 40 classes) on '
             'NYUv2 with this config\'s data pipeline'),
    'checkpoints/segformer_mit-b2_acdc.pth':
        dict(recipe='no released weights: train SegFormer-B2 (model.teacher) on ACDC with '
             'this config\'s data pipeline'),
    'checkpoints/segformer_mit-b2_voc12aug.pth':
        dict(recipe='no released weights: train SegFormer-B2 (model.teacher, 21 classes) on '
             'VOC 2012 aug with this config\'s data pipeline'),
    'checkpoints/segformer_pvtv2-b2_cityscapes.pth':
        dict(recipe='no released weights: train the PVTv2-B2 SegFormer (model.teacher) on '
             'Cityscapes with this config\'s data pipeline'),
}
for _name in ('mfnet-r18w16-rgbd_1xb8-80k_vkitti2-384x1248',
              'sne-roadseg-r152-rgbd_1xb3-80k_kitti-semantics-384x1248',
              'sne-roadseg-r152-rgbd_1xb3-80k_vkitti2-384x1248',
              'sne-roadseg-r152-rgbd_1xb8-80k_nuimages-288x512'):
    TEACHERS[f'checkpoints/{_name}.pth'] = dict(train=f'mmkd_ext::lix/{_name}.py')


def zoo_url(cfg_path: str) -> Optional[str]:
    """The released weights of an ``mmseg::`` / ``mmdet::`` config, from its metafile."""
    import importlib
    scope, _, rel = cfg_path.partition('::')
    root = osp.join(osp.dirname(importlib.import_module(scope).__file__), '.mim', 'configs')
    folder = osp.join(root, osp.dirname(rel))
    for name in ('metafile.yaml', 'metafile.yml'):
        if osp.isfile(osp.join(folder, name)):
            with open(osp.join(folder, name)) as f:
                for model in yaml.safe_load(f).get('Models', []):
                    if model.get('Config', '').endswith(rel):
                        return model.get('Weights')
    return None


def config_exists(cfg_path: str) -> bool:
    """Whether ``mmkd_ext::`` / ``mmseg::`` / ``mmdet::`` ``cfg_path`` resolves to a file."""
    import importlib
    scope, _, rel = cfg_path.partition('::')
    package = 'mmkd_ext' if scope == 'mmkd_ext' else scope
    root = osp.join(osp.dirname(importlib.import_module(package).__file__), '.mim', 'configs')
    return osp.isfile(osp.join(root, rel))


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
