# BCKD, Table II pair: Mask2Former-R101 -> SegFormer-B0 on ADE20K. The teacher runs only
# extract_feat (FeatureTeacherDistill): BCKD reads its backbone stages, not its queries.
# Supply the teacher checkpoint at checkpoints/mask2former_r101_ade20k.pth.
_base_ = ['mmseg::segformer/segformer_mit-b0_8xb2-160k_ade20k-512x512.py',
          './_base_/bckd_pairs.py']
model = dict(_base_.feature_teacher, **_base_.teachers['mask2former_r101_ade20k'],
             architecture=_base_.model, distiller=_base_.feature_distillers['segformer-b0'])
val_cfg = _base_.distill_val_cfg
train_dataloader = dict(batch_size=4)
