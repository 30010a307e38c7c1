# BCKD, Table III pair: PSPNet-R101 -> PSPNet-R18 on Pascal VOC 2012 aug.
# Supply the teacher checkpoint at checkpoints/pspnet_r101-d8_voc12aug.pth.
_base_ = ['./_base_/pspnet_r18-d8_4xb4-20k_voc12aug-512x512.py',
          './_base_/bckd_pairs.py']
model = dict(_base_.frozen_teacher, **_base_.teachers['pspnet_r101-d8_voc12aug'],
             architecture=_base_.model, distiller=_base_.distillers['resnet18-d8'])
val_cfg = _base_.distill_val_cfg
