# BCKD, Table II pair: PSPNet-R101 -> SegFormer-B0 (MiT stages 32/64/160/256, stride 8 at
# stage 1) on ADE20K. Supply the teacher checkpoint at checkpoints/pspnet_r101-d8_ade20k.pth.
_base_ = ['mmseg::segformer/segformer_mit-b0_8xb2-160k_ade20k-512x512.py',
          './_base_/bckd_pairs.py']
model = dict(_base_.frozen_teacher, **_base_.teachers['pspnet_r101-d8_ade20k'],
             architecture=_base_.model, distiller=_base_.distillers['segformer-b0'])
val_cfg = _base_.distill_val_cfg
train_dataloader = dict(batch_size=4)
