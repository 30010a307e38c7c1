# BCKD, Table II/III pair: PSPNet-R101 -> PSPNet-R18 on Cityscapes (fused map 64x128: the
# 8192 x 8192 relations are computed in row chunks). Supply the teacher checkpoint
# (mmseg's PSPNet-R101 Cityscapes weights) at checkpoints/pspnet_r101-d8_cityscapes.pth.
_base_ = ['mmseg::pspnet/pspnet_r18-d8_4xb2-80k_cityscapes-512x1024.py',
          './_base_/bckd_pairs.py']
model = dict(_base_.frozen_teacher, **_base_.teachers['pspnet_r101-d8_cityscapes'],
             architecture=_base_.model, distiller=_base_.distillers['resnet18-d8'])
val_cfg = _base_.distill_val_cfg
