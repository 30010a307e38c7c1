# BCKD, Table IV pair: DeepLabV3+-R101 -> DeepLabV3+-MobileNetV2-d8 on COCO-Stuff 10k. mmseg has
# no DeepLabV3+ COCO-Stuff config: the teacher is its ADE20K model with 171 classes.
# Supply the teacher checkpoint at checkpoints/deeplabv3plus_r101-d8_coco-stuff10k.pth.
_base_ = ['./_base_/mobilenet-v2-d8_deeplabv3plus_4xb4-20k_coco-stuff10k-512x512.py',
          './_base_/bckd_pairs.py']
model = dict(_base_.frozen_teacher, **_base_.teachers['deeplabv3plus_r101-d8_coco-stuff10k'],
             architecture=_base_.model, distiller=_base_.distillers['mobilenetv2-d8'])
val_cfg = _base_.distill_val_cfg
