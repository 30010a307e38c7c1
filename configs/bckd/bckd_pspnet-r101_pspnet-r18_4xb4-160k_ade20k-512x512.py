# BCKD, Table III pair: PSPNet-R101 -> PSPNet-R18 on ADE20K.
# Supply the teacher checkpoint at checkpoints/pspnet_r101-d8_ade20k.pth.
_base_ = ['./_base_/pspnet_r18-d8_4xb4-160k_ade20k-512x512.py',
          './_base_/bckd_pairs.py']
model = dict(_base_.frozen_teacher, **_base_.teachers['pspnet_r101-d8_ade20k'],
             architecture=_base_.model, distiller=_base_.distillers['resnet18-d8'])
val_cfg = _base_.distill_val_cfg
