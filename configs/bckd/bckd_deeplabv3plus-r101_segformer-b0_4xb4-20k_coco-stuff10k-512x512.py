# BCKD, Table IV pair: DeepLabV3+-R101 -> SegFormer-B0 on COCO-Stuff 10k. mmseg has no
# DeepLabV3+ COCO-Stuff config: the teacher is its ADE20K model with 171 classes.
# Supply the teacher checkpoint at checkpoints/deeplabv3plus_r101-d8_coco-stuff10k.pth.
_base_ = ['./_base_/segformer_mit-b0_4xb4-20k_coco-stuff10k-512x512.py',
          './_base_/bckd_pairs.py']
model = dict(_base_.frozen_teacher, **_base_.teachers['deeplabv3plus_r101-d8_coco-stuff10k'],
             architecture=_base_.model, distiller=_base_.distillers['segformer-b0'])
val_cfg = _base_.distill_val_cfg
