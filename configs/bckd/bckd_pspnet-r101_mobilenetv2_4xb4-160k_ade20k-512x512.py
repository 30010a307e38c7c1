# BCKD, Table II pair: PSPNet-R101 -> PSPNet-MobileNetV2-d8 on ADE20K (stages 24/32/96/320,
# stride 8 from stage 1).
# Supply the teacher checkpoint at checkpoints/pspnet_r101-d8_ade20k.pth.
_base_ = ['mmseg::mobilenet_v2/mobilenet-v2-d8_pspnet_4xb4-160k_ade20k-512x512.py',
          './_base_/bckd_pairs.py']
model = dict(_base_.frozen_teacher, **_base_.teachers['pspnet_r101-d8_ade20k'],
             architecture=_base_.model, distiller=_base_.distillers['mobilenetv2-d8'])
val_cfg = _base_.distill_val_cfg
